"""CenterService (shared/center.py, shared/ticket_numbers.py) and ClerkAccounts
(shared/clerk_accounts.py), on SQLite and PostgreSQL: ticket numbers can never be issued twice
at a site on a day, and every change of the set-up is an event saying who did what."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from shared.catalog import CatalogService
from shared.center import CenterService
from shared.clerk_accounts import ClerkAccounts
from shared.clerks import ClerkService
from shared.db.database import Database
from shared.errors import AuthError, InvalidOperation
from shared.models import Event, Procedure, Role, Service
from shared.queue import QueueService
from tests.center_data import PASSWORD, SITE


def _services(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Service)) or 0


def _changes(db: Database) -> list[dict[str, Any]]:
    """The data of every config.changed event, oldest first."""
    with db.reading() as session:
        return [dict(event.data, at=event.at, site_id=event.site_id) for event in
                session.scalars(select(Event).where(Event.kind == "config.changed")
                                .order_by(Event.id))]


@pytest.mark.parametrize(("number_format", "said"), [
    ("{prefix}12", "'Y12' cho lượt 1 và lượt 2"),      # no sequence at all
    ("{prefix}{n!s:.1}", "'Y1' cho lượt 1 và lượt 10"),  # the sequence cut short
    ("{prefix}{x}", "không hợp lệ"),
    ("{prefix}{n:020d}", "từ 1 đến 16 ký tự"),
])
def test_a_format_printing_one_number_twice_is_refused(center: Database, number_format: str,
                                                       said: str) -> None:
    """A format must print a different number for every sequence of a day (the old check
    only looked for "12" in one sample, so "{prefix}12" made every ticket Y12)."""
    before = _services(center)
    with pytest.raises(InvalidOperation) as raised:
        CenterService(center).add_service(SITE, "Y", "Y", prefix="Y",
                                          number_format=number_format)
    assert said in raised.value.message
    assert _services(center) == before


def test_a_prefix_of_another_service_of_the_site_is_refused(center: Database) -> None:
    """Two services of one site with prefix A would both issue A001 on the same day; another
    site may use A."""
    center_service = CenterService(center)
    with pytest.raises(InvalidOperation) as raised:
        center_service.add_service(SITE, "XX", "Khác", prefix="A")
    assert "Tiền tố 'A' đã dùng cho dịch vụ HT" in raised.value.message
    assert "already used by service HT" in raised.value.message_en
    center_service.add_site("CS2", "Cơ sở 2")
    assert center_service.add_service("CS2", "XX", "Khác", prefix="A").prefix == "A"


@pytest.mark.parametrize(("first", "second", "shared"), [
    ("1{n:03d}", "1{n:03d}", "1001"),
    ("1{n:03d}", "{n}", "1001"),
    ("{n:04d}", "0{n:03d}", "0001"),
])
def test_numeric_formats_whose_numbers_overlap_are_refused(center: Database, first: str,
                                                           second: str, shared: str) -> None:
    """Formats without a prefix must not be able to print the same number: the message names
    the other service and a number both would print."""
    center_service = CenterService(center)
    center_service.add_service(SITE, "N1", "Số 1", number_format=first)
    with pytest.raises(InvalidOperation) as raised:
        center_service.add_service(SITE, "N2", "Số 2", number_format=second)
    assert f"trùng với dịch vụ N1 (cả hai cấp được số {shared!r})" in raised.value.message
    center_service.add_service(SITE, "N3", "Số 3", prefix="P")


def test_a_start_number_below_zero_is_refused(center: Database) -> None:
    """``start_number`` is the first sequence of a day: 0 or more."""
    with pytest.raises(InvalidOperation, match="Số bắt đầu phải từ 0 trở lên, nhận được -5"):
        CenterService(center).add_service(SITE, "Z", "Z", prefix="Z", start_number=-5)
    assert CenterService(center).add_service(SITE, "Z", "Z", prefix="Z",
                                             start_number=0).start_number == 0


def test_set_service_changes_it_and_records_who_did_what(center: Database) -> None:
    """Name, prefix, format, cap and active change in one call; one config.changed event
    holds before, after and the actor; a deactivated service issues nothing and leaves the
    list (but not the full list)."""
    center_service = CenterService(center, actor="admin-pc")
    view = center_service.set_service(SITE, "DD", name="Đất đai - Nhà ở", prefix="D",
                                      number_format="{prefix}-{n:02d}", daily_cap=40)
    assert (view.name, view.prefix, view.daily_cap) == ("Đất đai - Nhà ở", "D", 40)
    assert QueueService(center).issue_ticket(SITE, "DD").number == "D-01"
    [change] = [c for c in _changes(center) if c["change"] == "service.changed"]
    assert change["service"] == "DD" and change["by"] == "admin-pc"
    assert (change["before"]["prefix"], change["after"]["prefix"]) == ("C", "D")
    assert change["after"]["number_format"] == "{prefix}-{n:02d}" and change["site_id"]
    center_service.set_service(SITE, "DD", daily_cap=None, active=False)
    with pytest.raises(InvalidOperation, match="tạm ngừng cấp số"):
        QueueService(center).issue_ticket(SITE, "DD")
    assert [s.code for s in center_service.services(SITE)] == ["HT", "CT"]
    everything = center_service.services(SITE, include_inactive=True)
    assert [(s.code, s.active, s.daily_cap) for s in everything][-1] == ("DD", False, None)


def test_set_service_refuses_a_taken_prefix_and_a_number_issued_today(center: Database) -> None:
    """A prefix another service has is refused; so is one whose numbers another service
    already issued today (HT gave A001 before moving to H: CT may not take A today)."""
    center_service = CenterService(center)
    with pytest.raises(InvalidOperation, match="Tiền tố 'B' đã dùng cho dịch vụ CT"):
        center_service.set_service(SITE, "HT", prefix="B")
    QueueService(center).issue_ticket(SITE, "HT")
    center_service.set_service(SITE, "HT", prefix="H")
    with pytest.raises(InvalidOperation, match="Số 'A001' đã được cấp hôm nay"):
        center_service.set_service(SITE, "CT", prefix="A")
    assert QueueService(center).issue_ticket(SITE, "HT").number == "H002"


def test_set_service_fields_moves_procedures_to_another_service(center: Database) -> None:
    """The fields list is replaced; the catalog then maps the field to the new service; the
    event holds the old and new lists."""
    with center.transaction() as session:
        session.add(Procedure(code="1.001193", name="Đăng ký khai sinh", name_folded="dang ky",
                              field="Hộ tịch", time_limit=0, time_unit="working_days"))
    center_service = CenterService(center, actor="tester")
    center_service.set_service_fields(SITE, "HT", [])
    view = center_service.set_service_fields(SITE, "CT", ["Chứng thực", "Hộ tịch", " "])
    assert view.fields == ("Chứng thực", "Hộ tịch")
    found = CatalogService(center).service_for_procedure(SITE, "1.001193")
    assert found is not None and found.code == "CT"
    change = [c for c in _changes(center) if c["change"] == "service.fields"][-1]
    assert (change["before"], change["after"]) == (["Chứng thực"], ["Chứng thực", "Hộ tịch"])


def test_counter_services_and_order_change_with_an_event(center: Database) -> None:
    """A counter's services are replaced in the given order; the event says before/after."""
    state = CenterService(center, actor="tester").set_counter_services(SITE, 2, ["HT", "CT"])
    assert state.services == ("HT", "CT")
    assert QueueService(center).find_counter(SITE, 2).services == ("HT", "CT")
    change = [c for c in _changes(center) if c["change"] == "counter.services"][-1]
    assert (change["before"], change["after"], change["by"]) == (["CT"], ["HT", "CT"],
                                                                 "tester")
    with pytest.raises(InvalidOperation, match="ít nhất một dịch vụ"):
        CenterService(center).set_counter_services(SITE, 2, [])


