"""Tests for shared/dossiers.py: codes, due dates, the life of a dossier, lookup and lists.

Run on SQLite and PostgreSQL (``center_db``), with the database clock fixed at
Mon 10/03/2025 09:00 (Hà Nội) unless a test moves it.
"""

from __future__ import annotations

import dataclasses
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from shared.db.database import Database
from shared.dossiers import Applicant, DossierService
from shared.errors import InvalidOperation, NotFound
from shared.models import CalendarDay, CalendarDayKind, Channel, DossierStatus, Event
from tests.shared import dossier_center
from tests.shared.dossier_center import (
    AGENCY,
    FIFTEEN_DAYS,
    SAME_DAY,
    THREE_DAYS,
    UNKNOWN,
    at,
    clock_of,
)

center_db = dossier_center.center_db
AN = Applicant("Nguyễn Văn An", "12 Hàng Bông, Hoàn Kiếm", "0912345678", "an@example.vn")


@pytest.fixture
def service(center_db: Database) -> DossierService:
    return DossierService(center_db)


def test_codes_are_agency_day_sequence_and_restart_each_day(
        service: DossierService, center_db: Database) -> None:
    """Codes are <agency>-<yyMMdd>-<NNNN>; the number restarts the next local day."""
    first = service.receive("cs1", THREE_DAYS, AN)
    second = service.receive("cs1", SAME_DAY, AN, channel=Channel.ONLINE)
    clock_of(center_db).moment = at("2025-03-11 08:00")
    next_day = service.receive("cs1", THREE_DAYS, AN)
    assert [first.code, second.code, next_day.code] == [
        f"{AGENCY}-250310-0001", f"{AGENCY}-250310-0002", f"{AGENCY}-250311-0001"]


def test_each_agency_has_its_own_sequence_and_site_code_is_the_fallback(
        service: DossierService) -> None:
    """A site without an agency code numbers under its site code, independently."""
    service.receive("cs1", THREE_DAYS, AN)
    assert service.receive("cs2", THREE_DAYS, AN).code == "CS2-250310-0001"


def test_business_day_of_the_code_is_the_local_date(
        service: DossierService, center_db: Database) -> None:
    """23:30 UTC on 10/03 is 06:30 on 11/03 in Hà Nội: the code carries 250311."""
    clock_of(center_db).moment = at("2025-03-11 06:30")
    assert service.receive("cs1", THREE_DAYS, AN).code.endswith("-250311-0001")


