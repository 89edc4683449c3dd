// The sandbox's stand-in for https://telegram.org/js/telegram-web-app.js: what the dashboard
// uses of window.Telegram.WebApp, filled the way Telegram's script fills it, from the launch
// parameters in the URL fragment (tgWebAppData, tgWebAppThemeParams, tgWebAppVersion).
(function () {
  "use strict";
  var params = new URLSearchParams(location.hash.slice(1));
  var theme = {};
  try { theme = JSON.parse(params.get("tgWebAppThemeParams") || "{}"); } catch (e) { theme = {}; }
  var root = document.documentElement.style;
  Object.keys(theme).forEach(function (key) {
    root.setProperty("--tg-theme-" + key.replace(/_/g, "-"), theme[key]);
  });
  var initData = params.get("tgWebAppData") || "";
  var unsafe = {};
  new URLSearchParams(initData).forEach(function (value, key) {
    try { unsafe[key] = key === "user" ? JSON.parse(value) : value; } catch (e) { unsafe[key] = value; }
  });
  window.Telegram = {
    WebApp: {
      initData: initData,
      initDataUnsafe: unsafe,
      version: params.get("tgWebAppVersion") || "8.0",
      platform: params.get("tgWebAppPlatform") || "unknown",
      colorScheme: theme.bg_color && theme.bg_color.toLowerCase() < "#888888" ? "dark" : "light",
      themeParams: theme,
      isExpanded: false,
      ready: function () { window.Telegram.WebApp.readyCalled = true; },
      expand: function () { window.Telegram.WebApp.isExpanded = true; },
      close: function () {},
    },
  };
})();