def test_a_counter_is_renamed_and_taken_out_of_use_only_when_free(center: Database) -> None:
    """Renaming is recorded; taking a counter out of use is refused while a clerk is logged
    in there; once free it leaves the counter list, closed."""
    center_service = CenterService(center, actor="tester")
    assert center_service.set_counter(SITE, 2, name="Quầy hai").name == "Quầy hai"
    with pytest.raises(InvalidOperation, match="Quầy 2 đang có cán bộ đăng nhập"):
        center_service.set_counter(SITE, 2, active=False)
    ClerkService(center).logout(SITE, 2)
    state = center_service.set_counter(SITE, 2, active=False)
    assert not state.active and state.status == "closed"
    assert [c.number for c in QueueService(center).counters(SITE)] == [1, 3]
    changes = [c for c in _changes(center) if c["change"] == "counter.changed"]
    assert [c["after"] for c in changes] == [{"name": "Quầy hai", "active": True},
                                             {"name": "Quầy hai", "active": False}]


def test_a_clerk_changes_role_and_a_deactivated_clerk_cannot_log_in(center: Database) -> None:
    """Role and active change with an event; deactivating is refused while the clerk is
    logged in at a counter; a deactivated account no longer authenticates."""
    accounts = ClerkAccounts(center, actor="tester")
    assert accounts.set_clerk("boss", role="admin").role == Role.ADMIN
    with pytest.raises(InvalidOperation, match="lan đang đăng nhập quầy 1"):
        accounts.set_clerk("lan", active=False)
    ClerkService(center).logout(SITE, 1)
    assert accounts.set_clerk("lan", active=False).active is False
    with pytest.raises(AuthError):
        ClerkService(center).authenticate("lan", PASSWORD)
    changes = [c for c in _changes(center) if c["change"] == "clerk.changed"]
    assert [(c["username"], c["before"]["role"], c["after"]["role"]) for c in changes] == [
        ("boss", "supervisor", "admin"), ("lan", "clerk", "clerk")]
    with pytest.raises(InvalidOperation, match="Vai trò không hợp lệ"):
        accounts.set_clerk("lan", role="boss")


