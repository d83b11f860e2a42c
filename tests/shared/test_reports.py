"""Tests for shared/reports.py: the report buckets of DOMAIN.md, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from shared.db.database import Database
from shared.dossiers import Applicant, DossierService
from shared.errors import NotFound
from shared.models import Channel
from shared.reports import Buckets, Finish, dossier_report, finish_bucket
from tests.shared import dossier_center
from tests.shared.dossier_center import SAME_DAY, THREE_DAYS, UNKNOWN, at, clock_of

center_db = dossier_center.center_db
AN = Applicant("Nguyễn Văn An")


@pytest.mark.parametrize(("resolved", "due", "bucket"), [
    ("2025-03-12 16:00", "2025-03-13 09:00", Finish.EARLY),  # an earlier calendar day
    ("2025-03-13 08:00", "2025-03-13 09:00", Finish.ON_TIME),  # the due day, before due
    ("2025-03-13 09:00", "2025-03-13 09:00", Finish.ON_TIME),  # exactly at the due moment
    ("2025-03-13 09:01", "2025-03-13 09:00", Finish.LATE),  # after the due moment
    ("2025-03-14 08:00", "2025-03-13 17:00", Finish.LATE),
])
def test_finish_bucket_rule(resolved: str, due: str, bucket: Finish) -> None:
    """Early = an earlier local day; on time = the due day up to the due moment; late = after."""
    assert finish_bucket(at(resolved), at(due)) is bucket


def test_finish_bucket_without_a_deadline() -> None:
    """A dossier whose time limit is unknown is neither early nor late."""
    assert finish_bucket(at("2025-03-13 09:00"), None) is Finish.NO_DEADLINE


def test_report_counts_every_bucket_per_channel(center_db: Database) -> None:
    """A week of a small center: each dossier lands in the buckets DOMAIN.md describes."""
    service = DossierService(center_db)
    clock = clock_of(center_db)
    # Mon 10/03 09:00: five dossiers due Thu 13/03 09:00 (3 working days), one same-day
    early, on_time, late, _open_post, refused = (
        service.receive("cs1", THREE_DAYS, AN, channel=channel).code
        for channel in (Channel.ONLINE, Channel.ONLINE, Channel.IN_PERSON, Channel.POST,
                        Channel.IN_PERSON))
    service.receive("cs1", SAME_DAY, AN)  # due Mon 17:00, open
    service.receive("cs1", UNKNOWN, AN, channel=Channel.ONLINE)  # no due date, open
    clock.moment = at("2025-03-11 10:00")
    service.request_supplement(refused, "Thiếu giấy tờ")
    service.refuse(refused, "Không bổ sung")
    clock.moment = at("2025-03-12 15:00")
    service.resolve(early)
    service.return_result(early)
    clock.moment = at("2025-03-13 08:30")
    service.resolve(on_time)
    clock.moment = at("2025-03-13 10:00")
    service.resolve(late)

    week = dossier_report(center_db, "cs1", at("2025-03-10 00:00"), at("2025-03-17 00:00"),
                          as_of=at("2025-03-14 17:00"))
    total = week.total
    assert total.received == 7
    assert (total.finished_early, total.finished_on_time, total.finished_late) == (1, 1, 1)
    # the one with no due date is its own bucket ("chưa có hạn"), never "trong hạn"
    assert (total.open_within_time, total.open_overdue, total.open_no_deadline) == (0, 2, 1)
    assert (total.supplement_requested, total.refused, total.returned) == (1, 1, 1)
    assert total.finished == 3 and total.on_time_rate == pytest.approx(2 / 3)
    online = week.by_channel[Channel.ONLINE]
    assert (online.received, online.finished_early, online.finished_on_time) == (3, 1, 1)
    assert week.by_channel[Channel.POST].open_overdue == 1


def test_open_buckets_are_judged_at_the_moment(center_db: Database) -> None:
    """Before its due moment an open dossier is within time; after it, overdue."""
    service = DossierService(center_db)
    service.receive("cs1", THREE_DAYS, AN)
    start, end = at("2025-03-10 00:00"), at("2025-03-31 00:00")
    before = dossier_report(center_db, "cs1", start, end, as_of=at("2025-03-13 09:00")).total
    after = dossier_report(center_db, "cs1", start, end, as_of=at("2025-03-13 09:01")).total
    assert (before.open_within_time, before.open_overdue) == (1, 0)
    assert (after.open_within_time, after.open_overdue) == (0, 1)


def test_dossiers_finished_before_the_moment_are_not_open(center_db: Database) -> None:
    """A dossier resolved on Wed is open as of Tue and not as of Thu; late finishes count once."""
    service = DossierService(center_db)
    code = service.receive("cs1", SAME_DAY, AN).code
    clock_of(center_db).moment = at("2025-03-12 10:00")
    service.resolve(code)
    start, end = at("2025-03-10 00:00"), at("2025-03-17 00:00")
    tuesday = dossier_report(center_db, "cs1", start, end, as_of=at("2025-03-11 12:00")).total
    thursday = dossier_report(center_db, "cs1", start, end, as_of=at("2025-03-13 12:00")).total
    assert tuesday.open_overdue == 1 and thursday.open_overdue == 0
    assert thursday.finished_late == 1


def test_period_excludes_other_periods_and_sites(center_db: Database) -> None:
    """Dossiers received before the period or at another site are not counted as received."""
    service = DossierService(center_db)
    service.receive("cs1", THREE_DAYS, AN)
    service.receive("cs2", THREE_DAYS, AN)
    next_week = dossier_report(center_db, "cs1", at("2025-03-17 00:00"),
                               at("2025-03-24 00:00"), as_of=at("2025-03-24 00:00"))
    assert next_week.total.received == 0 and next_week.total.open_overdue == 1
    assert dossier_report(center_db, "cs2", at("2025-03-10 00:00"),
                          at("2025-03-11 00:00")).total.received == 1


def test_unknown_site_is_a_friendly_error(center_db: Database) -> None:
    """Asking for a site that does not exist raises NotFound in Vietnamese."""
    with pytest.raises(NotFound, match="điểm phục vụ"):
        dossier_report(center_db, "nowhere", at("2025-03-10 00:00"), at("2025-03-11 00:00"))


def test_buckets_as_dict_carries_totals() -> None:
    """as_dict (for JSON output) adds finished and on_time_rate."""
    data = Buckets(finished_early=3, finished_late=1).as_dict()
    assert data["finished"] == 4 and data["on_time_rate"] == 0.75
