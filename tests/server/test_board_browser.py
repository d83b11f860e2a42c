"""The wall board in a real browser (headless Chromium through Selenium) against a real server
in a subprocess: a call made by another process shows, and the board comes back by itself
after the server restarts, saying meanwhile that its data may be old."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest

from shared.db.database import Database
from shared.queue import QueueService
from tests.center_data import SITE
from tests.server.conftest import ROOT, LiveServer, free_port, make_browser


@dataclass
class BoardServer(LiveServer):
    """``LiveServer`` that closes its log file when the server stops (the fixture's own
    ``start`` leaves it to the garbage collector: a ResourceWarning on each restart), and
    waits longer for it (a loaded machine running the suite on every core)."""

    log: IO[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        env = dict(os.environ, LAYSO_DATABASE_URL=self.database_url,
                   LAYSO_SERVER_PUBLIC_URL=self.url, **self.env)
        self.log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server", "--port", str(self.port)], cwd=ROOT, env=env,
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/api/openapi.json", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not answer: {self.log_path.read_text()[-2000:]}")

    def stop(self) -> int | None:
        code = super().stop()
        if self.log is not None:
            self.log.close()
            self.log = None
        return code


@pytest.fixture
def board_server(live_db: Database, tmp_path: Path) -> Iterator[BoardServer]:
    server = BoardServer(live_db.url, free_port(), tmp_path / "server.log",
                         env={"LAYSO_DATA_DIR": str(tmp_path / "data")})
    server.start()
    yield server
    server.stop()


@pytest.fixture
def tv() -> Iterator[Any]:
    """Chromium at a 1080p TV's size."""
    driver = make_browser(1920, 1080)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver: Any, script: str, timeout: float = 15.0) -> Any:
    """Poll ``script`` (a JS expression) until it is truthy; its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(f"return ({script});")
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {script}")
        time.sleep(0.02)


def _number(counter: int) -> str:
    return (f"(document.querySelector('.tile[data-counter=\"{counter}\"] .number') || "
            f"{{}}).textContent")


def _call(db: Database, counter: int) -> str:
    queue = QueueService(db)
    counter_id = next(c.id for c in queue.counters(SITE) if c.number == counter)
    called = queue.call_next(counter_id)
    assert called is not None
    return called.ticket.number


def test_a_call_shows_and_the_board_recovers_after_a_restart(
        tv: Any, board_server: BoardServer, live_db: Database) -> None:
    """A call made by another process (this one; the server is a subprocess) shows on the
    board within two seconds, lights its tile and its sound starts; with the server stopped
    the board says MẤT KẾT NỐI; when the server is back the board clears the banner by
    itself, shows the call made meanwhile (announced once, never the old one again), and the
    next call shows too."""
    live_server = board_server
    queue = QueueService(live_db)
    for service in ("HT", "CT", "HT"):
        queue.issue_ticket(SITE, service)
    tv.get(f"{live_server.url}/board/{SITE}")
    _wait(tv, "document.querySelectorAll('.tile').length === 3")
    _wait(tv, "window.boardState && window.boardState.mark !== ''")
    assert tv.find_element("id", "stale").is_displayed() is False

    started = time.monotonic()
    ticket = _call(live_db, 1)
    assert _wait(tv, _number(1) + f" === '{ticket}'")
    shown_after = time.monotonic() - started
    print(f"call to board: {shown_after * 1000:.0f} ms")
    assert shown_after < 2.0, shown_after
    _wait(tv, "document.querySelector('.tile[data-counter=\"1\"]').classList.contains('lit')",
          timeout=5)  # the call event follows the board event
    # the banner shows the call as its sound starts (the WAV fetched first)
    _wait(tv, f"document.getElementById('calling-number').textContent === '{ticket}'",
          timeout=20)
    wav = f"/board/{SITE}/audio/call/1/{ticket}.wav"
    _wait(tv, f"window.boardSound.started.indexOf('{wav}') >= 0", timeout=20)

    live_server.stop()
    _wait(tv, "!document.getElementById('stale').hidden", timeout=10)
    banner = tv.find_element("id", "stale")
    assert banner.is_displayed() and "MẤT KẾT NỐI" in banner.text
    missed = _call(live_db, 2)  # while the server is away

    live_server.start()
    _wait(tv, "document.getElementById('stale').hidden", timeout=20)
    assert _wait(tv, _number(2) + f" === '{missed}'")
    missed_wav = f"/board/{SITE}/audio/call/2/{missed}.wav"
    _wait(tv, f"window.boardSound.started.indexOf('{missed_wav}') >= 0", timeout=20)

    again = _call(live_db, 3)  # a live call on the new server's stream
    assert _wait(tv, _number(3) + f" === '{again}'")
    played = tv.execute_script("return window.boardSound.started")
    assert played.count(wav) == 1 and played.count(missed_wav) == 1, played


def test_a_stale_source_dims_nothing_and_the_sound_button_can_be_pressed(
        tv: Any, board_server: BoardServer, live_db: Database) -> None:
    """A stale source marks only its own line (red, "SỐ LIỆU CŨ"): the "MẤT KẾT NỐI" layer
    stays hidden and the "Bấm để bật âm thanh" button is the element at its own centre."""
    from tests.server.test_board import _stale_province_figures

    _stale_province_figures(live_db)
    tv.get(f"{board_server.url}/board/{SITE}")
    _wait(tv, "window.boardState && window.boardState.mark !== ''")
    _wait(tv, "document.getElementById('figures-source') && "
              "document.getElementById('figures-source').classList.contains('source-old')")
    line = tv.find_element("id", "figures-source")
    assert "SỐ LIỆU CŨ" in line.get_attribute("textContent")
    style = tv.execute_script("var s = getComputedStyle(document.getElementById("
                              "'figures-source')); return [s.position, s.whiteSpace];")
    assert style == ["static", "nowrap"]  # in the flow, on one line (not cut in half)
    assert tv.find_element("id", "stale").is_displayed() is False
    tv.execute_script("document.getElementById('sound').hidden = false")
    hit = tv.execute_script(
        "var b = document.getElementById('sound').getBoundingClientRect();"
        "var e = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);"
        "return e && (e.id || e.className);")
    assert hit == "sound"


NAMES_SHOWN = """
const words = (node) => {
  // each word of the name on one line: a word's range has one box (never cut at a line end)
  const text = node.firstChild, parts = [];
  const re = /\\S+/g; let match;
  while ((match = re.exec(text.data))) {
    const range = document.createRange();
    range.setStart(text, match.index); range.setEnd(text, match.index + match[0].length);
    parts.push([match[0], range.getClientRects().length]);
  }
  return parts;
};
const figures = document.getElementById('figures');
const source = document.getElementById('figures-source');
const panel = figures.getBoundingClientRect();
// the page fits its panel: nothing cut at its foot, the source line not squeezed
const fits = figures.scrollHeight <= figures.clientHeight + 1
             && source.scrollHeight <= source.clientHeight + 1;
