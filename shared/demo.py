"""The demo center: two sites, five services, eight counters, clerks, the catalog and a
morning of history (tickets called and finished, dossiers received and resolved this month),
so every app has something real to show.

Clerks (password ``demo``, PIN ``1234``): lan, minh, hoa, tuan, mai, nam (site CS1, counters
1-6), thu, binh (site CS2, counters 1-2); ``quan`` is a supervisor, ``admin`` an admin.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from shared.catalog import CatalogService
from shared.center import CenterService
from shared.clerks import ClerkService
from shared.clock import FixedClock, local
from shared.db.database import Database
from shared.dossiers import Applicant, DossierService
from shared.errors import LaysoError
from shared.models import Channel, CounterStatus, Outcome, Priority, Role
from shared.paths import CATALOG_DIR
from shared.queue import QueueService
from shared.ratings import RatingService

PASSWORD = "demo"
PIN = "1234"

SITES = [
    ("CS1", "Trung tâm Phục vụ hành chính công phường Bến Thành – Cơ sở 1",
     "137 Lê Thánh Tôn, phường Bến Thành, TP. Hồ Chí Minh"),
    ("CS2", "Trung tâm Phục vụ hành chính công phường Bến Thành – Cơ sở 2",
     "45 Nguyễn Thái Học, phường Bến Thành, TP. Hồ Chí Minh"),
]
AGENCY = ("UBND phường Bến Thành", "000.00.53.H48")
COUNTERS: dict[str, list[tuple[int, list[str]]]] = {
    "CS1": [(1, ["HT"]), (2, ["HT", "CT"]), (3, ["CT"]), (4, ["DD"]), (5, ["XH"]),
            (6, ["KD", "XH"])],
    "CS2": [(1, ["HT", "CT"]), (2, ["DD", "XH", "KD"])],
}
CLERKS = [
    ("lan", "Nguyễn Thị Lan", "CS1", 1), ("minh", "Trần Văn Minh", "CS1", 2),
    ("hoa", "Lê Thị Hoa", "CS1", 3), ("tuan", "Phạm Anh Tuấn", "CS1", 4),
    ("mai", "Võ Thị Mai", "CS1", 5), ("nam", "Đặng Hoài Nam", "CS1", 6),
    ("thu", "Bùi Thị Thu", "CS2", 1), ("binh", "Huỳnh Văn Bình", "CS2", 2),
]
NAMES = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Cường", "Phạm Thị Dung", "Hoàng Văn Em",
         "Huỳnh Thị Giang", "Vũ Minh Hải", "Đỗ Thị Hạnh", "Ngô Quốc Khánh", "Dương Thị Linh"]
#: Procedures the demo files dossiers for (code, share of dossiers).
DEMO_PROCEDURES = ["1.001193", "1.000656", "2.000815", "2.000884", "1.000593", "1.004884"]


@dataclass(frozen=True)
class DemoSummary:
    sites: int
    services: int
    counters: int
    clerks: int
    procedures: int
    tickets: int
    dossiers: int


def _services() -> list[dict[str, Any]]:
    with (CATALOG_DIR / "demo-services.toml").open("rb") as handle:
        services: list[dict[str, Any]] = tomllib.load(handle)["service"]
    return services


def build_demo(db: Database, *, seed: int = 7, history_hours: float = 3.0) -> DemoSummary:
    """Fill an empty database with the demo center; the history ends at ``db``'s now."""
    center = CenterService(db)
    for code, name, address in SITES:
        center.add_site(code, name, agency_name=AGENCY[0], agency_code=AGENCY[1],
                        address=address)
    services = _services()
    for code, _name, _address in SITES:
        for service in services:
            center.add_service(code, service["code"], service["name"],
                               name_en=service.get("name_en", ""), prefix=service["prefix"],
                               icon=service.get("icon", ""), fields=service.get("fields", []))
        for number, served in COUNTERS[code]:
            center.add_counter(code, number, f"Quầy {number}", served)
    procedures = CatalogService(db).import_csv(CATALOG_DIR / "procedures.csv").total
    clerks = ClerkService(db)
    for username, full_name, site, _number in CLERKS:
        clerks.add(username, full_name, PASSWORD, site=site, pin=PIN)
    clerks.add("quan", "Phạm Văn Quân", PASSWORD, role=Role.SUPERVISOR, site="CS1", pin=PIN)
    clerks.add("admin", "Quản trị hệ thống", PASSWORD, role=Role.ADMIN, pin=PIN)

    with db.reading() as session:
        now = db.now(session)
    tickets, dossiers = _history(db, now, random.Random(seed), history_hours)
    return DemoSummary(len(SITES), len(services), sum(map(len, COUNTERS.values())),
                       len(CLERKS) + 2, procedures, tickets, dossiers)


