"""``/admin/tokens``: the JSON API's bearer tokens: list, make one (its secret shown once, on
the page that made it, never again), revoke one. Through ``TokenService`` as ``layso token``;
``token.added`` and ``token.revoked`` events name the console account."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from server.admin.sessions import AdminFormSession, AdminSession, Session
from server.admin.setup_forms import (
    PostedForm,
    actor,
    back_to,
    form_page,
    refused,
    saved_notice,
    text,
    translate,
)
from server.state import server_state
from shared.api_tokens import NewToken, TokenService
from shared.errors import LaysoError
from shared.models import TokenScope

router = APIRouter(prefix="/admin/tokens", include_in_schema=False)

#: Which field a core message is about (server.admin.setup_forms.field_of).
PHRASES = (("name", ("tên token", "token tên")), ("scope", ("phạm vi",)))


def _tokens(request: Request, session: AdminSession | None = None) -> TokenService:
    return TokenService(server_state(request).db, actor=actor(session))


@router.get("")
def tokens(request: Request, session: Session, revoked: str | None = None,
           made: str | None = None) -> Response:
    notice = saved_notice(request, revoked, "Đã thu hồi token {}.", "Token {} revoked.")
    # The new token, shown once: kept in the session by the post, taken out here (a reload
    # shows the list without it and does not make another).
    new: NewToken | None = session.flash.pop("token", None)
    if new is None or new.name != made:
        new = None
        notice = notice or saved_notice(request, made, "Đã tạo token {}.", "Token {} made.")
    return _page(request, session, {"scope": TokenScope.READ.value}, {}, notice=notice,
                 made=new)


@router.post("/add")
def add(request: Request, session: AdminFormSession, form: PostedForm) -> Response:
    values = {"name": text(form, "name"), "scope": text(form, "scope")}
    errors: dict[str, str] = {}
    try:
        made = _tokens(request, session).add(values["name"], values["scope"])
    except LaysoError as error:
        refused(request, error, PHRASES, errors)
        return _page(request, session, values, errors)
    session.flash["token"] = made
    return back_to(request, "/admin/tokens", made=made.name)


@router.post("/{name}/revoke")
def revoke(request: Request, name: str, session: AdminFormSession) -> Response:
    _tokens(request, session).revoke(name)
    return back_to(request, "/admin/tokens", revoked=name)


def _scopes(request: Request) -> list[tuple[str, str]]:
    return [(TokenScope.READ.value, translate(request,
                                              "đọc (read) — chỉ xem trạng thái, số, sự kiện",
                                              "read — status, tickets and events only")),
            (TokenScope.KIOSK.value, translate(request, "máy lấy số (kiosk) — xem và cấp số",
                                               "kiosk — read and issue numbers")),
            (TokenScope.COUNTER.value, translate(request, "quầy (counter) — xem và làm việc ở quầy",
                                                 "counter — read and work counters"))]


def _page(request: Request, session: AdminSession, values: dict[str, str],
          errors: dict[str, str], *, made: NewToken | None = None,
          notice: str | None = None) -> Response:
    return form_page(request, "tokens.html", session, errors,
                     tokens=_tokens(request).tokens(), values=values, scopes=_scopes(request),
                     made=made, notice=notice, public_url=server_state(request).public_url())