return [fits, Array.from(figures.querySelectorAll('.fig-page.queue .row.detail dt'))
  .map((node) => {
    const r = node.getBoundingClientRect(), style = getComputedStyle(node);
    // the name's last letter lies on its last line shown, not a line cut off below (a clamp's
    // ellipsis): its glyph box (taller than the line) ends less than half a line lower
    const tail = document.createRange();
    tail.setStart(node.firstChild, node.textContent.trimEnd().length - 1);
    tail.setEnd(node.firstChild, node.textContent.trimEnd().length);
    return {name: node.textContent, scrollWidth: node.scrollWidth, clientWidth: node.clientWidth,
            lastShown: tail.getBoundingClientRect().bottom
                       < r.bottom + parseFloat(style.lineHeight) / 2,
            lines: Math.round((r.height - parseFloat(style.paddingTop)
                               - parseFloat(style.paddingBottom)) / parseFloat(style.lineHeight)),
            font: parseFloat(style.fontSize), split: words(node).filter((w) => w[1] !== 1),
            inside: r.left >= panel.left && r.right <= panel.right && r.top >= panel.top
                    && r.bottom <= panel.bottom && r.right <= innerWidth
                    && r.bottom <= innerHeight};
  })];
"""


def test_long_service_names_show_in_full_on_a_portrait_tv(
        tv: Any, board_server: BoardServer, live_db: Database) -> None:
    """On a TV turned upright (1080x1920) each service's name in the waiting column shows
    its whole text: no ellipsis ("Chứng t…" beside the wide "Sắp đến lượt"), no word cut at a
    line's end, a short name on one line, at most two for "Chứng thực bản sao, chữ ký",
    inside the figures panel and the screen, at the column's usual size (1.6vh, never shrunk
    to fit), and the page still fits its panel."""
    from shared.center import CenterService

    center = CenterService(live_db)
    center.add_service(SITE, "CB", "Chứng thực bản sao, chữ ký", prefix="E")
    center.add_service(SITE, "XH", "Bảo trợ xã hội, Người có công, Trẻ em", prefix="F")
    queue = QueueService(live_db)
    for service in ("HT", "CT", "CB", "XH"):
        queue.issue_ticket(SITE, service)
    tv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1080, "height": 1920, "deviceScaleFactor": 1, "mobile": False})
    tv.get(f"{board_server.url}/board/{SITE}")
    _wait(tv, "window.boardState && window.boardState.mark !== ''")
    tv.execute_script("window.boardFigures.show(0)")
    fits, names = tv.execute_script(NAMES_SHOWN)
    assert [n["name"] for n in names] == [
        "Hộ tịch", "Chứng thực", "Đất đai", "Chứng thực bản sao, chữ ký",
        "Bảo trợ xã hội, Người có công, Trẻ em"]
    for name in names:
        assert name["scrollWidth"] <= name["clientWidth"], name
        assert name["lastShown"], name
        assert name["split"] == [] and name["inside"], name
        assert name["font"] >= 1920 * 0.016 - 0.5, name
    assert [n["lines"] for n in names[:3]] == [1, 1, 1], names
    assert names[3]["lines"] <= 2, names[3]
    assert fits


QUEUE_PAGES = """
// each page of the figures in turn (board.js's hook): on a queue page, each row shown lies
// inside the panel (and the screen), the served-today row too, and the source line is whole
const figures = document.getElementById('figures');
const source = document.getElementById('figures-source');
const pages = [];
for (let i = 0; i < window.boardFigures.count(); i++) {
  window.boardFigures.show(i);
  const page = figures.querySelector('.fig-page.on');
  if (!page.classList.contains('queue')) continue;
  const panel = figures.getBoundingClientRect();
  const inside = (node) => {
    const r = node.getBoundingClientRect();
    return r.height > 0 && r.top >= panel.top && r.bottom <= panel.bottom
           && r.left >= panel.left && r.right <= panel.right && r.bottom <= innerHeight;
  };
  const rows = Array.from(page.querySelectorAll('.row.detail'));
  const served = page.querySelector('.row.green');
  pages.push({names: rows.map((r) => r.querySelector('dt').textContent),
              inside: rows.map(inside), served: !!served && inside(served),
              font: Math.min(...rows.map((r) => parseFloat(getComputedStyle(r).fontSize))),
              source: inside(source) && source.scrollHeight <= source.clientHeight + 1});
}
return [innerWidth, innerHeight, pages];
"""


def test_every_service_waiting_shows_in_pages_on_a_1080p_tv(
        tv: Any, board_server: BoardServer, live_db: Database) -> None:
    """With nine services (long names among them) on a 1920x1080 TV the waiting column never cuts a
    row: its services come in pages turned like the other figures, each row of each page
    inside the panel at the column's usual size (2.6vh), "Đã phục vụ hôm nay" on every page,
    each service on exactly one page, the source line whole. (Without the pages the sixth
    service and the served-today row fell below the panel.)"""
    from shared.center import CenterService

    center = CenterService(live_db)
    extra = {"CB": "Chứng thực bản sao, chữ ký", "XH": "Bảo trợ xã hội, Người có công, Trẻ em",
             "KD": "Hộ kinh doanh và lĩnh vực khác",
             "LN": "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
             "TP": "Tư pháp", "XD": "Xây dựng"}
    for (code, name), prefix in zip(extra.items(), "EFGLMN", strict=True):
        center.add_service(SITE, code, name, prefix=prefix)
    queue = QueueService(live_db)
    for service in ("HT", "CT", *extra):
        queue.issue_ticket(SITE, service)
    tv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": False})
    tv.get(f"{board_server.url}/board/{SITE}")
    _wait(tv, "window.boardState && window.boardState.mark !== ''")
    width, height, pages = tv.execute_script(QUEUE_PAGES)
    assert (width, height) == (1920, 1080)
    assert len(pages) >= 2, pages
    shown = [name for page in pages for name in page["names"]]
    assert sorted(shown) == sorted(["Hộ tịch", "Chứng thực", "Đất đai", *extra.values()]), shown
    for page in pages:
        assert all(page["inside"]) and page["served"] and page["source"], page
        assert page["font"] >= 1080 * 0.026 - 0.5, page
