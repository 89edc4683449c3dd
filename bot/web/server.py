"""The dashboard's aiohttp routes, on the bot's own event loop.

`/web/` is a shell page without data; its script reads Telegram's `initData` and fetches each
page from `/web/api/...` with the `X-Telegram-Init-Data` header. Every API request is checked
on its own (bot.web.initdata): missing, forged, expired or another bot's data is 401 with no
data; a page needing more than the user's role in that organisation is 403 (bot.permissions
WEB_PAGES). The calendar feed (`/feed/<secret>.ics`) is the one route without initData.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from aiohttp import web
from jinja2 import Environment, PackageLoader, select_autoescape
from telegram.helpers import create_deep_linked_url

from bot import callbacks
from bot.context import BotApp, services_of_app
from bot.polls import records as pr
from bot.texts import web as texts
from bot.web.actions import decide_member, remind_now
from bot.web.feeds import FeedService
from bot.web.initdata import InitDataError, WebUser, validate
from bot.web.views import Pages

log = logging.getLogger(__name__)

INIT_HEADER = "X-Telegram-Init-Data"
_STATIC = ("app.js", "app.css")
_CONTENT_TYPES = {"js": "text/javascript", "css": "text/css"}
_NO_STORE = {"Cache-Control": "no-store"}  # pages hold members' data: never kept by a cache


def _now() -> datetime:
    return datetime.now(UTC)


class Dashboard:
    """The routes and what they need; added to the webhook server or served on their own."""

    def __init__(self, application: BotApp) -> None:
        self.application = application
        self.services = services_of_app(application)
        settings = self.services.settings
        self.feeds = FeedService(
            self.services.storage, self.services.agenda, self.services.polls.orgs
        )
        self.pages = Pages(self.services, self._vote_link)
        self.env = Environment(
            loader=PackageLoader("bot.web", "templates"),
            autoescape=select_autoescape(["html"]),
            enable_async=False,
        )
        self.env.globals["t"] = texts
        self.telegram_js = settings.web_telegram_js
        self._static = {
            name: resources.files("bot.web").joinpath("static", name).read_bytes()
            for name in _STATIC
        }
        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        self.base: str | None = None  # public address, set at start-up; None: dashboard off

    def _vote_link(self, poll: pr.PollRecord) -> str:
        return create_deep_linked_url(
            self.application.bot.username, callbacks.VOTE_LINK.payload(poll.id)
        )

    # --- wiring ------------------------------------------------------------------------------

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/web/", self.shell)
        app.router.add_get("/web/static/{name}", self.static)
        app.router.add_get("/web/api/home", self.home)
        app.router.add_get("/web/api/org/{org}", self.board)
        app.router.add_get("/web/api/org/{org}/poll/{poll}", self.poll)
        app.router.add_get("/web/api/org/{org}/poll/{poll}/export/{index}", self.export)
        app.router.add_post("/web/api/org/{org}/poll/{poll}/remind", self.remind)
        app.router.add_post("/web/api/org/{org}/member/{member}/{decision}", self.decide)
        app.router.add_get("/feed/{secret}.ics", self.feed)

    async def start(self, host: str, port: int) -> int:
        app = web.Application()
        self.add_routes(app)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        sockets = getattr(site._server, "sockets", None) or []
        self.port = int(sockets[0].getsockname()[1]) if sockets else port
        return self.port

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- rendering and checks ----------------------------------------------------------------

    def render(self, template: str, **values: Any) -> web.Response:
        html = self.env.get_template(template).render(**values)
        return web.Response(text=html, content_type="text/html", headers=_NO_STORE)

    def _refuse(self, status: int, message: str) -> web.HTTPException:
        html = self.env.get_template("message.html").render(message=message, error=True)
        cls = {401: web.HTTPUnauthorized, 403: web.HTTPForbidden}.get(status, web.HTTPNotFound)
        return cls(text=html, content_type="text/html")

    def viewer(self, request: web.Request) -> WebUser:
        token = self.services.settings.token_value()
        try:
            return validate(request.headers.get(INIT_HEADER, ""), token)
        except InitDataError as exc:
            log.info("dashboard: refused initData (%s)", exc)
            raise self._refuse(401, texts.UNAUTHORIZED) from None

    async def role(self, org: pr.Organisation, user: WebUser) -> int:
        from bot.permissions import org_role

        in_roster = await self.services.polls.roster.is_member(org.id, user.id)
        return await org_role(
            self.application.bot,
            self.services.settings.admins,
            org.chat_ids,
            user.id,
            in_roster,
        )

    async def org_for(self, request: web.Request, page: str) -> tuple[WebUser, pr.Organisation]:
        """The viewer and the organisation of the URL, when the viewer's role there allows
        `page`; 401, 404 or 403 otherwise."""
        from bot.permissions import WEB_PAGES

        user = self.viewer(request)
        try:
            org_id = int(request.match_info["org"])
        except ValueError:
            raise self._refuse(404, texts.NOT_FOUND) from None
        org = await self.services.polls.orgs.organisation(org_id)
        if org is None:
            raise self._refuse(404, texts.NOT_FOUND)
        if await self.role(org, user) < WEB_PAGES[page]:
            raise self._refuse(403, texts.FORBIDDEN)
        return user, org

    async def poll_of(self, request: web.Request, org: pr.Organisation) -> pr.PollRecord:
        try:
            poll = await self.services.polls.votes.poll(int(request.match_info["poll"]))
        except ValueError:
            poll = None
        if poll is None or poll.org_id != org.id:
            raise self._refuse(404, texts.NOT_FOUND)
        return poll

    # --- pages -------------------------------------------------------------------------------

    async def shell(self, request: web.Request) -> web.Response:
        return self.render("shell.html", telegram_js=self.telegram_js)

    async def static(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in self._static:
            raise web.HTTPNotFound()
        kind = _CONTENT_TYPES[name.rsplit(".", 1)[1]]
        return web.Response(body=self._static[name], content_type=kind, charset="utf-8")

    async def home(self, request: web.Request) -> web.Response:
        """The board page of the organisation the user runs (or a choice between several);
        a member's own view otherwise."""
        from bot.permissions import Role

        user = self.viewer(request)
        # First contact may be here: a roster row imported with only a username gets its id.
        await self.services.polls.roster.link_username(user.id, user.username, user.first_name)
        chosen = request.query.get("org", "")
        boards: list[pr.Organisation] = []
        memberships: list[pr.Organisation] = []
        for org in await self.services.polls.orgs.organisations():
            role = await self.role(org, user)
            if role >= Role.BOARD:
                boards.append(org)
            elif role >= Role.MEMBER:
                memberships.append(org)
        picked = [o for o in boards if str(o.id) == chosen] or (boards if len(boards) == 1 else [])
        if picked:
            return await self._board_page(picked[0])
        if boards:
            return self.render("pick.html", orgs=boards)
        if not memberships:
            raise self._refuse(403, texts.NOT_MEMBER)
        values = await self.pages.page().member(user.id, memberships, _now())
        return self.render("member.html", **values)

    async def _board_page(self, org: pr.Organisation, notice: str | None = None) -> web.Response:
        values = await self.pages.page().board(org, _now())
        return self.render("board.html", notice=notice, **values)

    async def board(self, request: web.Request) -> web.Response:
        _, org = await self.org_for(request, "board")
        return await self._board_page(org)

    async def poll(self, request: web.Request) -> web.Response:
        _, org = await self.org_for(request, "poll")
        poll = await self.poll_of(request, org)
        return self.render("poll.html", **await self.pages.page().poll(org, poll))

    async def export(self, request: web.Request) -> web.Response:
        _, org = await self.org_for(request, "export")
        poll = await self.poll_of(request, org)
        index = request.match_info["index"]
        found = await self.pages.page().export(poll, int(index)) if index.isdigit() else None
        if found is None:
            raise self._refuse(404, texts.NOT_FOUND)
        name, content = found
        kind = "application/json" if name.endswith(".json") else "text/csv"
        return web.Response(
            body=content,
            content_type=kind,
            headers={"Content-Disposition": f'attachment; filename="{name}"', **_NO_STORE},
        )

    async def remind(self, request: web.Request) -> web.Response:
        _, org = await self.org_for(request, "remind")
        poll = await self.poll_of(request, org)
        return await self._board_page(org, await remind_now(self.application, poll))

    async def decide(self, request: web.Request) -> web.Response:
        user, org = await self.org_for(request, "decide")
        decision = request.match_info["decision"]
        member_id = request.match_info["member"]
        if decision not in ("ja", "nee") or not member_id.isdigit():
            raise self._refuse(404, texts.NOT_FOUND)
        notice = await decide_member(
            self.application, org, int(member_id), decision == "ja", user.id, _now()
        )
        if notice is None:
            raise self._refuse(404, texts.NOT_FOUND)
        return await self._board_page(org, notice)

    async def feed(self, request: web.Request) -> web.Response:
        data = await self.feeds.feed(request.match_info["secret"], _now(), self._vote_link)
        if data is None:
            raise web.HTTPNotFound()
        return web.Response(
            body=data,
            content_type="text/calendar",
            charset="utf-8",
            headers={"Cache-Control": "no-cache"},
        )
