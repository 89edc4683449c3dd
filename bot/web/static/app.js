// The dashboard shell: fetches each page with Telegram's initData and shows it (no build step).
(function () {
  "use strict";
  var tg = window.Telegram && window.Telegram.WebApp;
  var hash = new URLSearchParams(location.hash.slice(1));
  // Inside Telegram the WebApp object has it; the demo link carries it like Telegram does.
  var initData = (tg && tg.initData) || hash.get("tgWebAppData") || "";
  var main = document.getElementById("app");
  var current = "/web/api/home" + location.search;
  var timer = null;

  function request(path, method) {
    return fetch(path, { method: method || "GET", headers: { "X-Telegram-Init-Data": initData } });
  }

  async function show(response, path) {
    var html = await response.text();
    main.innerHTML = html;
    main.setAttribute("data-status", String(response.status));
    if (response.ok && path) current = path;
    wire();
    window.scrollTo(0, 0);
  }

  async function go(path) {
    await show(await request(path), path);
  }

  async function refresh() {
    if (document.hidden) return;
    var response = await request(current);
    if (response.ok) {
      var y = window.scrollY;
      main.innerHTML = await response.text();
      wire();
      window.scrollTo(0, y);
    }
  }

  async function download(link) {
    var response = await request(link.getAttribute("data-download"));
    if (!response.ok) return show(response, null);
    var url = URL.createObjectURL(await response.blob());
    var a = document.createElement("a");
    a.href = url;
    a.download = link.getAttribute("data-name") || "export.csv";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function wire() {
    main.querySelectorAll("[data-page]").forEach(function (el) {
      el.addEventListener("click", function (event) {
        event.preventDefault();
        go(el.getAttribute("data-page"));
      });
    });
    main.querySelectorAll("[data-post]").forEach(function (el) {
      el.addEventListener("click", async function (event) {
        event.preventDefault();
        el.disabled = true;
        await show(await request(el.getAttribute("data-post"), "POST"), el.getAttribute("data-after"));
      });
    });
    main.querySelectorAll("[data-download]").forEach(function (el) {
      el.addEventListener("click", function (event) {
        event.preventDefault();
        download(el);
      });
    });
    if (timer) clearInterval(timer);
    var live = main.querySelector("[data-refresh]");
    timer = live ? setInterval(refresh, 1000 * Number(live.getAttribute("data-refresh"))) : null;
  }

  if (tg) {
    tg.ready();
    if (tg.expand) tg.expand();
  }
  go(current);
})();
