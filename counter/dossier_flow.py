"""The dossier side of the desk, for the counter window (issue 13):

- Receiving: F5 then 1 receives a dossier and finishes the ticket; Ctrl+Shift+Enter on the
  form receives it and opens the next dossier for the same citizen (each gets its slip);
  Ctrl+N receives one more for the ticket being served without finishing it, or, with no
  ticket, a dossier nobody took a number for (a colleague sent the citizen over). A
  procedure without a time limit in the catalog asks for one (and may save it).
- Finishing with "result returned", "supplement" or "refused" asks which dossier (a
  searchable picker over the whole site) and acts on it: the result handed over, form 02 or
  the supplement received (a new slip, the due date counted again), form 03.
- The dossiers tab's actions, with form 03 on refusal, a new slip on a supplement received
  and form 04 (apology, new due date) on F10. Each is recorded against this clerk and counter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from counter.panels.receive import ReceiveRequest, due_text
from counter.slips import (
    apology_document,
    refusal_document,
    slip_document,
    supplement_document,
)
from counter.text import t
from shared.catalog import ProcedureView
from shared.dossier_limits import LimitChoice
from shared.dossier_views import Applicant, DossierView
from shared.models import DossierStatus, Outcome

if TYPE_CHECKING:
    from counter.app import CounterWindow

#: finishing outcome → the statuses of the dossiers it may act on (the first listed first)
PICKED_OUTCOMES: dict[Outcome, tuple[DossierStatus, ...]] = {
    Outcome.RESULT_RETURNED: (DossierStatus.RESOLVED, DossierStatus.RECEIVED),
    Outcome.SUPPLEMENT_REQUESTED: (DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.RECEIVED),
    Outcome.REFUSED: (DossierStatus.RECEIVED, DossierStatus.SUPPLEMENT_REQUESTED),
}


class DossierFlow:
    def __init__(self, window: CounterWindow) -> None:
        self.window = window
        #: "finish" (F5, 1), "extra" (Ctrl+N while serving) or "no_ticket" (Ctrl+N, idle)
        self.mode = "finish"
        #: How many dossiers this receive round has taken (the form's title says it).
        self.received_now = 0
        #: Ctrl+Shift+Enter: the citizen whose next dossier follows (None: a new one).
        self.carried: Applicant | None = None
        self.pending: Outcome | None = None
        #: The ticket's dossiers when the receive form opened (None: not known).
        self._known: set[str] | None = None
        #: A receive for a ticket whose outcome is unknown (the connection was lost as it was
        #: sent: it may have been committed): the same form sent again first looks for it.
        self._uncertain: tuple[object, ...] | None = None
        #: A receive with no ticket whose outcome is unknown: the counter's dossiers of that
        #: applicant just before it was sent (None: not known).
        self._before: set[str] | None = None

    def connect(self) -> None:
        w = self.window
        desk = w.desk
        desk.picker.picked.connect(self._on_procedure_picked)
        desk.picker.cancelled.connect(self._on_picker_cancelled)
        desk.receive.submitted.connect(self._on_receive_submitted)
        desk.receive.cancelled.connect(self._ask_procedure)
        desk.dossier_picker.picked.connect(self._on_dossier_picked)
        desk.dossier_picker.reason_given.connect(self._on_reason_given)
        desk.dossier_picker.without_dossier.connect(self._finish_without_dossier)
        desk.dossier_picker.cancelled.connect(w.queue_actions.on_finish)
        w.dossiers.acted.connect(self.on_dossier_acted)

    # ------------------------------------------------------------------ receiving
    def on_outcome(self, outcome: Outcome) -> bool:
        """The outcome picked on finishing; True when this flow takes it over."""
        if outcome == Outcome.DOSSIER_RECEIVED:
            self._receive_and_finish()
            return True
        if outcome in PICKED_OUTCOMES:
            self._ask_dossier(outcome)
            return True
        return False

    def received_for_ticket(self) -> int:
        """How many dossiers the ticket being served already has (Ctrl+N, Ctrl+Shift+Enter)."""
        w = self.window
        if w.state is None or w.state.current is None:
            return 0
        ticket_id = w.state.current.id
        return len(w._run(lambda: w.ctx.dossiers.of_ticket(ticket_id)) or [])

    def _receive_and_finish(self) -> None:
        w = self.window
        if w.state is None or w.state.current is None:
            return
        ticket_id = w.state.current.id
        already = w._run(lambda: w.ctx.dossiers.of_ticket(ticket_id)) or []
        if already:  # received with Ctrl+N or Ctrl+Shift+Enter: finishing is all that is left
            self._finish(Outcome.DOSSIER_RECEIVED, t(
                "done_finish_dossiers", count=len(already),
                codes=", ".join(d.code for d in already)),
                procedure_code=already[-1].procedure_code)
            return
        self.mode, self.received_now, self.carried = "finish", 0, None
        self._ask_procedure()

    def on_receive_key(self) -> None:
        """Ctrl+N: one more dossier for the ticket served, or one with no ticket."""
        w = self.window
        if w.state is None or w.offline:
            return
        if w.tabs.currentWidget() is not w.desk:
            w._show_tab(0)
        if w.desk.busy:
            w.banner.show_message(t("receive_busy"), "info", 4000)
            return
        self.mode = "extra" if w.state.current is not None else "no_ticket"
        self.received_now, self.carried = 0, None
        self._ask_procedure()

    def _ask_procedure(self) -> None:
        w = self.window
        if w.state is None or (self.mode != "no_ticket" and w.state.current is None):
            w.desk.back_to_waiting()
            return
        codes = ((w.state.current.service,) if w.state.current is not None
                 else w.state.services)
        center, catalog, site = w.ctx.center, w.ctx.catalog, w.ctx.site

        def read() -> list[Any]:
            catalog.index  # noqa: B018  (the picker's search index, read here off the GUI thread)
            return center.services(site)

        services = w._run(read) or []
        fields = tuple(dict.fromkeys(field for s in services if s.code in codes
                                     for field in s.fields))
        w.desk.show_side(w.desk.picker)
        w.desk.picker.ask(fields)

    def _on_picker_cancelled(self) -> None:
        if self.mode == "finish" and self.received_now == 0:
            self.window.queue_actions.on_finish()
        else:
            self.window.desk.back_to_waiting()

    def _title(self) -> str:
        w = self.window
        current = w.state.current if w.state is not None else None
        if self.mode == "no_ticket" or current is None:
            return t("receive_title_no_ticket")
        found = w._run(lambda: w.ctx.dossiers.of_ticket(current.id))
        self._known = None if found is None else {dossier.code for dossier in found}
        nth = len(found or []) + 1
        key = "receive_title_finish" if self.mode == "finish" else "receive_title_extra"
        return t(key, number=current.number, nth=nth)

    def _on_procedure_picked(self, procedure: ProcedureView) -> None:
        w = self.window
        code = procedure.code

        def preview(choice: LimitChoice | None) -> Any:
            return w._run(lambda: w.ctx.dossiers.due_date(code, w._now(), choice))

        w.desk.show_side(w.desk.receive)
        w.desk.receive.ask(procedure, preview, self._title(), self.carried)

    def _on_receive_submitted(self, request: ReceiveRequest) -> None:
        w = self.window
        assert w.state is not None and w.clerk is not None
        state, clerk, dossiers = w.state, w.clerk, w.ctx.dossiers
        if self.mode != "no_ticket" and state.current is None:
            w.desk.back_to_waiting()
            return
        common: dict[str, Any] = dict(documents=request.documents, copies=request.copies,
                                      delivery=request.delivery, fee=request.fee,
                                      clerk_id=clerk.id, limit=request.limit,
                                      code=request.code or None)
        code = request.procedure.code
        if self.mode == "no_ticket":
            dossier = self._receive_without_ticket(request, common)
        else:
            # One transaction: the dossier and (when it is the last) the finished ticket, or
            # neither (the form stays filled in). The slip is printed after the commit.
            assert state.current is not None
            ticket_id = state.current.id
            finish = self.mode == "finish" and not request.another
            attempt = (ticket_id, code, request.applicant, tuple(sorted(common.items(),
                                                                        key=str)))
            sent_before = self._uncertain == attempt and self._known is not None
            known = set(self._known or ())

            def receive() -> DossierView:
                if sent_before:  # committed the first time? then it is done: not twice
                    for dossier in dossiers.of_ticket(ticket_id):
                        if dossier.code not in known and dossier.procedure_code == code and (
                                dossier.applicant.name == request.applicant.name):
                            return dossier
                return dossiers.receive_at_counter(
                    w.ctx.site, state.number, ticket_id, code, request.applicant,
                    finish_ticket=finish, **common)

            dossier = w._do(receive, "receive")
            self._uncertain = attempt if dossier is None and w.offline else None
        if dossier is None:
            # Why, in the form too (replacing an earlier field's error): refused, or not done
            # for want of the database (the form stays filled in: submit it again).
            w.desk.receive.show_refusal(w.banner.message() if w.banner.isVisible() else "")
            if not w.last_unavailable:
                w.reload()  # the ticket may have ended elsewhere: show the counter as it is
            return
        self.received_now += 1
        saved, limit_kept = self._save_limit(request)
        printed = w.slips.print_slip(slip_document(dossier, clerk.full_name))
        message = t("done_received", code=dossier.code, due=due_text(dossier.due_at),
                    printed=printed.message) + saved
        if self.mode == "extra" or (self.mode == "finish" and request.another):
            assert state.current is not None
            message += " " + t("still_serving", number=state.current.number)
        w.desk.serving.set_last_message(message)
        w.banner.show_message(message, "warning" if printed.queued or not limit_kept
                              else "success", 8000 if limit_kept else 0)
        w.dossiers.refresh()
        if request.another:
            applicant = request.applicant
            self.carried = Applicant(applicant.name, applicant.address, applicant.phone)
            self._ask_procedure()
            return
        self.carried = None
        w.desk.back_to_waiting()
        w.reload()

    def _receive_without_ticket(self, request: ReceiveRequest,
                                common: dict[str, Any]) -> DossierView | None:
        """A dossier nobody took a number for (Ctrl+N, idle). With no ticket to look in, the
        counter's open dossiers of this applicant are read just before it is sent: sent again
        after an answer that was lost (it may have been committed), a dossier of the same
        procedure and applicant this clerk received here since then is the one: not twice."""
        w = self.window
        assert w.state is not None and w.clerk is not None
        site, number, clerk_id, dossiers = w.ctx.site, w.state.number, w.clerk.id, w.ctx.dossiers
        applicant, code = request.applicant, request.procedure.code
        attempt = ("no_ticket", number, code, applicant, tuple(sorted(common.items(), key=str)))
        sent_before = self._uncertain == attempt and self._before is not None
        before = set(self._before or ()) if sent_before else None
        taken: list[set[str]] = []

        def mine() -> list[DossierView]:
            return [dossier for dossier in dossiers.list_open(site, number, applicant.name)
                    if dossier.ticket_id is None and dossier.clerk_id == clerk_id
                    and dossier.procedure_code == code
                    and dossier.applicant.name == applicant.name.strip()
                    and dossier.applicant.phone == applicant.phone]

        def receive() -> DossierView:
            if before is not None:  # committed the first time? then it is done: not twice
                for dossier in mine():
                    if dossier.code not in before:
                        return dossier
            else:
                taken.append({dossier.code for dossier in mine()})
            return dossiers.receive(site, code, applicant, counter=number, **common)

        dossier = w._do(receive, "receive")
        uncertain = dossier is None and w.offline
        self._uncertain = attempt if uncertain else None
        self._before = (before if before is not None else taken[0] if taken else None
                        ) if uncertain else None
        return dossier

    def _save_limit(self, request: ReceiveRequest) -> tuple[str, bool]:
        """The clerk asked to keep the entered limit in the catalog: saved, and said so; or,
        the database busy or lost, said NOT saved (the dossier is received all the same).
        Returns the words to add and whether nothing was left undone."""
        value = request.limit.catalog_value() if request.limit is not None else None
        if not request.save_limit or value is None:
            return "", True
        w = self.window
        limit, unit = value
        ok, _saved = w._attempt(lambda: w.ctx.catalog.update_procedure(
            request.procedure.code, time_limit=limit, time_unit=unit))
        if ok:
            return " " + t("limit_saved"), True
        if w.last_unavailable:
            return " " + t("limit_not_saved"), False
        return "", True

    # ------------------------------------------------------------------ finishing on a dossier
    def _ask_dossier(self, outcome: Outcome) -> None:
        w = self.window
        if w.state is None or w.state.current is None:
            return
        self.pending = outcome
        statuses = PICKED_OUTCOMES[outcome]

        def load(query: str) -> list[DossierView] | None:
            found = w._run(lambda: w.ctx.dossiers.search(w.ctx.site, query,
                                                         statuses=statuses, limit=50))
            # Typed: the best match first (shared/dossier_search.py). Untyped: what the
            # outcome is most likely about first, results ready, supplements asked.
            if found is None or query.strip():
                return found
            return sorted(found, key=lambda dossier: dossier.status != statuses[0])

        w.desk.show_side(w.desk.dossier_picker)
        w.desk.dossier_picker.ask(t(f"dossier_picker_{outcome.value}",
                                    number=w.state.current.number), load)

    def _on_dossier_picked(self, dossier: DossierView) -> None:
        w = self.window
        outcome = self.pending
        if outcome == Outcome.SUPPLEMENT_REQUESTED and (
                dossier.status == DossierStatus.SUPPLEMENT_REQUESTED):
            done = self._supplemented(dossier)
            if done is not None:  # received (a new slip), not requested
                self._finish(Outcome.DOSSIER_RECEIVED, done)
        elif outcome == Outcome.SUPPLEMENT_REQUESTED:
            w.desk.dossier_picker.ask_reason("supplement", dossier)
        elif outcome == Outcome.REFUSED:
            w.desk.dossier_picker.ask_reason("refuse", dossier)
        elif outcome == Outcome.RESULT_RETURNED:
            done = self._returned(dossier)
            if done is not None:
                self._finish(outcome, done)

    def _on_reason_given(self, action: str, dossier: DossierView, reason: str,
                         documents: tuple[str, ...]) -> None:
        done = (self._supplement(dossier, reason, documents) if action == "supplement"
                else self._refuse(dossier, reason))
        if done is None and self.window.last_unavailable:
            self.window.desk.dossier_picker.reopen_reason(dossier)  # as typed: Enter again
            return
        if done is not None and self.pending is not None:
            self._finish(self.pending, done)

    def _finish_without_dossier(self) -> None:
        if self.pending is not None:
            self._finish(self.pending, "")

    def _finish(self, outcome: Outcome, done: str, procedure_code: str | None = None) -> None:
        w = self.window
        if w.state is None or w.state.current is None:
            w.desk.back_to_waiting()
            return
        counter_id = w._counter_id()
        ok, ticket = w._attempt(
            lambda: w.ctx.queue.finish(counter_id, outcome, procedure_code), "finish")
        if not ok and w.last_unavailable:
            return  # not done (busy or offline): the panel stays for the clerk to press again
        w.desk.back_to_waiting()
        self.pending = None
        if ticket is not None:
            text = t("done_finish", number=ticket.number, outcome=t(f"outcome_{outcome.value}"))
            w.desk.serving.set_last_message(f"{text} {done}".strip())
            w.reload()
        w.dossiers.refresh()

    # ------------------------------------------------------------------ acting on a dossier
    def _who(self) -> dict[str, Any]:
        w = self.window
        assert w.clerk is not None
        return {"clerk_id": w.clerk.id, "counter_id": w.state.id if w.state else None}

    def _clerk_name(self) -> str:
        return self.window.clerk.full_name if self.window.clerk else ""

    def _returned(self, dossier: DossierView) -> str | None:
        """The result handed over (a dossier still "received" is resolved first). The status
        is read afresh: pressed again after a first try that resolved it but could not
        record the return, it is not resolved twice."""
        w, service, who, code = self.window, self.window.ctx.dossiers, self._who(), dossier.code

        def hand_over() -> DossierView:
            if service.details(code).status == DossierStatus.RECEIVED:
                service.resolve(code, **who)
            return service.return_result(code, **who)

        done = w._do(hand_over, "return", code)
        return None if done is None else t("dossier_done_return", code=code)

    def _supplemented(self, dossier: DossierView) -> str | None:
        w = self.window
        done = w._do(lambda: w.ctx.dossiers.supplement_received(dossier.code, **self._who()),
                     "supplemented", dossier.code)
        if done is None:
            return None
        printed = w.slips.print_slip(slip_document(done, self._clerk_name(),
                                                   supplemented_at=w._now()))
        return t("dossier_done_supplemented_slip", code=done.code, due=due_text(done.due_at),
                 printed=printed.message)

    def _supplement(self, dossier: DossierView, reason: str,
                    documents: tuple[str, ...]) -> str | None:
        w = self.window
        done = w._do(lambda: w.ctx.dossiers.request_supplement(dossier.code, reason,
                                                               **self._who()),
                     "supplement", dossier.code)
        if done is None:
            return None
        doc = supplement_document(done, documents, reason, self._clerk_name(), w._now())
        return t("dossier_done_supplement", code=done.code,
                 printed=w.slips.print_form(doc).message)

    def _refuse(self, dossier: DossierView, reason: str) -> str | None:
        w = self.window
        done = w._do(lambda: w.ctx.dossiers.refuse(dossier.code, reason, **self._who()),
                     "refuse", dossier.code)
        if done is None:
            return None
        doc = refusal_document(done, reason, self._clerk_name(), w._now())
        return t("dossier_done_refuse_form", code=done.code,
                 printed=w.slips.print_form(doc).message)

    def _reschedule(self, dossier: DossierView, reason: str, extra: tuple[Any, ...]) -> str | None:
        w = self.window
        new_due = extra[0]
        done = w._do(lambda: w.ctx.dossiers.reschedule(dossier.code, new_due, reason,
                                                       **self._who()),
                     "reschedule", dossier.code)
        if done is None:
            return None
        doc = apology_document(done, dossier.due_at, reason, self._clerk_name(), w._now())
        return t("dossier_done_reschedule", code=done.code, due=due_text(done.due_at),
                 printed=w.slips.print_form(doc).message)

    def on_dossier_acted(self, action: str, dossier: DossierView, extra: Any) -> None:
        """An action of the dossiers tab on ``dossier`` (``extra``: the reason form's)."""
        w = self.window
        if w.clerk is None:
            return
        service, who, code = w.ctx.dossiers, self._who(), dossier.code
        done: str | None = None
        if action == "resolve":
            if w._do(lambda: service.resolve(code, **who), "resolve", code) is not None:
                done = t("dossier_done_resolve", code=code)
        elif action == "return":
            done = self._returned(dossier)
        elif action == "supplemented":
            done = self._supplemented(dossier)
        elif action == "refuse":
            done = self._refuse(dossier, extra[0])
        elif action == "supplement":
            done = self._supplement(dossier, extra[0], extra[1])
        elif action == "reschedule":
            done = self._reschedule(dossier, extra[0], extra[1])
        elif action == "reprint":
            printed = w.slips.print_slip(slip_document(dossier, self._clerk_name()))
            w.banner.show_message(printed.message, "info")
            return
        if done is None and w.last_unavailable and action in ("refuse", "supplement",
                                                              "reschedule"):
            w.dossiers.reopen_reason(dossier)  # the form as typed: Enter does it again
        if done is not None:
            w.banner.show_message(done, "success", 6000)
            w.dossiers.refresh()
