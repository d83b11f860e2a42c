"""The web service's ASGI app: ``create_app(settings)``.

FastAPI (on Starlette, served by uvicorn): it validates JSON bodies from type hints, writes the
OpenAPI description at ``/api/docs`` from the same code, and has server-sent events built in
(``fastapi.sse``), which the phone page, the board and the API's event stream all use.

The app reads and writes through the same core services as the desktop apps and wakes on the
same change feed (one :class:`server.hub.FeedHub` per process).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from server import errors
from server.head import HeadAsGet
from server.hub import FeedHub
from server.pages import HERE
from server.province_tasks import ProvinceTasks
from server.ratelimit import BadRequestLimiter
from server.state import ServerState
from shared import paths
from shared.config import Settings
from shared.db.database import Database

log = logging.getLogger(__name__)

#: Route modules, each with ``router`` (an APIRouter); optional ones may be missing.
ROUTERS = [
    "server.api.tickets",
    "server.api.counters",
    "server.api.status",
    "server.api.events",
    "server.phone.routes",
    "server.board.routes",
    "server.admin.routes",
    "server.admin.setup_routes",
    "server.admin.live",
    "server.admin.reports",
    "server.admin.sites",
    "server.admin.services",
    "server.admin.counters",
    "server.admin.clerks",
    "server.admin.catalog",
    "server.admin.calendar",
    "server.admin.settings",
    "server.admin.tokens",
]


def create_app(settings: Settings, db: Database | None = None) -> FastAPI:
    """The app for ``settings`` (on ``db`` if given, else the configured database)."""
    import importlib

    database = db or Database(settings.resolved_database_url())
    hub = FeedHub(database)
    state = ServerState(settings, database, hub)

    province = ProvinceTasks(settings, database)  # [province]: watched folder, OpenCPS

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        hub.start(asyncio.get_running_loop())
        province.start()
        from server.admin.routes import announce_setup_code  # the console's first-run code

        announce_setup_code(app, database)
        log.info("web service started on %s", database.engine.url.render_as_string())
        try:
            yield
        finally:
            province.stop()
            hub.stop()
            if db is None:
                database.dispose()

    app = FastAPI(
        title="LấySố API", version="1", lifespan=lifespan,
        description="Hàng đợi, số thứ tự và màn hình gọi số của Trung tâm Phục vụ hành chính "
                    "công. Queue tickets, counters and the wall board of a public service "
                    "center. Access: `Authorization: Bearer <token>` from "
                    "`layso token add NAME --scope kiosk|counter|read`.",
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
    )
    app.state.layso = state
    errors.install(app)
    app.add_middleware(BadRequestLimiter, limit=settings.server.bad_requests_per_minute)
    app.add_middleware(HeadAsGet)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.mount("/fonts", StaticFiles(directory=paths.FONTS_DIR), name="fonts")
    for name in ROUTERS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name is not None and name.startswith(error.name):
                continue  # a page not written yet
            raise
        app.include_router(module.router)

    from server.admin.sessions import LoginRequired

    async def _login_required(request: Request, error: Exception) -> Response:
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        return RedirectResponse(f"/admin/login?next={target}", 303)

    app.add_exception_handler(LoginRequired, _login_required)

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> Response:
        """Swagger UI from this server (server/static/vendor/swagger-ui), no CDN."""
        from fastapi.openapi.docs import get_swagger_ui_html

        return get_swagger_ui_html(
            openapi_url="/api/openapi.json", title="LấySố API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon.png",
            swagger_ui_parameters={"validatorUrl": None})  # no call to validator.swagger.io

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        """The tab's icon (what browsers ask for by themselves), a week in their cache."""
        return FileResponse(HERE / "static" / "favicon.ico", media_type="image/x-icon",
                            headers={"Cache-Control": "public, max-age=604800"})

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/api/docs")

    return app