def test_concurrent_receptions_never_share_a_number(
        service: DossierService, center_db: Database) -> None:
    """Six threads receiving at once get six distinct consecutive numbers."""
    codes: list[str] = []
    errors: list[BaseException] = []

    def receive() -> None:
        try:
            for _ in range(3):
                codes.append(service.receive("cs1", THREE_DAYS, AN).code)
        except BaseException as error:  # collected and re-raised below
            errors.append(error)

    threads = [threading.Thread(target=receive) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(codes) == [f"{AGENCY}-250310-{n:04d}" for n in range(1, 19)]


@pytest.mark.parametrize(("procedure", "received", "due"), [
    (THREE_DAYS, "2025-03-10 09:00", "2025-03-13 09:00"),
    (SAME_DAY, "2025-03-10 14:00", "2025-03-10 17:00"),
    (SAME_DAY, "2025-03-14 15:30", "2025-03-17 17:00"),
    (FIFTEEN_DAYS, "2025-03-10 09:00", "2025-03-25 17:00"),
    (THREE_DAYS, "2025-04-29 14:00", "2025-05-07 14:00"),  # 30/4, 1/5, 2/5/2025 off
])
def test_due_date_comes_from_the_procedure_time_limit(
        service: DossierService, procedure: str, received: str, due: str) -> None:
    """The due date follows the procedure's limit in the working calendar."""
    view = service.receive("cs1", procedure, AN, received_at=at(received))
    assert view.due_at == at(due)
    assert service.due_date(procedure, at(received)) == at(due)


def test_unknown_time_limit_gives_no_due_date(service: DossierService) -> None:
    """A procedure without a known time limit: no due date, never overdue."""
    view = service.receive("cs1", UNKNOWN, AN)
    assert view.due_at is None and view.time_limit_text == "" and not view.overdue


def test_calendar_overrides_in_the_database_move_due_dates(
        service: DossierService, center_db: Database) -> None:
    """A local closure (Tue 11/03) and a make-up Saturday from calendar_days are used."""
    with center_db.transaction() as s:
        s.add(CalendarDay(day=date(2025, 3, 11), kind=CalendarDayKind.DAY_OFF, note="Bầu cử"))
        s.add(CalendarDay(day=date(2025, 3, 15), kind=CalendarDayKind.WORKING_DAY))
    assert service.receive("cs1", THREE_DAYS, AN).due_at == at("2025-03-14 09:00")
    assert service.due_date(THREE_DAYS, at("2025-03-13 09:00")) == at("2025-03-17 09:00")
    assert not service.calendar_for("cs1").is_working_day(date(2025, 3, 11))


def test_receive_keeps_the_slip_details(service: DossierService) -> None:
    """Applicant, documents, copies, fee (default: the procedure's), counter and time limit."""
    view = service.receive("cs1", THREE_DAYS, AN, documents=["Hợp đồng", "CCCD"], copies=2,
                           counter=2, register_book="Sổ chứng thực", register_entry="15")
    assert view.applicant == AN and view.documents == ("Hợp đồng", "CCCD")
    assert (view.copies, view.fee, view.counter) == (2, "50.000 đồng", 2)
    assert view.time_limit_text == "3 ngày làm việc"
    assert view.agency_name == "UBND phường Ba Đình"


def test_receive_refuses_a_missing_name_or_unknown_procedure(service: DossierService) -> None:
    """User errors are LaysoErrors with a Vietnamese message."""
    with pytest.raises(InvalidOperation, match="họ tên"):
        service.receive("cs1", THREE_DAYS, Applicant("  "))
    with pytest.raises(NotFound, match="thủ tục"):
        service.receive("cs1", "9.999999", AN)


def test_life_of_a_dossier_to_the_returned_result(
        service: DossierService, center_db: Database) -> None:
    """received → resolved (ready for pickup) → returned, each step with an event."""
    code = service.receive("cs1", THREE_DAYS, AN).code
    clock_of(center_db).moment = at("2025-03-12 10:00")
    resolved = service.resolve(code, clerk_id=None)
    lookup = service.get(code)
    assert lookup.ready_for_pickup and lookup.status_text == "Đã có kết quả, mời nhận"
    assert resolved.resolved_at == at("2025-03-12 10:00")
    clock_of(center_db).moment = at("2025-03-17 08:00")
    returned = service.return_result(code)
    assert returned.status is DossierStatus.RETURNED and not service.get(code).overdue
    with center_db.reading() as s:
        kinds = list(s.scalars(select(Event.kind).order_by(Event.id)))
    assert kinds == ["dossier.received", "dossier.resolved", "dossier.returned"]


def test_steps_out_of_order_are_refused(service: DossierService) -> None:
    """A result cannot be returned before it is resolved; a refusal needs a reason."""
    code = service.receive("cs1", THREE_DAYS, AN).code
    with pytest.raises(InvalidOperation, match="Đang giải quyết"):
        service.return_result(code)
    with pytest.raises(InvalidOperation, match="lý do"):
        service.refuse(code, " ")
    assert service.refuse(code, "Không thuộc thẩm quyền").status is DossierStatus.REFUSED
    with pytest.raises(InvalidOperation):
        service.resolve(code)


def test_supplement_restarts_the_time_limit(
        service: DossierService, center_db: Database) -> None:
    """After a supplement request, the due date is counted again from the completed dossier."""
    code = service.receive("cs1", THREE_DAYS, AN).code
    service.request_supplement(code, "Thiếu bản sao CCCD")
    assert service.get(code).status_text == "Cần bổ sung hồ sơ"
    clock_of(center_db).moment = at("2025-03-12 14:00")
    again = service.supplement_received(code)
    assert again.status is DossierStatus.RECEIVED and again.due_at == at("2025-03-17 14:00")


def test_lookup_shows_nothing_personal_and_flags_overdue(
        service: DossierService, center_db: Database) -> None:
    """get() carries no name, address, phone or email; past the due moment it is overdue."""
    code = service.receive("cs1", THREE_DAYS, AN).code
    names = {f.name for f in dataclasses.fields(service.get(code))}
    assert not names & {"applicant", "applicant_name", "applicant_phone", "applicant_email"}
    assert AN.name not in repr(service.get(code)) and AN.phone not in repr(service.get(code))
    clock_of(center_db).moment = at("2025-03-13 09:01")
    assert service.get(f" {code.lower()} ").overdue
    with pytest.raises(NotFound, match="Không tìm thấy hồ sơ"):
        service.get("000-000000-0000")


def test_list_open_sorts_by_due_date_and_filters(service: DossierService) -> None:
    """Open dossiers soonest due first (unknown last); filter by counter and folded text."""
    late = service.receive("cs1", FIFTEEN_DAYS, AN, counter=1)
    soon = service.receive("cs1", SAME_DAY, Applicant("Trần Thị Bích"), counter=2)
    unknown = service.receive("cs1", UNKNOWN, Applicant("Lê Hoàng"), counter=1)
    done = service.receive("cs1", THREE_DAYS, AN)
    service.resolve(done.code)
    service.return_result(done.code)
    assert [v.code for v in service.list_open("cs1")] == [soon.code, late.code, unknown.code]
    assert [v.code for v in service.list_open("cs1", counter=1)] == [late.code, unknown.code]
    assert [v.code for v in service.list_open("cs1", query="tran thi")] == [soon.code]
    assert service.list_open("cs2") == []


def test_receipts_are_counted_once(service: DossierService, center_db: Database) -> None:
    """One dossier row and one event per reception."""
    service.receive("cs1", THREE_DAYS, AN)
    with center_db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == 1
