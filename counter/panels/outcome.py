"""Finishing a ticket: the outcome in one keypress (1 dossier received, 2 guided, …)."""

from __future__ import annotations

from counter.panels.choice_panel import ChoicePanel
from counter.text import t
from shared.models import Outcome

#: The order of the keys 1–6: the common cases first.
OUTCOME_ORDER: tuple[Outcome, ...] = (
    Outcome.DOSSIER_RECEIVED, Outcome.GUIDED, Outcome.RESULT_RETURNED,
    Outcome.SUPPLEMENT_REQUESTED, Outcome.REFUSED, Outcome.OTHER,
)


class OutcomePanel(ChoicePanel):
    """Emits ``picked(Outcome)``; 1 (dossier received) then asks for the procedure."""

    def __init__(self) -> None:
        super().__init__("outcomePanel")

    def ask(self, number: str, received: int = 0) -> None:
        """``received``: dossiers already received for the ticket (Ctrl+N): 1 then finishes
        it, and says so."""
        self.set_choices(t("outcome_title", number=number), t("outcome_hint"),
                         [(t("outcome_dossiers_received", count=received)
                           if outcome == Outcome.DOSSIER_RECEIVED and received
                           else t(f"outcome_{outcome.value}"), outcome)
                          for outcome in OUTCOME_ORDER])
        self.focus()
