"""The manager's report of a month or a quarter: dossiers (the core's buckets), the queue
(waits and service times, busiest hours) and satisfaction, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from shared.cli.main import main
from shared.clock import LOCAL_TZ, FixedClock
from shared.db.database import Database
from shared.dossier_views import Applicant
from shared.dossiers import DossierService
from shared.errors import InvalidOperation
from shared.models import Outcome, Procedure
from shared.period_report import month_bounds, parse_period, period_report, quarter_bounds
from shared.queue import QueueService
from shared.ratings import RatingService
from shared.reports import dossier_report
from tests.center_data import SITE


def test_periods_are_local_months_and_quarters() -> None:
    assert quarter_bounds(2026, 4) == (datetime(2026, 10, 1, tzinfo=LOCAL_TZ),
                                       datetime(2027, 1, 1, tzinfo=LOCAL_TZ))
    assert parse_period("2026Q1") == (datetime(2026, 1, 1, tzinfo=LOCAL_TZ),
                                      datetime(2026, 4, 1, tzinfo=LOCAL_TZ))
    assert parse_period("2026-12") == month_bounds(2026, 12)
    for bad in ("2026-Q5", "2026-13", "Q4", ""):
        with pytest.raises(InvalidOperation):
            parse_period(bad)


def _morning(db: Database, clock: FixedClock) -> None:
    """Monday 09:00: four numbers a minute apart; counter 1 calls them with waits of 5, 10,
    15 minutes, each served for 4 minutes; the fourth is a no-show; two ratings."""
    queue, ratings = QueueService(db), RatingService(db)
    issued = []
    for _ in range(4):
        issued.append(queue.issue_ticket(SITE, "HT"))
        clock.advance(minutes=1)
    counter = queue.find_counter(SITE, 1).id
    clock.moment = issued[0].issued_at + timedelta(minutes=5)
    for index, ticket in enumerate(issued[:3]):
        clock.moment = ticket.issued_at + timedelta(minutes=5 * (index + 1))
        called = queue.call_next(counter)
        assert called is not None and called.ticket.id == ticket.id
        clock.advance(minutes=4)
        queue.finish(counter, Outcome.GUIDED)
    ratings.rate(issued[0].id, 3)
    ratings.rate(issued[1].id, 1, "Thời gian chờ lâu")
    clock.advance(minutes=1)
    queue.call_next(counter)
    queue.no_show(counter)


def test_the_report_counts_the_queue_the_dossiers_and_the_ratings(center: Database,
                                                                  clock: FixedClock) -> None:
    with center.transaction() as session:
        session.add(Procedure(code="2.000815", name="Chứng thực hợp đồng", field="Chứng thực",
                              time_limit=3, time_unit="working_days"))
    dossiers = DossierService(center)
    early = dossiers.receive(SITE, "2.000815", Applicant("Nguyễn Văn An"))
    _morning(center, clock)
    dossiers.resolve(early.code)
    start, end = month_bounds(2026, 11)
    report = period_report(center, SITE, start, end, as_of=clock.moment)

    queue = report.queue.total
    assert (queue.issued, queue.served, queue.no_show, queue.cancelled) == (4, 3, 1, 0)
    assert queue.wait.count == 4 and queue.wait.median == 12.5  # 5, 10, 15 and the no-show
    assert queue.service_time.median == 4.0 and queue.service_time.p90 == 4.0
    assert report.queue.busiest_hours == [9]
    by_code = {service.code: service for service in report.queue.services}
    assert by_code["HT"].issued == 4 and by_code["CT"].issued == 0

    assert report.dossiers.total == dossier_report(center, SITE, start, end,
                                                   as_of=clock.moment).total
    assert report.dossiers.total.finished_early == 1
    assert report.ratings_total == 2 and report.satisfied_percent == 50.0


def test_layso_report_prints_the_published_figures(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path, clock: FixedClock) -> None:
    """`layso report 2026-Q4` in Vietnamese, `--json` with the same figures, and a bad period
    as one line with exit status 2."""
    url = f"sqlite:///{tmp_path}/report.db"
    db = Database(url, clock=clock)
    from shared.db.migrate import upgrade
    from tests.center_data import build_center

    upgrade(db)
    build_center(db)
    _morning(db, clock)
    db.dispose()
    assert main(["--db", url, "--site", SITE, "report", "2026-Q4"]) == 0
    text = capsys.readouterr().out
    assert "TỪ 01/10/2026 ĐẾN 31/12/2026" in text
    assert "Cấp 4 số thứ tự (0 ưu tiên); đã phục vụ 3, vắng mặt 1" in text
    assert "Giờ đông nhất: 09:00–10:00" in text
    assert "2 lượt đánh giá, 50,00 % hài lòng trở lên" in text
    assert main(["--db", url, "--site", SITE, "--json", "report", "--from", "2026-11-01",
                 "--to", "2026-11-30"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["queue"]["served"] == 3 and data["queue"]["wait"]["median_minutes"] == 12.5
    assert data["satisfaction"]["ratings"] == 2
    assert main(["--db", url, "--site", SITE, "report", "2026-Q7"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert date(2026, 11, 23) == clock.moment.date()
