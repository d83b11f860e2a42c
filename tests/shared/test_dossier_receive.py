"""Receiving a dossier at a counter (shared/dossiers.py ``receive_at_counter``): the dossier
and the finished ticket are one transaction, a ticket has at most one dossier, only the
counter serving the ticket may receive it; register book and entry are assigned.

Run on SQLite and PostgreSQL (``center``: tests/center_data.py, with the catalog imported).
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from shared.catalog import CatalogService
from shared.center import CenterService
from shared.clerks import ClerkService
from shared.db.database import Database
from shared.dossiers import Applicant, DossierService, DossierView
from shared.errors import InvalidOperation, LaysoError
from shared.models import Dossier, Outcome, TicketStatus
from shared.paths import CATALOG_DIR
from shared.queue import QueueService
from tests.center_data import SITE

PROCEDURE = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân
DUNG = Applicant("Phạm Thị Dung", "45 Nguyễn Thái Học", "0912345678")


@pytest.fixture
def desk(center: Database) -> tuple[QueueService, DossierService, int, int]:
    """Counter 1 (lan) serving a fresh Hộ tịch ticket: (queue, dossiers, counter id, ticket)."""
    CatalogService(center).import_csv(CATALOG_DIR / "procedures.csv")
    queue = QueueService(center)
    queue.issue_ticket(SITE, "HT")
    counter_id = queue.find_counter(SITE, 1).id
    called = queue.call_next(counter_id)
    assert called is not None
    return queue, DossierService(center), counter_id, called.ticket.id


def _lan(db: Database) -> int:
    return next(c.id for c in ClerkService(db).list() if c.username == "lan")


def _dossier_count(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(Dossier)) or 0)


def test_receive_at_counter_creates_the_dossier_and_finishes_the_ticket_together(
        center: Database, desk: tuple[QueueService, DossierService, int, int]) -> None:
    """One call: the dossier exists, linked to the ticket, and the ticket is finished with
    the outcome "dossier received" and the procedure; the counter is free."""
    queue, dossiers, counter_id, ticket_id = desk
    view = dossiers.receive_at_counter(SITE, 1, ticket_id, PROCEDURE, DUNG, fee="Miễn phí",
                                       clerk_id=_lan(center))
    ticket = queue.ticket(ticket_id)
    assert (ticket.status, ticket.outcome) == (TicketStatus.FINISHED, Outcome.DOSSIER_RECEIVED)
    assert view.ticket_id == ticket_id and view.counter == 1 and view.fee == "Miễn phí"
    assert queue.counter(counter_id).current is None


def test_several_dossiers_for_one_ticket_and_a_retry_after_the_finish_is_refused(
        center: Database, desk: tuple[QueueService, DossierService, int, int]) -> None:
    """The citizen in front of the clerk files two dossiers: the first is received with the
    ticket still served, the second finishes it; both name the ticket. A retry of the
    finishing receive makes no third dossier (the counter no longer serves the ticket)."""
    queue, dossiers, counter_id, ticket_id = desk
    first = dossiers.receive_at_counter(SITE, 1, ticket_id, PROCEDURE, DUNG,
                                        finish_ticket=False)
    assert queue.ticket(ticket_id).status == TicketStatus.SERVING
    second = dossiers.receive_at_counter(SITE, 1, ticket_id, PROCEDURE, DUNG)
    assert queue.ticket(ticket_id).status == TicketStatus.FINISHED
    with pytest.raises(InvalidOperation, match="không còn phục vụ"):
        dossiers.receive_at_counter(SITE, 1, ticket_id, PROCEDURE, DUNG)
    assert [d.code for d in dossiers.of_ticket(ticket_id)] == [first.code, second.code]
    assert first.code != second.code and _dossier_count(center) == 2
    assert queue.counter(counter_id).current is None


def test_only_the_counter_serving_the_ticket_may_receive_it_and_nothing_is_left_half_done(
        center: Database, desk: tuple[QueueService, DossierService, int, int]) -> None:
    """Counter 3 cannot receive counter 1's ticket: refused, no dossier, the ticket still
    served at counter 1 (a failed finish never leaves a dossier behind)."""
    queue, dossiers, counter_id, ticket_id = desk
    with pytest.raises(InvalidOperation, match="Quầy 3 không còn phục vụ số A001"):
        dossiers.receive_at_counter(SITE, 3, ticket_id, PROCEDURE, DUNG)
    assert _dossier_count(center) == 0
    assert queue.ticket(ticket_id).status == TicketStatus.SERVING
    current = queue.counter(counter_id).current
    assert current is not None and current.id == ticket_id


def test_a_ticket_finished_meanwhile_is_not_received(
        center: Database, desk: tuple[QueueService, DossierService, int, int]) -> None:
    """The ticket was finished (another window, the CLI) before the form was sent: refused."""
    queue, dossiers, counter_id, ticket_id = desk
    queue.finish(counter_id, Outcome.GUIDED)
    with pytest.raises(InvalidOperation, match="không còn phục vụ"):
        dossiers.receive_at_counter(SITE, 1, ticket_id, PROCEDURE, DUNG)
    assert _dossier_count(center) == 0
    assert queue.ticket(ticket_id).outcome == Outcome.GUIDED


def test_another_clerk_on_the_counter_cannot_be_received_for(
        center: Database, desk: tuple[QueueService, DossierService, int, int]) -> None:
    """The form's clerk is not the counter's clerk any more: refused."""
    _queue, dossiers, _counter_id, ticket_id = desk
    other = next(c.id for c in ClerkService(center).list() if c.username == "minh")
    with pytest.raises(InvalidOperation, match="cán bộ khác"):
        dossiers.receive_at_counter(SITE, 1, ticket_id, PROCEDURE, DUNG, clerk_id=other)
    assert _dossier_count(center) == 0


def test_two_receives_of_one_ticket_at_once_make_one_dossier(
        center: Database, desk: tuple[QueueService, DossierService, int, int]) -> None:
    """Two threads (own connections) receive and finish the same ticket at once (a double
    press, two windows): one dossier; the other gets the clear refusal (the counter row is
    locked, so the second sees the ticket finished)."""
    _queue, _dossiers, _counter_id, ticket_id = desk
    results: list[DossierView | LaysoError] = []
    start = threading.Barrier(2)

    def receive() -> None:
        db = Database(center.url, clock=center.clock)
        try:
            start.wait()
            results.append(DossierService(db).receive_at_counter(SITE, 1, ticket_id,
                                                                 PROCEDURE, DUNG))
        except LaysoError as error:
            results.append(error)
        finally:
            db.dispose()

    threads = [threading.Thread(target=receive) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(isinstance(r, DossierView) for r in results) == 1
    refused = [r for r in results if isinstance(r, LaysoError)]
    assert len(refused) == 1 and "không còn phục vụ" in refused[0].message
    assert _dossier_count(center) == 1


def test_register_book_is_the_year_and_entries_follow_each_other(
        center: Database, desk: tuple[QueueService, DossierService, int, int]) -> None:
    """Quyển số = the year received; Số thứ tự = the agency's next entry in that book."""
    _queue, dossiers, _counter_id, ticket_id = desk
    first = dossiers.receive_at_counter(SITE, 1, ticket_id, PROCEDURE, DUNG)
    second = dossiers.receive(SITE, PROCEDURE, DUNG)
    chosen = dossiers.receive(SITE, PROCEDURE, DUNG, register_book="HT-01",
                              register_entry="17")
    assert (first.register_book, first.register_entry) == ("2026", "1")
    assert (second.register_book, second.register_entry) == ("2026", "2")
    assert (chosen.register_book, chosen.register_entry) == ("HT-01", "17")


def test_the_place_of_the_slip_is_the_sites_or_the_agencys_unit(
        center: Database, desk: tuple[QueueService, DossierService, int, int]) -> None:
    """No place set: "UBND phường Bến Thành" gives "Phường Bến Thành"; a set place wins."""
    _queue, dossiers, _counter_id, _ticket_id = desk
    assert dossiers.receive(SITE, PROCEDURE, DUNG).place == "Phường Bến Thành"
    CenterService(center).set_place(SITE, "Thành phố Hồ Chí Minh")
    assert dossiers.receive(SITE, PROCEDURE, DUNG).place == "Thành phố Hồ Chí Minh"
