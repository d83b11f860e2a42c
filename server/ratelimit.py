"""Slow down a client that sends a burst of bad requests (wrong tokens, unknown tickets).

Each client address may make ``limit`` bad requests (status 400, 401, 403, 404, 405, 422) a
minute; beyond that every request from it gets 429 with ``Retry-After`` after a short delay,
without touching the database, until its window empties. Good requests are never counted.

Blocked, a client's good requests are refused too, on purpose: a client guessing tokens or
ticket addresses sends only bad requests until one guess is right, and that one must not get
through. On a center's LAN each phone, TV and kiosk has an address of its own, so one bad
client holds back only itself; behind a proxy that hides the addresses the limit would be
shared, which is why the server takes the client's address from the connection and not from a
header anyone can write.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.errors import error_body

BAD_STATUSES = frozenset({400, 401, 403, 404, 405, 422})
WINDOW_SECONDS = 60.0
#: The delay before a 429 (a client hammering the server waits for each answer).
DELAY_SECONDS = 0.5
#: Clients remembered at most (the oldest are forgotten beyond it).
MAX_CLIENTS = 10_000


class BadRequestLimiter:
    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self._bad: dict[str, deque[float]] = {}

    def _recent(self, client: str, now: float) -> deque[float]:
        times = self._bad.get(client)
        if times is None:
            if len(self._bad) >= MAX_CLIENTS:
                self._bad.pop(next(iter(self._bad)))
            times = self._bad[client] = deque()
        while times and times[0] < now - WINDOW_SECONDS:
            times.popleft()
        return times

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("?", 0))[0]
        now = time.monotonic()
        times = self._recent(client, now)
        if len(times) >= self.limit:
            await asyncio.sleep(DELAY_SECONDS)
            retry = max(1, int(times[0] + WINDOW_SECONDS - now) + 1)
            await _too_many(send, retry, _wants_page(scope))
            return

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in BAD_STATUSES:
                times.append(time.monotonic())
            await send(message)

        await self.app(scope, receive, counting_send)


def _wants_page(scope: Scope) -> bool:
    """A browser asking for a page (a phone, a TV): it gets a page, not JSON."""
    if str(scope.get("path", "")).startswith("/api/"):
        return False
    accept = dict(scope.get("headers") or []).get(b"accept", b"")
    return b"text/html" in accept


#: The page a browser gets: it says why, in both languages, and reloads itself when the
#: client may ask again (a TV left alone comes back by itself).
_PAGE = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    '<meta http-equiv="refresh" content="{retry}"><title>LấySố</title>'
    '<link rel="stylesheet" href="/static/base.css"></head><body class="error-page"><main>'
    "<h1>429</h1><p class=\"message\">Quá nhiều yêu cầu sai từ máy này. Trang sẽ tự tải lại "
    "sau {retry} giây.</p><p class=\"muted\">Too many bad requests from this device. This "
    "page reloads by itself in {retry} seconds.</p></main></body></html>")


async def _too_many(send: Send, retry: int, page: bool = False) -> None:
    import json

    if page:
        body = _PAGE.format(retry=retry).encode("utf-8")
        kind = b"text/html; charset=utf-8"
    else:
        body = json.dumps(error_body(
            "rate_limited",
            f"Quá nhiều yêu cầu sai từ máy này. Vui lòng thử lại sau {retry} giây.",
            f"Too many bad requests from this client. Try again in {retry} s."),
            ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        kind = b"application/json"
    await send({"type": "http.response.start", "status": 429, "headers": [
        (b"content-type", kind), (b"retry-after", str(retry).encode()),
        (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
