"""The web service's figures: API latency beside the same calls in-process and through the CLI,
call → phone page and call → browser board in a real Chromium, and 500 phones' event streams.

    .venv/bin/python -m bench.bench_server --backend sqlite|postgresql [--operations 300]
        [--streams 500] [--browser-calls 30] [--skip-browser]

A real server (``python -m server``) runs in a subprocess on a free loopback port against a fresh
bench database (bench.common): site HQ, four services, four open counters.

- ``api_*``: one httpx client, back to back: issue (POST …/tickets) and call-next (POST
  …/counters/1/call-next, each followed by a finish that is not timed).
- ``inprocess_*``: the same operations through QueueService in this process.
- ``cli_*``: ``layso ticket issue|call-next --json`` as subprocesses (Python start-up included).
- ``call_to_phone_ms`` / ``call_to_board_ms``: a ticket's phone page (/t/<token>) or the board
  (/board/HQ) open in headless Chromium; a MutationObserver notes when the page first shows
  the call; the time is from just before the API call to that moment (same machine clock).
- ``phone_streams_*``: N concurrent phone-page event streams (asyncio + httpx, one connection
  each), then one call: the time until every stream has received the change (max and
  p50/p95 over streams), and the server's resident memory per open stream. ``one_ticket``:
  all N follow the ticket called; ``own_tickets``: each follows its own ticket of the queue,
  so the call changes every page (people ahead one fewer).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench.common import SITE, bench_database, build_center, percentiles
from shared.api_tokens import TokenService
from shared.db.database import Database
from shared.queue import QueueService

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, url: str) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, LAYSO_DATABASE_URL=url, LAYSO_SERVER_PUBLIC_URL=self.base,
                   LAYSO_VOICE="none")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server", "--port", str(self.port)], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.base}/api/openapi.json", timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise SystemExit("the server did not start")

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def api_latency(server: Server, token_kiosk: str, token_counter: str,
                operations: int) -> dict[str, Any]:
    issue, call = [], []
    kiosk = {"Authorization": f"Bearer {token_kiosk}"}
    desk = {"Authorization": f"Bearer {token_counter}"}
    with httpx.Client(base_url=server.base) as client:
        for _ in range(20):  # warm up
            client.post(f"/api/v1/sites/{SITE}/tickets", json={"service": "HT"}, headers=kiosk)
        for _ in range(operations):
            start = time.perf_counter()
            response = client.post(f"/api/v1/sites/{SITE}/tickets", json={"service": "HT"},
                                   headers=kiosk)
            issue.append(_ms(start))
            assert response.status_code == 201, response.text
        for _ in range(operations):
            start = time.perf_counter()
            response = client.post(f"/api/v1/sites/{SITE}/counters/1/call-next", headers=desk)
            call.append(_ms(start))
            assert response.status_code == 200 and response.json(), response.text
            client.post(f"/api/v1/sites/{SITE}/counters/1/finish", json={"outcome": "guided"},
                        headers=desk)
    return {"api_issue_ms": percentiles(issue), "api_call_next_ms": percentiles(call)}


def inprocess_latency(url: str, operations: int) -> dict[str, Any]:
    db = Database(url)
    queue = QueueService(db)
    counter = queue.find_counter(SITE, 2).id
    issue, call = [], []
    for _ in range(operations):
        start = time.perf_counter()
        queue.issue_ticket(SITE, "CT")
        issue.append(_ms(start))
    for _ in range(operations):
        start = time.perf_counter()
        called = queue.call_next(counter)
        call.append(_ms(start))
        assert called is not None
        queue.finish(counter, "guided")
    db.dispose()
    return {"inprocess_issue_ms": percentiles(issue), "inprocess_call_next_ms": percentiles(call)}


def cli_latency(url: str, runs: int) -> dict[str, Any]:
    layso = [sys.executable, "-m", "shared.cli.main", "--db", url, "--site", SITE]
    issue, call = [], []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*layso, "ticket", "issue", "--service", "DD", "--json"], check=True,
                       capture_output=True)
        issue.append(_ms(start))
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*layso, "ticket", "call-next", "--counter", "3", "--json"], check=True,
                       capture_output=True)
        call.append(_ms(start))
        subprocess.run([*layso, "ticket", "finish", "--counter", "3", "--outcome", "guided"],
                       check=True, capture_output=True)
    return {"cli_issue_ms": percentiles(issue), "cli_call_next_ms": percentiles(call)}


# -- browsers ---------------------------------------------------------------------------------
_WATCH = """
window.__seen = null;
const wanted = arguments[0];
new MutationObserver(() => {
  if (window.__seen === null && document.body.innerText.includes(wanted)) {
    window.__seen = performance.timeOrigin + performance.now();
  }
}).observe(document.body, {subtree: true, childList: true, characterData: true});
"""


def _driver(width: int, height: int) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def _seen(driver: Any, timeout: float = 5.0) -> float | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen = driver.execute_script("return window.__seen;")
        if seen is not None:
            return float(seen)
        time.sleep(0.005)
    return None


def browser_latency(server: Server, token_kiosk: str, token_counter: str,
                    calls: int) -> dict[str, Any]:
    kiosk = {"Authorization": f"Bearer {token_kiosk}"}
    desk = {"Authorization": f"Bearer {token_counter}"}
    phone_ms: list[float] = []
    board_ms: list[float] = []
    phone, board = _driver(360, 800), _driver(1920, 1080)
    missed = 0
    try:
        board.get(f"{server.base}/board/{SITE}")
        time.sleep(2)
        with httpx.Client(base_url=server.base) as client:
            for _ in range(calls):
                # Serve whatever waits at counter 4 so the next call is our ticket.
                client.post(f"/api/v1/sites/{SITE}/counters/4/finish",
                            json={"outcome": "guided"}, headers=desk)
                while (client.post(f"/api/v1/sites/{SITE}/counters/4/call-next",
                                   headers=desk).json() is not None):
                    client.post(f"/api/v1/sites/{SITE}/counters/4/finish",
                                json={"outcome": "guided"}, headers=desk)
                ticket = client.post(f"/api/v1/sites/{SITE}/tickets", json={"service": "XH"},
                                     headers=kiosk).json()
                phone.get(ticket["status_url"])
                time.sleep(0.6)  # the stream is open
                phone.execute_script(_WATCH, "4")
                board.execute_script(_WATCH, ticket["number"])
                time.sleep(0.05)
                start = time.time() * 1000
                client.post(f"/api/v1/sites/{SITE}/counters/4/call-next", headers=desk)
                for driver, samples in ((phone, phone_ms), (board, board_ms)):
                    seen = _seen(driver)
                    if seen is None:
                        missed += 1
                    else:
                        samples.append(seen - start)
                client.post(f"/api/v1/sites/{SITE}/counters/4/finish",
                            json={"outcome": "guided"}, headers=desk)
                time.sleep(0.2)
    finally:
        phone.quit()
        board.quit()
    return {"call_to_phone_ms": percentiles(phone_ms), "call_to_board_ms": percentiles(board_ms),
            "browser_updates_missed": missed}


# -- 500 streams ------------------------------------------------------------------------------
async def _streams(server: Server, urls: list[str], call: Any) -> dict[str, Any]:
    """Open every stream, wait for each one's first state, make the call, and time until each
    stream has a state different from its first (the call, or people ahead one fewer)."""
    received: dict[int, float] = {}
    first: dict[int, str] = {}
    everyone_has_a_state = asyncio.Event()
    called = asyncio.Event()

    async def hold(index: int, client: httpx.AsyncClient, url: str) -> None:
        async with client.stream("GET", url, timeout=None) as response:
            async for line in response.aiter_lines():
                if not line.startswith("data:") or '"status"' not in line:
                    continue
                state = line.split('"text"')[0]  # the figures, not the clock line
                if index not in first:
                    first[index] = state
                    if len(first) == len(urls):
                        everyone_has_a_state.set()
                elif called.is_set() and state != first[index]:
                    received[index] = time.perf_counter()
                    return

    limits = httpx.Limits(max_connections=len(urls) + 10, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=server.base, limits=limits) as client:
        rss_before = server.rss_kb()
        tasks = [asyncio.create_task(hold(i, client, url)) for i, url in enumerate(urls)]
        await asyncio.wait_for(everyone_has_a_state.wait(), 180)
        await asyncio.sleep(3)  # the people-ahead re-reads of the opening have settled
        rss_open = server.rss_kb()
        called.set()
        start_at = time.perf_counter()
        await asyncio.to_thread(call)
        _done, pending = await asyncio.wait(tasks, timeout=15)
        for task in pending:
            task.cancel()
    delays = [(moment - start_at) * 1000 for moment in received.values()]
    return {"streams": len(urls), "delivered": len(received),
            "delivery_ms": percentiles(delays),
            "all_delivered_within_ms": round(max(delays), 1) if delays else None,
            "server_rss_mb_before": round(rss_before / 1024, 1),
            "server_rss_mb_open": round(rss_open / 1024, 1),
            "kb_per_stream": round((rss_open - rss_before) / len(urls), 1)}


def _empty_queue(client: httpx.Client, desk: dict[str, str]) -> None:
    while client.post(f"/api/v1/sites/{SITE}/counters/4/call-next",
                      headers=desk).json() is not None:
        client.post(f"/api/v1/sites/{SITE}/counters/4/finish", json={"outcome": "guided"},
                    headers=desk)
    client.post(f"/api/v1/sites/{SITE}/counters/4/finish", json={"outcome": "guided"},
                headers=desk)


def streams(server: Server, token_kiosk: str, token_counter: str, count: int,
            distinct: bool) -> dict[str, Any]:
    """``count`` phones: all on the ticket about to be called, or (``distinct``) each on its
    own ticket of the same queue, so that one call changes every page (the first is called,
    everyone else has one person fewer ahead)."""
    kiosk = {"Authorization": f"Bearer {token_kiosk}"}
    desk = {"Authorization": f"Bearer {token_counter}"}
    with httpx.Client(base_url=server.base, timeout=30) as client:
        _empty_queue(client, desk)
        tickets = [client.post(f"/api/v1/sites/{SITE}/tickets", json={"service": "XH"},
                               headers=kiosk).json() for _ in range(count if distinct else 1)]
    urls = [ticket["status_url"].replace(server.base, "") + "/events" for ticket in tickets]
    if not distinct:
        urls = urls * count

    def call() -> None:
        with httpx.Client(base_url=server.base) as client:
            client.post(f"/api/v1/sites/{SITE}/counters/4/call-next", headers=desk)

    return asyncio.run(_streams(server, urls, call))


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sqlite")
    parser.add_argument("--operations", type=int, default=300)
    parser.add_argument("--cli-runs", type=int, default=20)
    parser.add_argument("--streams", type=int, default=500)
    parser.add_argument("--browser-calls", type=int, default=30)
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args(argv)
    result: dict[str, Any] = {"bench": "server", "backend": args.backend}
    with bench_database(args.backend) as url:
        build_center(url)
        db = Database(url)
        tokens = TokenService(db)
        kiosk, desk = tokens.add("bench-kiosk", "kiosk").token, tokens.add("bench-desk",
                                                                             "counter").token
        db.dispose()
        server = Server(url)
        try:
            result.update(api_latency(server, kiosk, desk, args.operations))
            result.update(inprocess_latency(url, args.operations))
            result.update(cli_latency(url, args.cli_runs))
            if not args.skip_browser:
                result.update(browser_latency(server, kiosk, desk, args.browser_calls))
            if args.streams:
                result["phone_streams_one_ticket"] = streams(server, kiosk, desk,
                                                             args.streams, distinct=False)
                result["phone_streams_own_tickets"] = streams(server, kiosk, desk,
                                                              args.streams, distinct=True)
        finally:
            server.stop()
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
