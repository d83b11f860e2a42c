"""Transferring the current ticket to another service or to a particular counter."""

from __future__ import annotations

from dataclasses import dataclass

from counter.panels.choice_panel import ChoicePanel
from counter.text import localized, t
from shared.views import CounterState, ServiceView


@dataclass(frozen=True)
class TransferTarget:
    service: str | None = None
    counter: int | None = None


class TransferPanel(ChoicePanel):
    """Emits ``picked(TransferTarget)``."""

    def __init__(self) -> None:
        super().__init__("transferPanel")

    def ask(self, number: str, current_service: str, services: list[ServiceView],
            counters: list[CounterState], own_counter: int) -> None:
        choices: list[tuple[str, TransferTarget]] = []
        for service in services:
            if service.code != current_service:
                name = localized(service.name, service.name_en)
                choices.append((t("transfer_to_service", name=name, code=service.code),
                                TransferTarget(service=service.code)))
        for counter in counters:
            if counter.number != own_counter:
                served = ", ".join(counter.services)
                choices.append((t("transfer_to_counter", number=counter.number,
                                  services=served, status=t(f"status_{counter.status.value}")),
                                TransferTarget(counter=counter.number)))
        self.set_choices(t("transfer_title", number=number), t("transfer_hint"), choices)
        self.focus()
