"""The settings that belong to the center, not to one PC: set once from the console, read by
every app of the site.

Each PC's layso.toml (shared/config.py) holds defaults for the priority policy, the wall's
ticker lines and the rating scale. A value set here, stored per site in ``site_settings``,
wins over the file's, and is read where it is used, so a change reaches every app without
editing files on each PC:

- ``QueueService`` reads the site's priority policy on every call (``queue_settings``);
- ``RatingService`` stores a rating on the site's scale and offers its levels;
- ``BoardReader.announcements`` gives the wall's ticker lines; each app re-reads them on the
  ``config.changed`` event that every change here appends (before, after, by whom);
- the opening hours (``shared.center_hours``: the weekday sessions, an optional Saturday,
  the kiosk's early start and early stop) replace ``[kiosk] opening_hours`` and, for due
  dates, ``[calendar] sessions``: the kiosk re-reads them on ``config.changed``.

The daily cap of each service is a column of ``services`` (``CenterService.set_service``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal, cast

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from shared.center_hours import CenterHours, file_hours
from shared.config import DisplaySettings, QueueSettings, RatingSettings, Settings
from shared.db.database import Database
from shared.errors import InvalidOperation
from shared.events import EventKind, record
from shared.lookups import get_site
from shared.models import SiteSetting
from shared.site_policy import (
    MAX_PRIORITY_EVERY,
    POLICIES,
    PRIORITY_EVERY,
    PRIORITY_POLICY,
    stored_policy,
    with_policy,
)

#: The stored keys, as named in layso.toml (the priority policy's: shared.site_policy).
ANNOUNCEMENTS = "display.announcements"
RATING_SCALE = "rating.scale"
HOURS = "hours"
KEYS = (PRIORITY_POLICY, PRIORITY_EVERY, ANNOUNCEMENTS, RATING_SCALE, HOURS)

SCALES = (3, 5)
#: Ticker lines: how many, and how long each may be (a line scrolls on a wall far away).
MAX_ANNOUNCEMENTS = 20
MAX_ANNOUNCEMENT_LENGTH = 300

#: ``set(...)`` default: leave the setting as it is.
UNCHANGED: Any = object()


@dataclass(frozen=True)
class CenterSettings:
    """What the center set for a site; None = not set (each PC's file applies)."""

    priority_policy: Literal["strict", "interleave"] | None = None
    priority_every: int | None = None
    announcements: tuple[str, ...] | None = None
    rating_scale: Literal[3, 5] | None = None
    hours: CenterHours | None = None

    def opening_hours(self, settings: Settings) -> CenterHours:
        """The center's hours where set, else those of the PC's file."""
        return self.hours if self.hours is not None else file_hours(settings)

    def queue(self, base: QueueSettings) -> QueueSettings:
        """``base`` (the file's) with the center's priority policy where set."""
        return with_policy(base, self.priority_policy, self.priority_every)

    def display(self, base: DisplaySettings) -> DisplaySettings:
        if self.announcements is None:
            return base
        return replace(base, announcements=list(self.announcements))

    def rating(self, base: RatingSettings) -> RatingSettings:
        if self.rating_scale is None:
            return base
        return replace(base, scale=self.rating_scale)

    def apply(self, settings: Settings) -> Settings:
        """The file's settings with the center's where set."""
        return replace(settings, queue=self.queue(settings.queue),
                       display=self.display(settings.display),
                       rating=self.rating(settings.rating))


def stored_settings(session: Session, site_id: int) -> CenterSettings:
    """The center's settings of a site, read in the caller's transaction (one small query)."""
    values = {key: value for key, value in session.execute(
        select(SiteSetting.key, SiteSetting.value).where(SiteSetting.site_id == site_id))}
    return _from_values(values)


def _from_values(values: dict[str, Any]) -> CenterSettings:
    """Stored values, ignoring any that no longer validate (an older or hand-edited row)."""
    policy, every = stored_policy(values)
    lines = values.get(ANNOUNCEMENTS)
    scale = values.get(RATING_SCALE)
    hours = values.get(HOURS)
    return CenterSettings(
        priority_policy=policy, priority_every=every,
        announcements=tuple(str(line) for line in lines) if isinstance(lines, list) else None,
        rating_scale=cast(Literal[3, 5], scale) if scale in SCALES else None,
        hours=None if hours is None else CenterHours.from_json(hours),
    )


def queue_settings(session: Session, site_id: int, base: QueueSettings) -> QueueSettings:
    """The queue settings in force at a site: the file's, with the center's where set."""
    return stored_settings(session, site_id).queue(base)


def clean_announcements(lines: Sequence[str]) -> tuple[str, ...]:
    """Ticker lines as stored: spaces collapsed, blank lines dropped; checked."""
    cleaned = tuple(" ".join(line.split()) for line in lines if line.strip())
    if len(cleaned) > MAX_ANNOUNCEMENTS:
        raise InvalidOperation(f"Tối đa {MAX_ANNOUNCEMENTS} dòng thông báo.",
                               f"{MAX_ANNOUNCEMENTS} ticker lines at most.")
    for number, line in enumerate(cleaned, start=1):
        if len(line) > MAX_ANNOUNCEMENT_LENGTH:
            raise InvalidOperation(
                f"Dòng thông báo {number} dài quá {MAX_ANNOUNCEMENT_LENGTH} ký tự.",
                f"Ticker line {number} is longer than {MAX_ANNOUNCEMENT_LENGTH} characters.")
    return cleaned


class CenterSettingsService:
    """Read and change the center's settings of a site; ``actor`` (who) goes into the events."""

    def __init__(self, db: Database, *, actor: str = "") -> None:
        self.db = db
        self.actor = actor

    def get(self, site: str) -> CenterSettings:
        with self.db.reading() as session:
            return stored_settings(session, get_site(session, site).id)

    def effective(self, site: str, settings: Settings) -> Settings:
        """``settings`` (a PC's file) with the center's settings of ``site`` where set: what
        an app of that site uses, re-read on ``config.changed``."""
        return self.get(site).apply(settings)

    def hours(self, site: str, settings: Settings) -> CenterHours:
        """The opening hours in force at ``site``: the center's, else ``settings``' file."""
        return self.get(site).opening_hours(settings)

    def set(self, site: str, *, priority_policy: str | None = UNCHANGED,
            priority_every: int | None = UNCHANGED,
            announcements: Sequence[str] | None = UNCHANGED,
            rating_scale: int | None = UNCHANGED,
            hours: CenterHours | None = UNCHANGED) -> CenterSettings:
        """Set (a value), clear (None: back to each PC's file) or leave (``UNCHANGED``) each
        setting; all checked first, one transaction, one ``config.changed`` event with what
        changed (before, after) and who."""
        values: dict[str, Any] = {}
        if priority_policy is not UNCHANGED:
            if priority_policy is not None and priority_policy not in POLICIES:
                raise InvalidOperation(
                    f"Chính sách ưu tiên không hợp lệ: {priority_policy!r} "
                    f"({', '.join(POLICIES)}).",
                    f"Invalid priority policy {priority_policy!r} ({', '.join(POLICIES)}).")
            values[PRIORITY_POLICY] = priority_policy
        if priority_every is not UNCHANGED:
            if priority_every is not None and not 1 <= priority_every <= MAX_PRIORITY_EVERY:
                raise InvalidOperation(
                    f"Số lượt thường giữa hai lượt ưu tiên phải từ 1 đến {MAX_PRIORITY_EVERY}.",
                    f"Ordinary tickets between two priority ones: 1 to {MAX_PRIORITY_EVERY}.")
            values[PRIORITY_EVERY] = priority_every
        if announcements is not UNCHANGED:
            values[ANNOUNCEMENTS] = (None if announcements is None
                                     else list(clean_announcements(announcements)))
        if rating_scale is not UNCHANGED:
            if rating_scale is not None and rating_scale not in SCALES:
                raise InvalidOperation("Thang đánh giá là 3 hoặc 5 mức.",
                                       "The rating scale is 3 or 5 levels.")
            values[RATING_SCALE] = rating_scale
        if hours is not UNCHANGED:
            values[HOURS] = None if hours is None else hours.to_json()
        with self.db.transaction() as session:
            site_row = get_site(session, site)
            rows = {row.key: row for row in session.scalars(
                select(SiteSetting).where(SiteSetting.site_id == site_row.id))}
            now = self.db.now(session)
            changed: dict[str, list[Any]] = {}
            for key, value in values.items():
                row = rows.get(key)
                before = None if row is None else row.value
                if before == value:
                    continue
                changed[key] = [before, value]
                if value is None:
                    session.execute(delete(SiteSetting).where(
                        SiteSetting.site_id == site_row.id, SiteSetting.key == key))
                elif row is None:
                    session.add(SiteSetting(site_id=site_row.id, key=key, value=value,
                                            updated_at=now, updated_by=self.actor))
                else:
                    row.value, row.updated_at, row.updated_by = value, now, self.actor
            if changed:
                record(session, EventKind.CONFIG_CHANGED, now, site_id=site_row.id,
                       change="site.settings", site=site_row.code, changed=changed,
                       by=self.actor)
            return stored_settings(session, site_row.id)