def test_set_site_changes_its_names_and_address_with_who_did_it(center: Database) -> None:
    """Name, agency, agency code, address and place change in one call and one event that
    holds before, after and the actor; an empty agency code falls back to the site's code;
    an empty name is refused; a call that changes nothing records nothing."""
    center_service = CenterService(center, actor="admin")
    view = center_service.set_site(SITE, name="Trung tâm Bến Thành", agency_name="UBND P.BT",
                                   agency_code="", address="1 Lê Lợi", place="Phường Bến Thành")
    assert (view.name, view.agency_name, view.agency_code, view.address, view.place) == (
        "Trung tâm Bến Thành", "UBND P.BT", SITE, "1 Lê Lợi", "Phường Bến Thành")
    assert center_service.site(SITE) == view
    [change] = [c for c in _changes(center) if c["change"] == "site.changed"]
    assert change["by"] == "admin" and change["site"] == SITE and change["site_id"] == view.id
    assert (change["before"]["agency_code"], change["after"]["agency_code"]) == (
        "000.00.53.H48", SITE)
    with pytest.raises(InvalidOperation, match="Tên không được để trống"):
        center_service.set_site(SITE, name="  ")
    center_service.set_site(SITE, address="1 Lê Lợi")
    assert len([c for c in _changes(center) if c["change"] == "site.changed"]) == 1
    shown = center_service.set_site(SITE, agency_name="UBND phường Bến Nghé", place="")
    assert shown.place == "Phường Bến Nghé"
    center_service.set_site(SITE, place="Phường Bến Nghé")  # as shown: it still follows
    assert center_service.set_site(SITE, agency_name="UBND xã An Phú").place == "Xã An Phú"


def test_a_clerk_moves_site_and_a_locked_account_is_unlocked_by_name(center: Database) -> None:
    """A clerk's site changes with an event; five wrong passwords lock boss out, ``locked``
    names the account, ``unlock`` lets the right password in at once and records who."""
    accounts = ClerkAccounts(center, actor="admin")
    assert accounts.set_clerk("boss", site="").site_code is None
    change = [c for c in _changes(center) if c["change"] == "clerk.changed"][-1]
    assert (change["before"]["site"], change["after"]["site"]) == (SITE, None)
    clerks = ClerkService(center)
    for _ in range(5):
        with pytest.raises(AuthError):
            clerks.authenticate("boss", "sai")
    assert list(accounts.locked()) == ["boss"]
    with pytest.raises(AuthError, match="tạm khóa"):
        clerks.authenticate("boss", PASSWORD)
    accounts.unlock("boss")
    assert accounts.locked() == {}
    assert clerks.authenticate("boss", PASSWORD).username == "boss"
    unlocked = [c for c in _changes(center) if c["change"] == "clerk.unlocked"]
    assert [(c["username"], c["by"]) for c in unlocked] == [("boss", "admin")]
    accounts.unlock("boss")  # not locked: nothing to record
    assert len([c for c in _changes(center) if c["change"] == "clerk.unlocked"]) == 1


def test_the_counter_list_can_include_counters_out_of_use(center: Database) -> None:
    """``counters`` lists those in use; with ``include_inactive`` also those taken out of
    use, marked; ``counter`` finds one by number either way."""
    center_service = CenterService(center)
    ClerkService(center).logout(SITE, 2)
    center_service.set_counter(SITE, 2, active=False)
    assert [c.number for c in center_service.counters(SITE)] == [1, 3]
    everything = center_service.counters(SITE, include_inactive=True)
    assert [(c.number, c.active, c.services) for c in everything] == [
        (1, True, ("HT", "CT")), (2, False, ("CT",)), (3, True, ("DD", "HT"))]
    assert center_service.counter(SITE, 2).active is False
