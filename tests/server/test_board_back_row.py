"""The browser board readable from the back row (issue 14, item 8), measured in Chromium.

A 1080p viewport (the TV's full screen) on a live server; the cap height of each text is
measured with the page's own font: a canvas's ``measureText("H").actualBoundingBoxAscent``
in the element's computed font (Noto Sans bold/regular as served). 20 mm on a 55" screen at
0.63 mm/px is 32 px.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from shared.center import CenterService
from shared.db.database import Database
from shared.queue import QueueService
from tests.center_data import SITE
from tests.server.conftest import LiveServer, make_browser
from tests.server.test_board_browser import _wait

CAP_PX = 32.0

CAPS = """
const canvas = document.createElement('canvas').getContext('2d');
function cap(node) {
  const style = getComputedStyle(node);
  canvas.font = style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
  return canvas.measureText('H').actualBoundingBoxAscent;
}
function visible(node) { return node.offsetParent !== null && node.getClientRects().length; }
const pick = (selector) => Array.from(document.querySelectorAll(selector)).filter(visible);
return {
  labels: pick('.tile .label').map(cap),
  tickets: pick('.recent .ticket').map(cap),
  counters: pick('.recent .to').map(cap),
  values: pick('#figures dd').filter(n => n.textContent.trim()).map(cap),
};
"""


@pytest.fixture
def tv() -> Iterator[Any]:
    driver = make_browser(1920, 1200)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1920, "height": 1080, "deviceScaleFactor": 1, "mobile": False})
    try:
        yield driver
    finally:
        driver.quit()


def _center(db: Database, counters: int) -> None:
    center = CenterService(db)
    queue = QueueService(db)
    for number in range(4, counters + 1):
        center.add_counter(SITE, number, f"Quầy {number}", ["HT"])
    for _ in range(counters + 4):
        queue.issue_ticket(SITE, "HT")
    for state in queue.counters(SITE):
        if state.number != 2:  # counter 2 serves CT only
            queue.call_next(state.id)


def _rect(driver: Any, selector: str) -> dict[str, float]:
    rect: dict[str, float] = driver.execute_script(
        f"const r = document.querySelector('{selector}').getBoundingClientRect();"
        "return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};")
    return rect


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    width = min(a["right"], b["right"]) - max(a["left"], b["left"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return max(0.0, width) * max(0.0, height)


@pytest.mark.parametrize("counters", [6, 12])
def test_labels_recent_calls_and_figures_are_20_mm_high_and_nothing_covers_them(
        tv: Any, live_db: Database, live_server: LiveServer, counters: int) -> None:
    _center(live_db, counters)
    tv.get(f"{live_server.url}/board/{SITE}")
    _wait(tv, f"document.querySelectorAll('.tile').length === {counters}")
    _wait(tv, "window.boardState && window.boardState.mark !== ''")
    assert tv.execute_script("return window.innerHeight") == 1080
    pages = 1 if counters >= 12 else 3
    for page in range(pages):
        tv.execute_script(f"window.boardFigures.show({page})")
        caps = tv.execute_script(CAPS)
        assert len(caps["labels"]) == counters
        assert min(caps["labels"]) >= CAP_PX, caps["labels"]
        assert caps["tickets"] and min(caps["tickets"]) >= CAP_PX, caps["tickets"]
        assert caps["counters"] and min(caps["counters"]) >= CAP_PX, caps["counters"]
        assert len(caps["values"]) >= 3 and min(caps["values"]) >= CAP_PX, (page, caps)
    # the "tap to enable sound" button covers nothing
    tv.execute_script("document.getElementById('sound').hidden = false")
    button = _rect(tv, "#sound")
    assert button["bottom"] - button["top"] > 10
    others = tv.execute_script(
        "return Array.from(document.querySelectorAll('.tile, .panel, #site-name, "
        ".subtitle > span:not([hidden])')).map(n => {const r = n.getBoundingClientRect();"
        "return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};});")
    assert all(_overlap(button, other) == 0 for other in others), (button, others)
    # the call being announced covers neither the figures nor, beside many, the recent
    # calls, and never half of the tiles
    for counter in (1, counters):
        tv.execute_script(f"window.boardShowCalling({{ticket: 'A012', counter: {counter}}})")
        _wait(tv, "!document.getElementById('calling').hidden")
        calling = _rect(tv, "#calling")
        assert _overlap(calling, _rect(tv, "#figures")) == 0
        if counters >= 12:
            assert _overlap(calling, _rect(tv, ".recent")) == 0
        tiles = tv.execute_script(
            "return Array.from(document.querySelectorAll('.tile')).map(n => {const r = "
            "n.getBoundingClientRect(); return {n: n.dataset.counter, left: r.left, "
            "top: r.top, right: r.right, bottom: r.bottom};});")
        covered = [t["n"] for t in tiles if _overlap(calling, t)
                   > (t["right"] - t["left"]) * (t["bottom"] - t["top"]) / 10]
        assert len(covered) < counters / 2, covered
        if counters >= 12:
            assert str(counter) not in covered
