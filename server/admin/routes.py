"""``/admin``: log in and out, the first-run account, and the console's home.

- ``GET/POST /admin/login``: supervisors and admins only (a clerk is refused), the desk's
  password check and lock-out (``ClerkService.authenticate``);
- ``POST /admin/logout``;
- ``GET/POST /admin/first-run``: on a database with no admin account, make the first one with
  the set-up code that ``layso serve`` printed on its console (so nobody else on the LAN can
  claim the center first);
- ``GET /admin``: the set-up wizard while the center is not ready to issue a number, else the
  live page.
"""

from __future__ import annotations

import logging
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select

from server.admin.render import page
from server.admin.sessions import CONSOLE_ROLES, COOKIE, IDLE_MINUTES, FormSession, Session, store
from server.admin.setup_forms import check_each
from server.state import server_state
from shared.clerks import ClerkService, check_full_name, check_password, check_username
from shared.db.database import Database
from shared.errors import AuthError, LaysoError
from shared.events import EventKind, record
from shared.models import Clerk, Role
from shared.views import ClerkView

log = logging.getLogger(__name__)

router = APIRouter(prefix="/admin", include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only a path of this console (never another site: an open redirect)."""
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return "/admin"


def has_admin(request: Request) -> bool:
    return _has_admin(server_state(request).db)


def _has_admin(db: Database) -> bool:
    with db.reading() as session:
        count = session.scalar(select(func.count()).select_from(Clerk).where(
            Clerk.role == Role.ADMIN, Clerk.active.is_(True)))
    return bool(count)


def setup_code(request: Request) -> str:
    """The first-run code, made once per server process and printed on its console."""
    return _app_setup_code(request.app)


def _app_setup_code(app: Any) -> str:
    code: str | None = getattr(app.state, "admin_setup_code", None)
    if code is None:
        code = app.state.admin_setup_code = f"{secrets.randbelow(10**6):06d}"
        message = (f"Mã thiết lập lần đầu cho /admin (first-run code): {code} — mở /admin "
                   "trên trình duyệt để tạo tài khoản quản trị.")
        print(message, flush=True)
        log.warning(message)
    return code


def announce_setup_code(app: Any, db: Database) -> None:
    """At start-up (``layso serve``): on a database without an admin account, print the
    first-run code in the server's window at once, not only when /admin is first opened.
    A database away at start-up: the code is printed when /admin/first-run is opened."""
    try:
        if _has_admin(db):
            return
    except Exception as error:  # the start-up goes on; the page prints it later
        log.info("first-run code not printed at start-up: %s", error)
        return
    _app_setup_code(app)


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    if not has_admin(request):
        return RedirectResponse("/admin/first-run", 303)
    return page(request, "login.html", None, next=_safe_next(next), error="", username="")


@router.post("/login")
def login(request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()],
          next: Annotated[str, Form()] = "/admin") -> Response:
    server = server_state(request)
    settings = server.settings.counter_app
    clerks = ClerkService(server.db, lock_after=settings.lock_after_failures,
                          lock_minutes=settings.lock_minutes)
    try:
        clerk = clerks.authenticate(username.strip(), password)
    except AuthError as error:
        return page(request, "login.html", None, status_code=401, next=_safe_next(next),
                    error=error.localized(_lang(request)), username=username)
    if clerk.role not in CONSOLE_ROLES:
        return page(request, "login.html", None, status_code=403, next=_safe_next(next),
                    username=username, error=(
                        "This account is a desk clerk's: the console is for supervisors and "
                        "administrators." if _lang(request) == "en" else
                        "Tài khoản này là của cán bộ tại quầy: trang quản trị chỉ dành cho "
                        "giám sát viên và quản trị viên."))
    _logged_in(request, clerk)
    session = store(request).create(clerk)
    response = RedirectResponse(_safe_next(next), 303)
    _set_cookie(request, response, session.id)
    return response


def _logged_in(request: Request, clerk: ClerkView) -> None:
    """A right log-in into the console goes into the event log, as a wrong one does
    (``clerk.login_failed``): ``console.login`` with the account, its role and the address."""
    db = server_state(request).db
    with db.transaction() as session:
        record(session, EventKind.CONSOLE_LOGIN, db.now(session), clerk_id=clerk.id,
               username=clerk.username, role=str(clerk.role),
               address=request.client.host if request.client else None)
    log.info("console: %s logged in", clerk.username)


def _lang(request: Request) -> str:
    from server.pages import language

    return language(request)


def _set_cookie(request: Request, response: Response, value: str) -> None:
    response.set_cookie(COOKIE, value, max_age=IDLE_MINUTES * 60 * 16, httponly=True,
                        samesite="strict", secure=request.url.scheme == "https",
                        path="/admin")


@router.post("/logout")
def logout(request: Request, session: FormSession) -> Response:
    store(request).end(session.id)
    response = RedirectResponse("/admin/login", 303)
    response.delete_cookie(COOKIE, path="/admin")
    return response


@router.get("/first-run")
def first_run_form(request: Request) -> Response:
    if has_admin(request):
        return RedirectResponse("/admin/login", 303)
    setup_code(request)
    return page(request, "first_run.html", None, errors={}, values={})


@router.post("/first-run")
def first_run(request: Request, code: Annotated[str, Form()], username: Annotated[str, Form()],
              full_name: Annotated[str, Form()], password: Annotated[str, Form()],
              password_again: Annotated[str, Form()]) -> Response:
    if has_admin(request):
        return RedirectResponse("/admin/login", 303)
    en = _lang(request) == "en"
    errors: dict[str, str] = {}
    if not secrets.compare_digest(code.strip(), setup_code(request)):
        errors["code"] = (
            "Wrong code: it is printed in the window where the web service runs (layso "
            "serve), on the line \u201cMã thiết lập lần đầu…\u201d." if en else
            "Sai mã: mã được in trong cửa sổ đang chạy dịch vụ web (lệnh layso serve), ở "
            "dòng \u201cMã thiết lập lần đầu…\u201d.")
    if not username.strip():
        errors["username"] = "Enter a user name." if en else "Hãy nhập tên đăng nhập."
    if not full_name.strip():
        errors["full_name"] = "Enter the full name." if en else "Hãy nhập họ và tên."
    if password != password_again:
        errors["password_again"] = ("The two passwords differ." if en
                                    else "Hai lần nhập mật khẩu không khớp.")
    # The account's own checks (the core's), each on its own: every error at once.
    check_each(request, [("username", lambda: check_username(username.strip())),
                         ("full_name", lambda: check_full_name(full_name)),
                         ("password", lambda: check_password(password))], errors)
    if not errors:
        try:
            clerk = ClerkService(server_state(request).db).add(
                username.strip(), full_name.strip(), password, role=Role.ADMIN)
        except LaysoError as error:
            errors["password" if "ật khẩu" in error.message else "username"] = \
                error.localized(_lang(request))
        else:
            session = store(request).create(clerk)
            response = RedirectResponse("/admin", 303)
            _set_cookie(request, response, session.id)
            return response
    values = {"code": code, "username": username, "full_name": full_name}
    return page(request, "first_run.html", None, status_code=422, errors=errors, values=values)


@router.get("")
def home(request: Request, session: Session) -> Response:
    from server.admin.readiness import readiness

    ready = readiness(server_state(request).db)
    if not ready.can_issue and session.is_admin:
        return RedirectResponse("/admin/setup", 303)
    return RedirectResponse("/admin/live", 303)
