"""Drawing a console page: the layout, the language, the session's CSRF token, the menu."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from server.admin.sessions import AdminSession
from server.pages import language, templates

#: The console's menu: (path, Vietnamese, English, admin only).
MENU: tuple[tuple[str, str, str, bool], ...] = (
    ("/admin/live", "Giám sát", "Live", False),
    ("/admin/reports", "Báo cáo", "Reports", False),
    ("/admin/sites", "Cơ sở", "Sites", True),
    ("/admin/services", "Dịch vụ", "Services", True),
    ("/admin/counters", "Quầy", "Counters", True),
    ("/admin/clerks", "Cán bộ", "Staff", True),
    ("/admin/catalog", "Thủ tục", "Procedures", True),
    ("/admin/calendar", "Lịch làm việc", "Calendar", True),
    ("/admin/settings", "Cài đặt", "Settings", True),
    ("/admin/tokens", "Token API", "API tokens", True),
    # The set-up checklist, also once the center is ready (/admin then opens the live page).
    ("/admin/setup", "Thiết lập", "Set-up", True),
)


def page(request: Request, template: str, session: AdminSession | None,
         status_code: int = 200, **context: Any) -> HTMLResponse:
    """``template`` (under templates/admin/) with the console's common context: ``lang``,
    ``t(vi, en)``, ``session``, ``csrf``, ``menu`` (the entries this account may use) and
    ``path`` (to mark the current entry)."""
    lang = language(request)

    def t(vietnamese: str, english: str) -> str:
        return english if lang == "en" else vietnamese

    menu = [(path, t(vi, en)) for path, vi, en, admin in MENU
            if session is not None and (session.is_admin or not admin)]
    response = templates.TemplateResponse(
        request, f"admin/{template}",
        {"lang": lang, "t": t, "session": session, "csrf": session.csrf if session else "",
         "menu": menu, "path": request.url.path, **context},
        status_code=status_code,
        headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY",
                 "Referrer-Policy": "same-origin"})
    # ?lang= chosen once holds on the next pages (the cookie server.pages.language reads).
    chosen = request.query_params.get("lang")
    if chosen in ("vi", "en") and request.cookies.get("lang") != chosen:
        response.set_cookie("lang", chosen, max_age=365 * 24 * 3600, samesite="lax",
                            httponly=True)
    return response