def _history(db: Database, now: datetime, rng: random.Random,
             hours: float) -> tuple[int, int]:
    """Replay a morning with a moving clock on the same database."""
    clock = FixedClock(now - timedelta(days=26))
    past = Database(db.url, clock=clock)
    try:
        dossiers = _month_of_dossiers(past, clock, now, rng)
        clock.moment = now - timedelta(hours=hours)
        tickets = _morning(past, clock, now, rng)
    finally:
        past.dispose()
    return tickets, dossiers


def _month_of_dossiers(db: Database, clock: FixedClock, now: datetime,
                       rng: random.Random) -> int:
    """Dossiers received over the past weeks: most resolved early or on time, a few late,
    some still open (one or two overdue)."""
    service = DossierService(db)
    count = 0
    start = now - timedelta(days=25)
    for day in range(25):
        received = local(start + timedelta(days=day)).replace(hour=8, minute=0) + timedelta(
            minutes=rng.randint(0, 420))
        if received.weekday() >= 5 or received >= now:
            continue
        for _ in range(rng.randint(1, 3)):
            code = rng.choice(DEMO_PROCEDURES)
            clock.moment = received
            try:
                view = service.receive(
                    "CS1", code, Applicant(rng.choice(NAMES), "phường Bến Thành",
                                           f"09{rng.randint(10000000, 99999999)}"),
                    channel=rng.choice([Channel.IN_PERSON, Channel.ONLINE, Channel.ONLINE]),
                    received_at=received)
            except LaysoError:
                continue
            count += 1
            if view.due_at is None:
                continue
            roll = rng.random()
            if roll < 0.55:
                finish = received + (view.due_at - received) * rng.uniform(0.2, 0.8)
            elif roll < 0.8:
                finish = view.due_at - timedelta(minutes=rng.randint(5, 90))
            elif roll < 0.88:
                finish = view.due_at + timedelta(hours=rng.randint(2, 30))
            else:
                continue  # still open
            if finish >= now:
                continue
            clock.moment = max(finish, received + timedelta(minutes=1))
            service.resolve(view.code)
            if rng.random() < 0.7:
                clock.moment = clock.moment + timedelta(hours=rng.randint(1, 20))
                if clock.moment < now:
                    service.return_result(view.code)
    return count


def _morning(db: Database, clock: FixedClock, now: datetime, rng: random.Random) -> int:
    queue = QueueService(db)
    clerks = ClerkService(db)
    ratings = RatingService(db)
    for username, _name, site, number in CLERKS:
        clerks.login(username, PASSWORD, site, number)
    counters = {(site, number): queue.find_counter(site, number).id
                for site, entries in COUNTERS.items() for number, _ in entries}
    codes = [service["code"] for service in _services()]
    weights = [5, 4, 2, 2, 1]
    issued = 0
    while clock.moment < now - timedelta(minutes=2):
        clock.advance(seconds=rng.randint(25, 75))
        site = "CS1" if rng.random() < 0.8 else "CS2"
        priority = Priority.ELDERLY if rng.random() < 0.08 else Priority.NONE
        queue.issue_ticket(site, rng.choices(codes, weights)[0], priority)
        issued += 1
        for counter_id in counters.values():
            state = queue.counter(counter_id)
            if state.current is not None and rng.random() < 0.13:
                outcome = rng.choice([Outcome.DOSSIER_RECEIVED, Outcome.GUIDED, Outcome.GUIDED,
                                      Outcome.RESULT_RETURNED])
                if rng.random() < 0.05:
                    queue.no_show(counter_id)
                else:
                    finished = queue.finish(counter_id, outcome)
                    if rng.random() < 0.6:  # most citizens tap the rating panel
                        level = rng.choices([3, 2, 1], [70, 26, 4])[0]
                        ratings.rate(finished.id, level,
                                     "Thời gian chờ lâu" if level == 1 else "")
            elif state.current is None and rng.random() < 0.5:
                queue.call_next(counter_id)
    # Leave the board lively: most counters serving, one on break, one closed.
    clock.moment = now - timedelta(seconds=30)
    for (site, number), counter_id in counters.items():
        if queue.counter(counter_id).current is None:
            queue.call_next(counter_id)
        if (site, number) == ("CS1", 6):
            if queue.counter(counter_id).current is not None:
                queue.finish(counter_id, Outcome.GUIDED)
            queue.set_counter_status(counter_id, CounterStatus.PAUSED)
    if queue.find_counter("CS2", 2).current is None:
        clerks.logout("CS2", 2)
    return issued
