"""``/admin/clerks``: the staff accounts: list, add (role, site, password, PIN), edit the name,
role and site, take an account out of use or back, reset a password, lift a lock-out.

Through ``ClerkService`` and ``ClerkAccounts`` as ``layso clerk``; each change is a
``config.changed`` event naming the console account. Taking an account out of use, resetting
its password or changing its role also ends that account's console sessions. An admin cannot
take their own account out of use or their own admin role away (nobody might be left to
give it back).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from server.admin.sessions import AdminFormSession, AdminSession, Session, store
from server.admin.setup_forms import (
    PostedForm,
    actor,
    back_to,
    center_service,
    check_each,
    form_page,
    refused,
    render,
    saved_notice,
    secret,
    text,
    translate,
)
from server.state import server_state
from shared.clerk_accounts import ClerkAccounts
from shared.clerks import (
    ClerkService,
    check_full_name,
    check_password,
    check_pin,
    check_username,
)
from shared.errors import LaysoError, NotFound
from shared.models import Role
from shared.views import ClerkView

router = APIRouter(prefix="/admin/clerks", include_in_schema=False)

#: Which field a core message is about (server.admin.setup_forms.field_of).
PHRASES = (
    ("username", ("tên đăng nhập", "đã có tài khoản")),
    ("full_name", ("họ và tên", "tên không được")),
    ("password", ("mật khẩu",)),
    ("pin", ("mã pin",)),
    ("role", ("vai trò",)),
    ("site", ("cơ sở",)),
    ("active", ("đang đăng nhập quầy",)),
)


def _clerks(request: Request, session: AdminSession | None = None) -> ClerkService:
    settings = server_state(request).settings.counter_app
    return ClerkService(server_state(request).db, lock_after=settings.lock_after_failures,
                        lock_minutes=settings.lock_minutes,
                        actor=actor(session))


def _accounts(request: Request, session: AdminSession) -> ClerkAccounts:
    return ClerkAccounts(server_state(request).db, actor=actor(session))


def _find(request: Request, username: str) -> ClerkView:
    for clerk in _clerks(request).list():
        if clerk.username == username:
            return clerk
    raise NotFound(f"Không có tài khoản {username!r}.", f"No user {username!r}.")


@router.get("")
def clerks(request: Request, session: Session, saved: str | None = None) -> Response:
    notice = saved_notice(request, saved, "Đã lưu tài khoản {}.", "Account {} saved.")
    locked = ClerkAccounts(server_state(request).db).locked()
    return render(request, "clerks.html", session, clerks=_clerks(request).list(),
                  locked=locked, roles=_roles(request), notice=notice)


@router.get("/add")
def add_form(request: Request, session: Session) -> Response:
    return _add_form(request, session, {"role": Role.CLERK.value}, {})


@router.post("/add")
def add(request: Request, session: AdminFormSession, form: PostedForm) -> Response:
    values = {name: text(form, name) for name in ("username", "full_name", "role", "site",
                                                   "pin")}
    errors = _passwords_differ(request, form)
    _check_choices(request, values, errors)
    # Each field's check on its own: every error at once, next to its field.
    check_each(request, [
        ("username", lambda: check_username(values["username"])),
        ("full_name", lambda: check_full_name(values["full_name"]))], errors)
    _check_secrets(request, form, errors)
    if not errors:
        try:
            _clerks(request, session).add(
                values["username"], values["full_name"], secret(form, "password"),
                role=Role(values["role"]), site=values["site"] or None,
                pin=values["pin"] or None)
        except LaysoError as error:
            refused(request, error, PHRASES, errors)
        else:
            return back_to(request, "/admin/clerks", saved=values["username"])
    return _add_form(request, session, values, errors)


@router.get("/{username}/edit")
def edit_form(request: Request, username: str, session: Session) -> Response:
    clerk = _find(request, username)
    values = {"full_name": clerk.full_name, "role": clerk.role.value,
              "site": clerk.site_code or ""}
    return _edit_form(request, session, clerk, values, {})


@router.post("/{username}/edit")
def edit(request: Request, username: str, session: AdminFormSession, form: PostedForm) -> Response:
    clerk = _find(request, username)
    values = {name: text(form, name) for name in ("full_name", "role", "site")}
    errors: dict[str, str] = {}
    if username == session.clerk.username and values["role"] != Role.ADMIN.value:
        errors["role"] = translate(
            request, "Bạn không thể bỏ quyền quản trị của chính mình.",
            "You cannot take away your own administrator role.")
    # Each field's check on its own: every error at once, next to its field.
    _check_choices(request, values, errors)
    check_each(request, [("full_name", lambda: check_full_name(values["full_name"]))], errors)
    if not errors:
        try:
            after = _accounts(request, session).set_clerk(
                username, full_name=values["full_name"], role=values["role"],
                site=values["site"])
        except LaysoError as error:
            refused(request, error, PHRASES, errors)
        else:
            if after.role != clerk.role:
                store(request).end_for(username)
            return back_to(request, "/admin/clerks", saved=username)
    return _edit_form(request, session, clerk, values, errors)


@router.post("/{username}/password")
def reset_password(request: Request, username: str,
                   session: AdminFormSession,
                   form: PostedForm) -> Response:
    clerk = _find(request, username)
    errors = _passwords_differ(request, form)
    _check_secrets(request, form, errors)
    if not errors:
        try:
            _clerks(request, session).set_password(username, secret(form, "password"),
                                                   pin=text(form, "pin") or None)
        except LaysoError as error:
            refused(request, error, PHRASES, errors)
        else:
            store(request).end_for(username)
            return back_to(request, "/admin/clerks", saved=username)
    return _edit_form(request, session, clerk, _values_of(clerk), errors)


@router.post("/{username}/active")
def set_active(request: Request, username: str,
               session: AdminFormSession,
               form: PostedForm) -> Response:
    clerk = _find(request, username)
    active = text(form, "active") == "yes"
    errors: dict[str, str] = {}
    if username == session.clerk.username and not active:
        errors["active"] = translate(request, "Bạn không thể khóa tài khoản của chính mình.",
                                     "You cannot take your own account out of use.")
    else:
        try:
            _accounts(request, session).set_clerk(username, active=active)
        except LaysoError as error:
            refused(request, error, PHRASES, errors)
        else:
            if not active:
                store(request).end_for(username)
            return back_to(request, "/admin/clerks", saved=username)
    return _edit_form(request, session, clerk, _values_of(clerk), errors)


@router.post("/{username}/unlock")
def unlock(request: Request, username: str, session: AdminFormSession) -> Response:
    _accounts(request, session).unlock(username)
    return back_to(request, "/admin/clerks", saved=username)


def _passwords_differ(request: Request, form: FormData) -> dict[str, str]:
    if secret(form, "password") != secret(form, "password_again"):
        return {"password_again": translate(request, "Hai lần nhập mật khẩu không khớp.",
                                            "The two passwords differ.")}
    return {}


def _check_secrets(request: Request, form: FormData, errors: dict[str, str]) -> None:
    """The password's and the PIN's checks (the core's), each next to its field."""
    check_each(request, [
        ("password", lambda: check_password(secret(form, "password"))),
        ("pin", lambda: check_pin(text(form, "pin") or None))], errors)


def _check_choices(request: Request, values: dict[str, str], errors: dict[str, str]) -> None:
    """The role and the site chosen are among those offered (the form's lists)."""
    if values["role"] not in {role.value for role in Role}:
        errors.setdefault("role", translate(request, "Hãy chọn vai trò.", "Choose a role."))
    if values["site"] and values["site"] not in {
            site.code for site in center_service(request).sites()}:
        errors["site"] = translate(request, "Hãy chọn một cơ sở trong danh sách.",
                                   "Choose a site from the list.")


def _values_of(clerk: ClerkView) -> dict[str, str]:
    return {"full_name": clerk.full_name, "role": clerk.role.value,
            "site": clerk.site_code or ""}


def _roles(request: Request) -> list[tuple[str, str]]:
    return [(Role.CLERK.value, translate(request, "Cán bộ tại quầy", "Desk clerk")),
            (Role.SUPERVISOR.value, translate(request, "Giám sát viên", "Supervisor")),
            (Role.ADMIN.value, translate(request, "Quản trị viên", "Administrator"))]


def _site_choices(request: Request) -> list[tuple[str, str]]:
    sites = center_service(request).sites()
    return [("", translate(request, "— mọi cơ sở —", "— any site —"))] + [
        (site.code, f"{site.code} · {site.name}") for site in sites]


def _add_form(request: Request, session: AdminSession, values: dict[str, str],
              errors: dict[str, str]) -> Response:
    return form_page(request, "clerks_add.html", session, errors, values=values,
                     roles=_roles(request), site_choices=_site_choices(request))


def _edit_form(request: Request, session: AdminSession, clerk: ClerkView,
               values: dict[str, str], errors: dict[str, str]) -> Response:
    locked = ClerkAccounts(server_state(request).db).locked().get(clerk.username)
    return form_page(request, "clerks_edit.html", session, errors, clerk=clerk,
                     values=values, roles=_roles(request),
                     site_choices=_site_choices(request), locked_until=locked,
                     is_me=clerk.username == session.clerk.username)
