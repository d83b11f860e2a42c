"""The statuses and kinds of LấySố's rows: StrEnums, stored as their strings.

Apart from ``shared.models`` so the queue's Core paths (``shared.tables``, the CLI's
``ticket issue``) use them without loading the ORM.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Priority(StrEnum):
    """Priority classes of DOMAIN.md; NONE is the ordinary queue."""

    NONE = "none"
    ELDERLY = "elderly"
    DISABLED = "disabled"
    PREGNANT = "pregnant"
    MERIT = "merit"  # người có công, thương binh


class TicketStatus(StrEnum):
    WAITING = "waiting"
    SERVING = "serving"
    #: Put aside by its counter's clerk (the citizen went to make a copy); the counter serves
    #: others meanwhile and takes it back later (``QueueService.hold`` / ``take_back``).
    ON_HOLD = "on_hold"
    FINISHED = "finished"  # final
    NO_SHOW = "no_show"  # final
    CANCELLED = "cancelled"  # final: expired at the end of the day, or withdrawn


FINAL_TICKET_STATUSES = frozenset(
    {TicketStatus.FINISHED, TicketStatus.NO_SHOW, TicketStatus.CANCELLED}
)


class Outcome(StrEnum):
    DOSSIER_RECEIVED = "dossier_received"
    GUIDED = "guided"
    RESULT_RETURNED = "result_returned"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    REFUSED = "refused"
    OTHER = "other"


class CounterStatus(StrEnum):
    OPEN = "open"
    PAUSED = "paused"  # on break
    CLOSED = "closed"


class Channel(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    POST = "post"


class DossierStatus(StrEnum):
    RECEIVED = "received"  # in progress
    SUPPLEMENT_REQUESTED = "supplement_requested"
    REFUSED = "refused"
    RESOLVED = "resolved"  # result ready for pickup
    RETURNED = "returned"  # result handed to the citizen
    STOPPED = "stopped"
    WITHDRAWN = "withdrawn"  # the citizen withdrew the dossier ("rút hồ sơ"); final


class DossierOrigin(StrEnum):
    """Where a dossier's code comes from (``shared.dossier_codes``)."""

    LOCAL = "local"  # made here in the national format: marked "mã nội bộ" where it shows
    PROVINCE = "province"  # the provincial one-stop system's, typed or scanned at receipt
    IMPORT = "import"  # a row of the province's exported dossier list


class Delivery(StrEnum):
    COUNTER = "counter"
    POST = "post"


class CalendarDayKind(StrEnum):
    DAY_OFF = "day_off"  # an added holiday, an announced swap, a local closure
    NOT_HOLIDAY = "not_holiday"  # a holiday of the `holidays` package removed for this center
    WORKING_DAY = "working_day"  # a make-up working day on a weekend


class TokenScope(StrEnum):
    """What an API token may do: issue numbers (kiosk), work a counter, or only read."""

    KIOSK = "kiosk"
    COUNTER = "counter"
    READ = "read"
