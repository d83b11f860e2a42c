"""The desk's cases around the straight path, for the counter window (issue 13):

- Ctrl+H puts the current ticket on hold (the citizen went to make a copy; the counter calls
  others meanwhile); Shift+F3 lists what the desk can take back: its held tickets, then
  today's no-shows. A digit or Enter takes one back at once (served again / called again), Q
  puts a no-show back in the queue in its place. The core decides who may (the clerk within
  ``queue.undo_minutes`` for the counter's own no-shows, a supervisor all day).
- A ticket of a past day the counter still holds (left "serving" at closing) is never resumed:
  it is ended at log-in, and while a window left open overnight still shows it, it reads as
  yesterday's and F1 ends it (the core's call does) before calling the next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from counter.text import t
from shared.clock import business_day
from shared.views import TicketView

if TYPE_CHECKING:
    from counter.app import CounterWindow


def from_past_day(ticket: TicketView | None, window: CounterWindow) -> bool:
    """Whether ``ticket`` (the counter's current one) belongs to a business day before today."""
    return ticket is not None and ticket.business_day < business_day(window._now())


class DeskCases:
    def __init__(self, window: CounterWindow) -> None:
        self.window = window

    def connect(self) -> None:
        panel = self.window.desk.set_aside
        panel.picked.connect(self._on_set_aside_picked)
        panel.requeued.connect(self._on_requeued)
        panel.cancelled.connect(self.window.desk.back_to_waiting)

    # ------------------------------------------------------------------ hold
    def on_hold(self) -> None:
        window = self.window
        if window.state is None or window.state.current is None:
            return
        counter_id = window._counter_id()
        ticket = window._do(lambda: window.ctx.queue.hold(counter_id), "hold")
        if ticket is not None:
            window.desk.serving.set_last_message(t("done_hold", number=ticket.number))
            window.reload()

    # ------------------------------------------------------------------ take back
    def on_set_aside(self) -> None:
        window = self.window
        if window.state is None:
            return
        counter_id = window._counter_id()
        entries = window._do(lambda: window.ctx.queue.set_aside(counter_id), "set_aside")
        if entries is None:
            return
        window.desk.show_side(window.desk.set_aside)
        window.desk.set_aside.ask(entries, window._now(), window.ctx.settings.queue.undo_minutes)
        window._update_actions()

    def _on_set_aside_picked(self, value: Any) -> None:
        window = self.window
        if value is None or window.state is None:
            return
        kind, ticket_id = value
        counter_id = window._counter_id()
        queue = window.ctx.queue
        take = queue.take_back if kind == "on_hold" else queue.call_again
        action = "take_back" if kind == "on_hold" else "call_again"
        ok, called = window._attempt(lambda: take(counter_id, int(ticket_id)), action)
        if not ok and window.last_unavailable:
            return  # not done: the list stays for the clerk to choose again
        window.desk.back_to_waiting()
        if called is None:
            window._update_actions()
            return
        key = "done_take_back" if kind == "on_hold" else "done_call_again"
        window.desk.serving.set_last_message(t(key, number=called.ticket.number))
        window._show_state(called.counter)
        window._reload_soon()

    def _on_requeued(self, ticket_id: int) -> None:
        window = self.window
        if window.state is None:
            return
        counter_id = window._counter_id()
        ok, ticket = window._attempt(
            lambda: window.ctx.queue.return_to_queue(ticket_id, counter_id), "requeue")
        if not ok and window.last_unavailable:
            return  # not done: the list stays for the clerk to choose again
        window.desk.back_to_waiting()
        if ticket is not None:
            window.desk.serving.set_last_message(t("done_requeue", number=ticket.number))
        window.reload()

    def set_aside_count(self) -> tuple[int, int]:
        """(tickets held here, today's no-shows this desk may still take back)."""
        window = self.window
        if window.state is None:
            return 0, 0
        counter_id = window.state.id
        entries = window._run(lambda: window.ctx.queue.set_aside(counter_id)) or []
        held = sum(1 for entry in entries if entry.kind == "on_hold")
        return held, sum(1 for entry in entries if entry.kind == "no_show" and entry.may_undo)

    # ------------------------------------------------------------------ past days
    def end_past_day(self) -> None:
        """At log-in: a ticket of a past day still held by the counter is ended (never
        resumed); the clerk is told which and why."""
        window = self.window
        state = window.state
        if state is None or not from_past_day(state.current, window):
            return
        assert state.current is not None
        ticket = state.current
        ended = window._run(lambda: window.ctx.queue.expire_past_days(window.ctx.site))
        if ended is None:
            return
        window.reload()
        window.banner.show_message(t("past_day_ended", number=ticket.number,
                                     day=f"{ticket.business_day:%d/%m/%Y}"), "info", 10000)
