"""Who may call the API: bearer tokens with a scope (``layso token add NAME --scope …``).

No token → 401, a token of the wrong scope → 403, both as JSON errors. The token's name rides
on every write as the event's ``by`` ("api:<name>").
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from server.errors import ApiError
from server.state import server_state
from shared.api_tokens import SCOPE_ALLOWS, TokenService, TokenView
from shared.errors import AuthError

_bearer = HTTPBearer(auto_error=False, description="`layso token add NAME --scope …`")


def _unauthorized(message: str, message_en: str) -> ApiError:
    return ApiError(401, "unauthorized", message, message_en,
                    {"WWW-Authenticate": 'Bearer realm="layso"'})


def token(request: Request,
          credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
          ) -> TokenView:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("Cần token truy cập (Authorization: Bearer …).",
                            "An access token is needed (Authorization: Bearer …).")
    try:
        return TokenService(server_state(request).db).verify(credentials.credentials)
    except AuthError as error:
        raise _unauthorized(error.message, error.message_en) from error


def require(action: str) -> object:
    """A dependency: the request's token, which must allow ``action`` (read|issue|counter)."""

    def check(found: Annotated[TokenView, Depends(token)]) -> TokenView:
        if action not in SCOPE_ALLOWS[found.scope]:
            raise ApiError(403, "forbidden",
                           f"Token {found.name!r} (phạm vi {found.scope}) không được phép "
                           "làm việc này.",
                           f"Token {found.name!r} (scope {found.scope}) may not do this.")
        return found

    return Depends(check)


def actor(found: TokenView) -> str:
    return f"api:{found.name}"
