"""The desk's straight path, for the counter window: F1 call next (or Enter on a number of
the waiting list), F2 recall, F3 no-show, F4 transfer (the list of services and counters), F5
finish (the list of outcomes; a dossier's outcomes go to counter/dossier_flow.py), F8 pause or
resume, F9 close the counter (twice: it asks first). The cases around it (hold, take back, a
ticket of a past day) are counter/desk_cases.py's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from counter.login_flow import LOGOUT_CONFIRM_MS
from counter.panels.transfer import TransferTarget
from counter.text import localized, t
from shared.models import CounterStatus, Outcome

if TYPE_CHECKING:
    from counter.app import CounterWindow


class QueueActions:
    def __init__(self, window: CounterWindow) -> None:
        self.window = window
        #: F9 pressed once: a second press within this time closes the counter.
        self.close_armed = QTimer(window)
        self.close_armed.setSingleShot(True)
        self.close_armed.setInterval(LOGOUT_CONFIRM_MS)

    def connect(self) -> None:
        desk = self.window.desk
        desk.waiting.call_requested.connect(self.on_call_ticket)
        desk.outcome.picked.connect(self._on_outcome_picked)
        desk.outcome.cancelled.connect(desk.back_to_waiting)
        desk.transfer.picked.connect(self._on_transfer_picked)
        desk.transfer.cancelled.connect(desk.back_to_waiting)

    # ------------------------------------------------------------------ the queue
    def on_call_next(self) -> None:
        w = self.window
        if not w.actions_by_name["call_next"].isEnabled():
            return
        counter_id = w._counter_id()
        ok, called = w._attempt(lambda: w.ctx.queue.call_next(counter_id), "call_next")
        if not ok:
            return
        if called is None:
            w.banner.show_message(t("nobody_waiting"), "info", 3000)
            return
        w._show_state(called.counter)
        w._reload_soon()

    def on_call_ticket(self, ticket_id: int) -> None:
        w = self.window
        if not w.actions_by_name["call_next"].isEnabled():
            return
        counter_id = w._counter_id()
        called = w._do(lambda: w.ctx.queue.call_ticket(counter_id, ticket_id), "call_ticket")
        if called is not None:
            w._show_state(called.counter)
            w._reload_soon()

    def on_recall(self) -> None:
        w = self.window
        counter_id = w._counter_id()
        _ok, called = w._attempt(lambda: w.ctx.queue.recall(counter_id), "recall")
        if called is not None:
            w._show_state(called.counter)

    def on_no_show(self) -> None:
        w = self.window
        counter_id = w._counter_id()
        _ok, ticket = w._attempt(lambda: w.ctx.queue.no_show(counter_id), "no_show")
        if ticket is not None:
            w.desk.serving.set_last_message(t("done_no_show", number=ticket.number))
            w.reload()

    def on_pause(self) -> None:
        w = self.window
        assert w.state is not None
        target = (CounterStatus.OPEN if w.state.status != CounterStatus.OPEN
                  else CounterStatus.PAUSED)
        self._set_status(target)

    def on_close_counter(self) -> None:
        """F9 asks first (a second F9 within 5 s closes): the wall shows the counter closed."""
        w = self.window
        if not self.close_armed.isActive():
            self.close_armed.start()
            w.banner.show_message(t("close_confirm"), "warning", LOGOUT_CONFIRM_MS)
            return
        self.close_armed.stop()
        w.banner.hide()
        self._set_status(CounterStatus.CLOSED)

    def _set_status(self, status: CounterStatus) -> None:
        w = self.window
        counter_id = w._counter_id()
        action = "close" if status == CounterStatus.CLOSED else "pause"  # (or resume: its text)
        state = w._do(lambda: w.ctx.queue.set_counter_status(counter_id, status), action)
        if state is not None:
            w._show_state(state)

    # ------------------------------------------------------------------ transfer
    def on_transfer(self) -> None:
        w = self.window
        if w.state is None or w.state.current is None:
            return
        center, queue, site = w.ctx.center, w.ctx.queue, w.ctx.site
        found = w._do(lambda: (center.services(site), queue.counters(site)), "transfer")
        if found is None:
            return
        services, counters = found
        current = w.state.current
        w.desk.show_side(w.desk.transfer)
        w.desk.transfer.ask(current.number, current.service, services, counters,
                            w.state.number)

    def _on_transfer_picked(self, target: TransferTarget) -> None:
        w = self.window
        counter_id = w._counter_id()
        ok, ticket = w._attempt(lambda: w.ctx.queue.transfer(
            counter_id, to_service=target.service, to_counter=target.counter), "transfer")
        if not ok and w.last_unavailable:
            return  # not done: the list of targets stays for the clerk to pick again
        w.desk.back_to_waiting()
        if ticket is not None:
            where = (t("counter_title", number=target.counter, name="") if target.counter
                     else localized(ticket.service_name, ticket.service_name_en))
            w.desk.serving.set_last_message(t("done_transfer", number=ticket.number,
                                              target=where.strip(" —")))
            w.reload()

    # ------------------------------------------------------------------ finish
    def on_finish(self) -> None:
        w = self.window
        if w.state is None or w.state.current is None:
            return
        w.desk.show_side(w.desk.outcome)
        w.desk.outcome.ask(w.state.current.number, w.flow.received_for_ticket())

    def _on_outcome_picked(self, picked: str) -> None:
        w = self.window
        outcome = Outcome(picked)  # Qt hands a StrEnum back as a plain str
        if w.flow.on_outcome(outcome):
            return  # a dossier received, or the dossier picker (counter/dossier_flow.py)
        counter_id = w._counter_id()
        ok, ticket = w._attempt(lambda: w.ctx.queue.finish(counter_id, outcome), "finish")
        if not ok and w.last_unavailable:
            return  # handed back: the outcome list stays for the clerk to press again
        w.desk.back_to_waiting()
        if ticket is not None:
            w.desk.serving.set_last_message(t("done_finish", number=ticket.number,
                                              outcome=t(f"outcome_{outcome.value}")))
            w.reload()
