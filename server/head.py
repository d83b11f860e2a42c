"""``HEAD`` for every page and file the server gives by ``GET`` (RFC 9110 §9.3.2).

FastAPI's routes answer only the methods they declare, so ``HEAD /t/<token>`` (a link checker, a
phone's browser probing a page, a TV box's "is the board up?") was a 405. This middleware runs
such a request as a ``GET`` and sends its status and headers without the body. Event streams
are left alone: a ``HEAD`` of a stream would hold a connection open for nothing, so it keeps its
405.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] != "HEAD"
                or str(scope.get("path", "")).rstrip("/").endswith("/events")):
            await self.app(scope, receive, send)
            return
        finished = False

        async def headers_only(message: Message) -> None:
            nonlocal finished
            if message["type"] == "http.response.start":
                await send(message)
            elif message["type"] == "http.response.body" and not finished:
                finished = True  # the GET's Content-Length stays: it is what GET would send
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app(dict(scope, method="GET"), receive, headers_only)
