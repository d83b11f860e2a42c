"""``/admin/tokens``: the JSON API's bearer tokens: list, make one (its secret shown once, on
the page that made it, never again), revoke one. Through ``TokenService`` as ``layso token``;
``token.added`` and ``token.revoked`` events name the console account."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from server.admin.sessions import AdminSession, admin_form_session, current
from server.admin.setup_forms import (
    actor,
    back_to,
    form_data,
    refused,
    render,
    server,
    text,
    translate,
)
from shared.api_tokens import NewToken, TokenService
from shared.errors import LaysoError
from shared.models import TokenScope

router = APIRouter(prefix="/admin/tokens", include_in_schema=False)

#: Which field a core message is about (server.admin.setup_forms.field_of).
PHRASES = (("name", ("tên token", "token tên")), ("scope", ("phạm vi",)))


def _tokens(request: Request, session: AdminSession | None = None) -> TokenService:
    return TokenService(server(request).db, actor=actor(session) if session else "")


@router.get("")
def tokens(request: Request, session: Annotated[AdminSession, Depends(current)],
           revoked: str | None = None) -> Response:
    notice = translate(request, f"Đã thu hồi token {revoked}.", f"Token {revoked} revoked.") \
        if revoked else None
    return _page(request, session, {"scope": TokenScope.READ.value}, {}, notice=notice)


@router.post("/add")
def add(request: Request, session: Annotated[AdminSession, Depends(admin_form_session)],
        form: Annotated[FormData, Depends(form_data)]) -> Response:
    values = {"name": text(form, "name"), "scope": text(form, "scope")}
    errors: dict[str, str] = {}
    try:
        made = _tokens(request, session).add(values["name"], values["scope"])
    except LaysoError as error:
        refused(request, error, PHRASES, errors)
        return _page(request, session, values, errors)
    return _page(request, session, {"scope": values["scope"]}, {}, made=made)


@router.post("/{name}/revoke")
def revoke(request: Request, name: str,
           session: Annotated[AdminSession, Depends(admin_form_session)]) -> Response:
    _tokens(request, session).revoke(name)
    return back_to(request, "/admin/tokens", revoked=name)


def _scopes(request: Request) -> list[tuple[str, str]]:
    return [(TokenScope.READ.value, translate(request, "read — chỉ xem trạng thái, số, sự kiện",
                                              "read — status, tickets and events only")),
            (TokenScope.KIOSK.value, translate(request, "kiosk — xem và cấp số",
                                               "kiosk — read and issue numbers")),
            (TokenScope.COUNTER.value, translate(request, "counter — xem và làm việc ở quầy",
                                                 "counter — read and work counters"))]


def _page(request: Request, session: AdminSession, values: dict[str, str],
          errors: dict[str, str], *, made: NewToken | None = None,
          notice: str | None = None) -> Response:
    return render(request, "tokens.html", session, status_code=422 if errors else 200,
                  tokens=_tokens(request).tokens(), values=values, errors=errors,
                  scopes=_scopes(request), made=made, notice=notice,
                  public_url=server(request).public_url())
