"""Slow down a client that sends a burst of bad requests (wrong tokens, unknown tickets).

Each client address may make ``limit`` bad requests (status 400, 401, 403, 404, 405, 422) a
minute; beyond that every request from it gets 429 with ``Retry-After`` after a short delay,
without touching the database, until its window empties. Good requests are never counted.
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
            await _too_many(send, retry)
            return

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in BAD_STATUSES:
                times.append(time.monotonic())
            await send(message)

        await self.app(scope, receive, counting_send)


async def _too_many(send: Send, retry: int) -> None:
    import json

    body = json.dumps(error_body(
        "rate_limited",
        f"Quá nhiều yêu cầu sai từ máy này. Vui lòng thử lại sau {retry} giây.",
        f"Too many bad requests from this client. Try again in {retry} s."),
        ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": 429, "headers": [
        (b"content-type", b"application/json"), (b"retry-after", str(retry).encode()),
        (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
