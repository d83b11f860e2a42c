"""RatingService: citizens rate a finished ticket at the counter, anonymously.

A rating is stored against the ticket, the clerk who served it and the counter; nothing about
the citizen. The scale has three levels (default) or five (``settings.rating.scale``; a scale set
from the console for a site wins there: ``levels(site)``, shared/center_settings.py); the
"not satisfied" levels need a reason. One rating per ticket (a unique ticket id).

Levels are numbers, higher is better: on three levels 3 "Rất hài lòng", 2 "Hài lòng",
1 "Không hài lòng"; on five, 5 "Rất hài lòng" … 1 "Rất không hài lòng".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shared import queue_reads as reads
from shared.center_settings import stored_settings
from shared.clock import business_day
from shared.config import RatingSettings
from shared.db.database import Database
from shared.errors import InvalidOperation, NotFound
from shared.events import EventKind, record
from shared.lookups import get_counter, get_site
from shared.models import Clerk, Counter, Rating, Ticket, TicketStatus
from shared.views import TicketView


@dataclass(frozen=True)
class RatingLevel:
    """One choice of the scale: its value, its words, and whether it needs a reason."""

    value: int
    label: str
    label_en: str
    needs_reason: bool


LEVELS: dict[int, tuple[RatingLevel, ...]] = {
    3: (RatingLevel(3, "Rất hài lòng", "Very satisfied", False),
        RatingLevel(2, "Hài lòng", "Satisfied", False),
        RatingLevel(1, "Không hài lòng", "Not satisfied", True)),
    5: (RatingLevel(5, "Rất hài lòng", "Very satisfied", False),
        RatingLevel(4, "Hài lòng", "Satisfied", False),
        RatingLevel(3, "Bình thường", "Neutral", False),
        RatingLevel(2, "Không hài lòng", "Not satisfied", True),
        RatingLevel(1, "Rất không hài lòng", "Very dissatisfied", True)),
}

#: Reasons a citizen can pick with one touch when not satisfied.
COMMON_REASONS: tuple[tuple[str, str], ...] = (
    ("Thời gian chờ lâu", "Waited too long"),
    ("Thái độ phục vụ chưa tốt", "Unfriendly service"),
    ("Hướng dẫn chưa rõ ràng", "Unclear guidance"),
    ("Giải quyết hồ sơ chậm", "Slow handling"),
)


def levels(scale: int) -> tuple[RatingLevel, ...]:
    """The levels of a 3- or 5-level scale, best first."""
    if scale not in LEVELS:
        raise InvalidOperation(f"Thang đánh giá phải là 3 hoặc 5 mức, không phải {scale}.",
                               f"The rating scale is 3 or 5 levels, not {scale}.")
    return LEVELS[scale]


@dataclass(frozen=True)
class RatingView:
    id: int
    ticket_id: int
    ticket_number: str
    counter: int | None  # counter number
    clerk_id: int | None
    level: int
    scale: int
    label: str
    reason: str
    created_at: datetime


@dataclass(frozen=True)
class RatingSummary:
    """Ratings of one clerk at one counter: how many of each level, and the satisfied share."""

    counter: int | None
    clerk_id: int | None
    clerk_name: str
    scale: int
    counts: dict[int, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied_percent(self) -> float:
        """Share of ratings that need no reason (satisfied or better, neutral included)."""
        if not self.total:
            return 0.0
        good = sum(count for value, count in self.counts.items()
                   if not _level(self.scale, value).needs_reason)
        return round(100.0 * good / self.total, 1)


def _level(scale: int, value: int) -> RatingLevel:
    for level in levels(scale):
        if level.value == value:
            return level
    raise InvalidOperation(f"Mức đánh giá {value} không có trong thang {scale} mức.",
                           f"Level {value} is not on the {scale}-level scale.")


class RatingService:
    def __init__(self, db: Database, settings: RatingSettings | None = None) -> None:
        self.db = db
        self.settings = settings or RatingSettings()

    @property
    def scale(self) -> int:
        """The file's scale (``scale_for(site)``: the one in force at a site)."""
        return self.settings.scale

    def scale_for(self, site: str) -> int:
        """The scale in force at ``site``: the center's if set from the console, else the
        file's."""
        with self.db.reading() as session:
            return self._scale(session, get_site(session, site).id)

    def _scale(self, session: Session, site_id: int) -> int:
        return stored_settings(session, site_id).rating(self.settings).scale

    def levels(self, site: str | None = None) -> tuple[RatingLevel, ...]:
        """The levels to offer, best first: at ``site`` (its scale), else the file's."""
        return levels(self.scale_for(site) if site else self.settings.scale)

    def rate(self, ticket_id: int, level: int, reason: str = "",
             scale: int | None = None) -> RatingView:
        """Store a rating of a finished ticket. Anonymous: ticket, clerk, counter, level,
        reason. ``scale``: the scale the citizen was shown (``levels(site)``), else the
        file's."""
        scale = scale or self.settings.scale
        chosen = _level(scale, level)
        reason = reason.strip()
        if chosen.needs_reason and not reason:
            raise InvalidOperation(f"Xin cho biết lý do ông/bà “{chosen.label}”.",
                                   f"Please tell us why you are “{chosen.label_en}”.")
        try:
            with self.db.transaction() as session:
                now = self.db.now(session)
                ticket = session.get(Ticket, ticket_id)
                if ticket is None:
                    raise NotFound("Không tìm thấy số thứ tự này.", "No such ticket.")
                if ticket.status != TicketStatus.FINISHED:
                    raise InvalidOperation(f"Số {ticket.number} chưa được phục vụ xong.",
                                           f"Ticket {ticket.number} is not finished.")
                if session.scalar(select(Rating.id).where(Rating.ticket_id == ticket.id)):
                    raise _already_rated(ticket.number)
                rating = Rating(ticket_id=ticket.id, site_id=ticket.site_id,
                                clerk_id=ticket.clerk_id, counter_id=ticket.counter_id,
                                level=chosen.value, scale=scale, reason=reason,
                                created_at=now)
                session.add(rating)
                session.flush()
                record(session, EventKind.RATING, now, site_id=ticket.site_id,
                       ticket_id=ticket.id, counter_id=ticket.counter_id,
                       clerk_id=ticket.clerk_id, level=chosen.value, scale=rating.scale)
                return _view(session, rating, ticket)
        except IntegrityError as error:  # a second panel rated the same ticket at once
            raise _already_rated(str(ticket_id)) from error

    def pending_for_counter(self, site: str, counter_number: int,
                            max_age_seconds: int | None = None) -> TicketView | None:
        """The counter's latest finished ticket of today, if it is not rated yet (and was
        finished at most ``max_age_seconds`` ago): what the rating panel asks about."""
        with self.db.reading() as session:
            now = self.db.now(session)
            counter = get_counter(session, get_site(session, site), counter_number)
            ticket = session.scalar(
                select(Ticket).where(Ticket.counter_id == counter.id,
                                     Ticket.business_day == business_day(now),
                                     Ticket.finished_at.is_not(None))
                .order_by(Ticket.finished_at.desc(), Ticket.id.desc()).limit(1))
            if ticket is None or ticket.status != TicketStatus.FINISHED:
                return None
            if session.scalar(select(Rating.id).where(Rating.ticket_id == ticket.id)):
                return None
            assert ticket.finished_at is not None
            if max_age_seconds is not None and (
                    now - ticket.finished_at > timedelta(seconds=max_age_seconds)):
                return None
            return reads.ticket_view(session, ticket)

    def for_ticket(self, ticket_id: int) -> RatingView | None:
        with self.db.reading() as session:
            rating = session.scalar(select(Rating).where(Rating.ticket_id == ticket_id))
            if rating is None:
                return None
            ticket = session.get(Ticket, ticket_id)
            assert ticket is not None
            return _view(session, rating, ticket)

    def summary(self, site: str, start: datetime, end: datetime) -> list[RatingSummary]:
        """Ratings made in [start, end) per counter and clerk, by counter number."""
        with self.db.reading() as session:
            site_row = get_site(session, site)
            rows = session.execute(
                select(Counter.number, Rating.clerk_id, Clerk.full_name, Rating.scale,
                       Rating.level, func.count())
                .select_from(Rating)
                .outerjoin(Counter, Counter.id == Rating.counter_id)
                .outerjoin(Clerk, Clerk.id == Rating.clerk_id)
                .where(Rating.site_id == site_row.id, Rating.created_at >= start,
                       Rating.created_at < end)
                .group_by(Counter.number, Rating.clerk_id, Clerk.full_name, Rating.scale,
                          Rating.level)).all()
        grouped: dict[tuple[int | None, int | None, int], RatingSummary] = {}
        for number, clerk_id, name, scale, level, count in rows:
            key = (number, clerk_id, scale)
            if key not in grouped:
                grouped[key] = RatingSummary(number, clerk_id, name or "", scale, {})
            grouped[key].counts[int(level)] = int(count)
        return sorted(grouped.values(),
                      key=lambda item: (item.counter or 0, item.clerk_name, item.scale))


def _already_rated(number: str) -> InvalidOperation:
    return InvalidOperation(f"Số {number} đã được đánh giá. Xin cảm ơn!",
                            f"Ticket {number} has already been rated. Thank you!")


def _view(session: Session, rating: Rating, ticket: Ticket) -> RatingView:
    counter = session.get(Counter, rating.counter_id) if rating.counter_id else None
    return RatingView(
        id=rating.id, ticket_id=ticket.id, ticket_number=ticket.number,
        counter=counter.number if counter else None, clerk_id=rating.clerk_id,
        level=rating.level, scale=rating.scale, label=_level(rating.scale, rating.level).label,
        reason=rating.reason, created_at=rating.created_at)
