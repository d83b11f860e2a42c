"""Request bodies and the ticket object the API returns."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from shared.models import Outcome, Priority
from shared.ticket_json import ticket_json
from shared.views import TicketView


class IssueRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    service: str = Field(min_length=1, max_length=32, examples=["HT"])
    priority: Priority = Priority.NONE


class FinishRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcome: Outcome = Field(examples=["guided"])
    procedure: str | None = Field(default=None, max_length=64)


class TransferRequest(BaseModel):
    """Where to send the current ticket: another service, another counter, or both (a
    counter, for that service). At least one: ``{}`` is a 422 like any invalid body."""

    model_config = ConfigDict(extra="forbid")
    service: str | None = Field(default=None, max_length=32)
    counter: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _somewhere(self) -> TransferRequest:
        if self.service is None and self.counter is None:
            raise PydanticCustomError("transfer_target", "service or counter is required")
        return self


class TicketOut(BaseModel):
    """The ticket of ``layso ticket issue --json``, plus where a phone follows it."""

    id: int
    number: str
    service: str
    service_name: str
    priority: str
    status: str
    counter: int | None
    people_ahead: int | None
    estimated_wait_minutes: int | None
    #: The wait's range in minutes (about 80 % of actual waits fall inside); None when not
    #: waiting or not known.
    estimated_wait_low: int | None = None
    estimated_wait_high: int | None = None
    issued_at: str
    called_at: str | None
    outcome: str | None
    status_url: str | None = None


def ticket_out(view: TicketView, public_url: str) -> dict[str, Any]:
    data = ticket_json(view)
    data["status_url"] = (f"{public_url}/t/{view.public_token}"
                          if view.public_token else None)
    return data
