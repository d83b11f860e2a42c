"""Console sessions: who is logged in, for how long, and the CSRF token of their forms.

A session is a random id in an HttpOnly, SameSite=Strict cookie (Secure under TLS); the server
keeps the rest in memory (a restart logs everyone out, which is safe). It ends at log-out or
after :data:`IDLE_MINUTES` without a request. Every form carries the session's CSRF token,
checked on every POST together with the request's Origin when the browser sends one.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request

from server.errors import ApiError
from shared.models import Role
from shared.views import ClerkView

COOKIE = "layso_admin"
#: A session ends after this long without a request.
IDLE_MINUTES = 30
#: Roles that may use the console; "admin" may also change the set-up.
CONSOLE_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


@dataclass
class AdminSession:
    id: str
    clerk: ClerkView
    csrf: str
    last_seen: float = field(default_factory=time.monotonic)
    #: What the next page shows once after a post-redirect-get (a new API token), by key.
    flash: dict[str, Any] = field(default_factory=dict)

    @property
    def is_admin(self) -> bool:
        return self.clerk.role == Role.ADMIN


class SessionStore:
    def __init__(self, idle_seconds: float = IDLE_MINUTES * 60) -> None:
        self.idle_seconds = idle_seconds
        self._sessions: dict[str, AdminSession] = {}
        self._lock = threading.Lock()

    def create(self, clerk: ClerkView) -> AdminSession:
        session = AdminSession(secrets.token_urlsafe(32), clerk, secrets.token_urlsafe(32))
        with self._lock:
            self._expire()
            self._sessions[session.id] = session
        return session

    def get(self, session_id: str | None) -> AdminSession | None:
        if not session_id:
            return None
        with self._lock:
            self._expire()
            session = self._sessions.get(session_id)
            if session is not None:
                session.last_seen = time.monotonic()
            return session

    def end(self, session_id: str | None) -> None:
        with self._lock:
            self._sessions.pop(session_id or "", None)

    def end_for(self, username: str) -> None:
        """End every session of an account (deactivated, or its password reset)."""
        with self._lock:
            for key in [k for k, s in self._sessions.items() if s.clerk.username == username]:
                del self._sessions[key]

    def _expire(self) -> None:
        limit = time.monotonic() - self.idle_seconds
        for key in [k for k, s in self._sessions.items() if s.last_seen < limit]:
            del self._sessions[key]


def store(request: Request) -> SessionStore:
    return store_of(request.app)


def store_of(app: Any) -> SessionStore:
    """The app's session store, made on first use."""
    found: SessionStore | None = getattr(app.state, "admin_sessions", None)
    if found is None:
        found = app.state.admin_sessions = SessionStore()
    return found


class LoginRequired(Exception):
    """Not logged in (or the session ended): the page sends the browser to the log-in."""


def current(request: Request) -> AdminSession:
    """The request's session, or LoginRequired (→ a redirect to /admin/login)."""
    session = store(request).get(request.cookies.get(COOKIE))
    if session is None:
        raise LoginRequired()
    return session


def admin_only(session: Annotated[AdminSession, Depends(current)]) -> AdminSession:
    if not session.is_admin:
        raise ApiError(403, "forbidden", "Chỉ quản trị viên được thay đổi thiết lập.",
                       "Only an administrator may change the set-up.")
    return session


async def check_csrf(request: Request, session: AdminSession) -> None:
    """A POST must carry the session's CSRF token (form field ``csrf`` or header
    ``X-CSRF-Token``) and, when the browser says where it comes from, come from here."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        expected = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if origin.rstrip("/") != expected:
            raise _csrf_refused()
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        form = await request.form()
        value = form.get("csrf")
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent, session.csrf):
        raise _csrf_refused()


def _csrf_refused() -> ApiError:
    return ApiError(403, "csrf", "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và "
                    "thử lại.", "The form has expired or is not valid. Reload the page and "
                    "try again.")


async def form_session(request: Request,
                       session: Annotated[AdminSession, Depends(current)]) -> AdminSession:
    """A dependency for POST handlers: logged in, and the CSRF token checked."""
    await check_csrf(request, session)
    return session


async def admin_form_session(request: Request,
                             session: Annotated[AdminSession, Depends(admin_only)]
                             ) -> AdminSession:
    """A dependency for POST handlers that change the set-up: an admin, CSRF checked."""
    await check_csrf(request, session)
    return session


#: A handler's parameter: the logged-in session (else the log-in page).
Session = Annotated[AdminSession, Depends(current)]
#: An administrator's session (else 403).
AdminOnlySession = Annotated[AdminSession, Depends(admin_only)]
#: A POST's session, its CSRF token checked.
FormSession = Annotated[AdminSession, Depends(form_session)]
#: A POST that changes the set-up: an administrator's session, its CSRF token checked.
AdminFormSession = Annotated[AdminSession, Depends(admin_form_session)]
