"""Jinja2 templates shared by the server's pages (phone page, board, later the console)."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from server.state import server_state

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))


def language(request: Request) -> str:
    """``?lang=en`` or the ``lang`` cookie, else the server's setting (Vietnamese first)."""
    chosen = request.query_params.get("lang") or request.cookies.get("lang")
    if chosen in ("vi", "en"):
        return chosen
    return server_state(request).settings.language


def error_page(request: Request, status: int, message: str, message_en: str,
               headers: dict[str, str] | None = None) -> HTMLResponse:
    lang = language(request)
    return templates.TemplateResponse(
        request, "error.html",
        {"lang": lang, "status": status, "message": message_en if lang == "en" else message,
         "retry": status == 503,
         # A way back: the console's home from a console page (none for a phone or wall).
         "home": "/admin" if request.url.path.startswith("/admin") else None},
        status_code=status, headers=headers)
