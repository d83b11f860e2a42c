"""Who may call the API: bearer tokens with a scope (``layso token add NAME --scope …``).

No token → 401, a token of the wrong scope → 403, both as JSON errors. The token's name rides
on every write as the event's ``by`` ("api:<name>").

The event stream also takes the token as ``?access_token=`` (:func:`require_stream`): a
browser's ``EventSource`` cannot send an Authorization header. Only there, for reading: a
token in an address can end up in a browser's history, so writes take it from the header only
(and the server writes no access log).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from server.errors import ApiError
from server.state import server_state
from shared.api_tokens import SCOPE_ALLOWS, TokenService, TokenView
from shared.errors import AuthError

_bearer = HTTPBearer(auto_error=False, description="`layso token add NAME --scope …`")


def _unauthorized(message: str, message_en: str) -> ApiError:
    return ApiError(401, "unauthorized", message, message_en,
                    {"WWW-Authenticate": 'Bearer realm="layso"'})


def _verify(request: Request, secret: str | None) -> TokenView:
    if not secret:
        raise _unauthorized("Cần token truy cập (Authorization: Bearer …).",
                            "An access token is needed (Authorization: Bearer …).")
    try:
        return TokenService(server_state(request).db).verify(secret)
    except AuthError as error:
        raise _unauthorized(error.message, error.message_en) from error


def _header_secret(credentials: HTTPAuthorizationCredentials | None) -> str | None:
    if credentials is None or credentials.scheme.lower() != "bearer":
        return None
    return credentials.credentials


def token(request: Request,
          credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
          ) -> TokenView:
    return _verify(request, _header_secret(credentials))


def stream_token(request: Request,
                 credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
                 access_token: Annotated[str | None, Query(
                     max_length=256, description=(
                         "the token, for a browser's EventSource, which cannot send an "
                         "Authorization header"))] = None) -> TokenView:
    return _verify(request, _header_secret(credentials) or access_token)


def require(action: str, source: Callable[..., TokenView] = token) -> object:
    """A dependency: the request's token, which must allow ``action`` (read|issue|counter).
    ``source``: where the token is read (:func:`token`, or :func:`stream_token`)."""

    # The dependency as a default value: an annotation naming ``source`` (a local) could not
    # be resolved from the module's globals (annotations are strings here). A coroutine: it
    # reads nothing, so it runs on the event loop, not through the thread pool (a hop less
    # per request; bench_server's API figures).
    async def check(found: TokenView = Depends(source)) -> TokenView:  # noqa: B008
        if action not in SCOPE_ALLOWS[found.scope]:
            raise ApiError(403, "forbidden",
                           f"Token {found.name!r} (phạm vi {found.scope}) không được phép "
                           "làm việc này.",
                           f"Token {found.name!r} (scope {found.scope}) may not do this.")
        return found

    return Depends(check)


def require_stream(action: str) -> object:
    """:func:`require` for an event stream: the token from the header or ``?access_token=``."""
    return require(action, stream_token)


def actor(found: TokenView) -> str:
    return f"api:{found.name}"
