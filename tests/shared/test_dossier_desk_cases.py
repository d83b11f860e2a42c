"""The desk's cases in shared/dossiers.py (issue 13): a site-wide search (code, part of it,
name without accents, phone), a time limit entered at receipt, a supplement restarting that
limit, a new due date with its reason (form 04), the clerk and counter in each event.

Run on SQLite and PostgreSQL (``center_db``), clock fixed at Mon 10/03/2025 09:00.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.db.database import Database
from shared.dossier_limits import LimitChoice, LimitUnit
from shared.dossiers import Applicant, DossierService
from shared.errors import InvalidOperation
from shared.models import DossierStatus, Event
from tests.shared import dossier_center
from tests.shared.dossier_center import THREE_DAYS, UNKNOWN, at, clock_of

center_db = dossier_center.center_db
DUNG = Applicant("Phạm Thị Dung", "45 Nguyễn Thái Học", "0912 345 678")
HUNG = Applicant("Trần Văn Hùng", "", "0988.111.222")


@pytest.fixture
def service(center_db: Database) -> DossierService:
    return DossierService(center_db)


def test_search_finds_any_counters_dossier_by_code_part_name_without_accents_and_phone(
        service: DossierService, center_db: Database) -> None:
    """Received at counter 1 and 2, one of them finished: each is found site-wide by part of
    its code, the name typed without accents, the phone with or without its dots."""
    first = service.receive("cs1", THREE_DAYS, DUNG, counter=1)
    second = service.receive("cs1", THREE_DAYS, HUNG, counter=2)
    service.resolve(second.code)
    service.return_result(second.code)
    assert [d.code for d in service.search("cs1", "")] == [second.code, first.code]
    assert [d.code for d in service.search("cs1", "pham thi dung")] == [first.code]
    assert [d.code for d in service.search("cs1", "tran hung")] == [second.code]
    assert [d.code for d in service.search("cs1", "0988111222")] == [second.code]
    assert [d.code for d in service.search("cs1", "0912 345")] == [first.code]
    assert [d.code for d in service.search("cs1", second.code[-8:])] == [second.code]
    assert service.search("cs1", "hung")[0].status is DossierStatus.RETURNED
    assert service.search("cs1", "nguyen van khong co") == []
    only_open = service.search("cs1", "", statuses=[DossierStatus.RECEIVED])
    assert [d.code for d in only_open] == [first.code]
    assert service.search("cs2", "dung") == []


def test_a_time_limit_entered_at_receipt_gives_the_due_date_and_the_slip_text(
        service: DossierService) -> None:
    """The catalog has no limit for UNKNOWN: 5 working days entered → due Mon 17/03 09:00;
    a due date typed itself; "chưa xác định" only when chosen; nothing chosen → no limit."""
    five = service.receive("cs1", UNKNOWN, DUNG,
                           limit=LimitChoice(LimitUnit.WORKING_DAYS, 5))
    assert five.due_at == at("2025-03-17 09:00")
    assert five.time_limit_text == "5 ngày làm việc"
    same_day = service.receive("cs1", UNKNOWN, DUNG, limit=LimitChoice(LimitUnit.SAME_DAY))
    assert same_day.due_at == at("2025-03-10 17:00")
    assert same_day.time_limit_text == "Trong ngày"
    by_date = service.receive("cs1", UNKNOWN, DUNG, limit=LimitChoice(
        LimitUnit.DATE, due_at=at("2025-03-20 16:00")))
    assert by_date.due_at == at("2025-03-20 16:00")
    assert by_date.time_limit_text == "Theo ngày hẹn trả kết quả"
    unknown = service.receive("cs1", UNKNOWN, DUNG, limit=LimitChoice(LimitUnit.UNKNOWN))
    assert unknown.due_at is None and unknown.time_limit_text == "chưa xác định"
    with pytest.raises(InvalidOperation, match="phải sau"):
        service.receive("cs1", UNKNOWN, DUNG, limit=LimitChoice(
            LimitUnit.DATE, due_at=at("2025-03-10 08:00")))
    with pytest.raises(InvalidOperation, match="từ 1"):
        service.receive("cs1", UNKNOWN, DUNG, limit=LimitChoice(LimitUnit.DAYS, 0))


def test_a_supplement_received_restarts_the_limit_the_dossier_was_received_with(
        service: DossierService, center_db: Database) -> None:
    """5 working days entered on Monday; a supplement received on Wednesday 14:00 makes it
    due 5 working days from then (the catalog still has none)."""
    dossier = service.receive("cs1", UNKNOWN, DUNG,
                              limit=LimitChoice(LimitUnit.WORKING_DAYS, 5))
    service.request_supplement(dossier.code, "Thiếu bản sao CCCD")
    clock_of(center_db).moment = at("2025-03-12 14:00")
    again = service.supplement_received(dossier.code, clerk_id=None, counter_id=None)
    assert again.status is DossierStatus.RECEIVED
    assert again.due_at == at("2025-03-19 14:00")


def test_reschedule_moves_the_due_date_keeps_the_first_and_logs_the_reason(
        service: DossierService, center_db: Database) -> None:
    """Form 04: a later date with a reason; the first due date is kept; an earlier date, no
    reason or a finished dossier is refused."""
    dossier = service.receive("cs1", THREE_DAYS, DUNG, counter=1)
    first_due = dossier.due_at
    assert first_due is not None
    with pytest.raises(InvalidOperation, match="lý do"):
        service.reschedule(dossier.code, at("2025-03-20 16:00"), " ")
    with pytest.raises(InvalidOperation, match="sau ngày hẹn cũ"):
        service.reschedule(dossier.code, at("2025-03-11 16:00"), "Chờ xác minh")
    moved = service.reschedule(dossier.code, at("2025-03-20 16:00"),
                               "Chờ kết quả xác minh của Công an", counter_id=None)
    assert (moved.due_at, moved.first_due_at) == (at("2025-03-20 16:00"), first_due)
    again = service.reschedule(dossier.code, at("2025-03-24 16:00"), "Chờ thêm")
    assert again.first_due_at == first_due
    with center_db.reading() as s:
        event = s.scalars(select(Event).where(Event.kind == "dossier.rescheduled")
                          .order_by(Event.id)).first()
        assert event is not None and event.data["reason"] == "Chờ kết quả xác minh của Công an"
    service.resolve(dossier.code)
    with pytest.raises(InvalidOperation, match="không hẹn lại"):
        service.reschedule(dossier.code, at("2025-03-28 16:00"), "Chờ")


def test_a_dossier_given_a_new_date_still_counts_late_against_its_first(
        service: DossierService, center_db: Database) -> None:
    """An apology's new date (form 04) is what the citizen is told; the report counts the
    dossier against the first due date: overdue while open past it, late when finished after
    it though before the new date. A supplement received restarts the count: then the new
    due date is the one that counts."""
    from shared.reports import dossier_report

    dossier = service.receive("cs1", THREE_DAYS, DUNG, counter=1)
    first_due = dossier.due_at
    assert first_due is not None
    service.reschedule(dossier.code, first_due + timedelta(days=7), "Chờ xác minh")
    period = (at("2025-03-01 00:00"), at("2025-04-01 00:00"))
    after_first = first_due + timedelta(days=1)
    open_report = dossier_report(center_db, "cs1", *period, as_of=after_first)
    assert (open_report.total.open_overdue, open_report.total.open_within_time) == (1, 0)
    clock_of(center_db).moment = after_first
    service.resolve(dossier.code)
    done = dossier_report(center_db, "cs1", *period, as_of=after_first + timedelta(hours=1))
    assert (done.total.finished_late, done.total.finished_on_time,
            done.total.finished_early) == (1, 0, 0)

    other = service.receive("cs1", UNKNOWN, HUNG, limit=LimitChoice(LimitUnit.WORKING_DAYS, 5))
    assert other.due_at is not None
    service.reschedule(other.code, other.due_at + timedelta(days=3), "Chờ")
    service.request_supplement(other.code, "Thiếu giấy tờ")
    again = service.supplement_received(other.code, clerk_id=None, counter_id=None)
    assert again.first_due_at is None and again.due_at is not None
    report = dossier_report(center_db, "cs1", *period, as_of=again.due_at)
    assert report.total.open_within_time == 1


def test_each_transition_names_the_clerk_and_counter_that_did_it(
        service: DossierService, center_db: Database) -> None:
    """Received at counter 1, returned at counter 2: the return's event names counter 2."""
    dossier = service.receive("cs1", THREE_DAYS, DUNG, counter=1)
    service.resolve(dossier.code)
    with center_db.reading() as s:
        from shared.models import Counter
        counter_two = s.scalars(select(Counter).where(Counter.number == 2)).one().id
    service.return_result(dossier.code, counter_id=counter_two)
    with center_db.reading() as s:
        event = s.scalars(select(Event).where(Event.kind == "dossier.returned")).one()
        assert event.counter_id == counter_two
