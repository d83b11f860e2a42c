"""The cyclic garbage collector runs on the GUI thread only while an app runs
(shared/ui/gc_guard.py): a cycle dropped by another thread (the change feed's, the voice's, a
database worker's) is freed on the GUI thread, never in that thread. A worker's call
(shared/ui/worker.py) pauses automatic collection through the same module: the two hold it off
together, in any order."""

from __future__ import annotations

import gc
import threading
from typing import Any, ClassVar

from pytestqt.qtbot import QtBot

from shared.ui.gc_guard import GuiThreadCollector, collection_paused


class Cycle:
    """An object in a reference cycle that records the thread that frees it."""

    freed_in: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        Cycle.freed_in.append(threading.current_thread().name)


def drop_cycles_in_a_thread(count: int = 1000) -> None:
    """Another thread drops ``count`` cycles (more than generation 0's threshold, 700: a
    collection is due) and allocates a burst more."""
    def work() -> None:
        for _ in range(count):
            Cycle()
        ballast: list[Any] = [[] for _ in range(50_000)]
        del ballast

    thread = threading.Thread(target=work, name="layso-feed")
    thread.start()
    thread.join()


def test_without_it_a_thread_frees_the_cycles_it_dropped() -> None:
    """What the guard is for: left automatic, the collection runs in the other thread."""
    Cycle.freed_in.clear()
    gc.collect()
    assert gc.isenabled()
    drop_cycles_in_a_thread()
    assert "layso-feed" in Cycle.freed_in
    gc.collect()


def test_with_it_the_gui_thread_frees_them(qtbot: QtBot) -> None:
    gc.collect()
    Cycle.freed_in.clear()
    collector = GuiThreadCollector(interval_ms=20)
    try:
        assert not gc.isenabled()
        drop_cycles_in_a_thread()
        assert Cycle.freed_in == []  # nothing collected in the feed's thread
        qtbot.waitUntil(lambda: len(Cycle.freed_in) == 1000, timeout=5000)
        assert set(Cycle.freed_in) == {threading.main_thread().name}
        assert collector.collections[0] >= 1
    finally:
        collector.stop()
    assert gc.isenabled()  # automatic collection back as it was


def test_it_leaves_a_collector_paused_by_someone_else_paused(qtbot: QtBot) -> None:
    gc.disable()
    try:
        GuiThreadCollector(interval_ms=20).stop()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_pause_begun_before_the_collector_leaves_collection_to_it(qtbot: QtBot) -> None:
    """A worker's call begun before the collector starts: its end does not turn automatic
    collection back on under the running collector; the collector's stop does."""
    assert gc.isenabled()
    with collection_paused():
        collector = GuiThreadCollector(interval_ms=20)
    try:
        assert not gc.isenabled()
    finally:
        collector.stop()
    assert gc.isenabled()


def test_the_collector_stopped_during_a_pause_leaves_it_paused(qtbot: QtBot) -> None:
    """The collector stopped while a worker's call runs: no automatic collection until the
    call ends (it could free a window in the worker's thread)."""
    collector = GuiThreadCollector(interval_ms=20)
    with collection_paused():
        collector.stop()
        assert not gc.isenabled()
        collector.stop()  # a second stop changes nothing
        assert not gc.isenabled()
    assert gc.isenabled()


def test_pauses_nest_and_keep_a_collector_paused_by_someone_else_paused() -> None:
    with collection_paused():
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
