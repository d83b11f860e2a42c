"""A discrete-event simulation of a center's morning, driven through the real QueueService.

Citizens arrive (a Poisson stream whose rate follows the morning's shape), take a ticket at the
kiosk (``issue_ticket``: the printed estimate is recorded there), and wait; clerks call the
next (``call_next``) a short gap after ending a ticket, serve for a log-normal time of their
service (now and then a long case), mark no-shows after waiting for them, transfer some tickets
to another service (they keep their place), and take their breaks (``set_counter_status``).
The database's clock is the product's ``FixedClock``, moved to each event's time before the
service is called: the queue sees exactly the times of the simulation.

Each ticket's actual wait is from its issue to its first call. Beside the product's estimate,
the throughput baseline of issue 16 is recorded: (people ahead + 1) ÷ the service's calls per
minute over the last 30 minutes (5 minutes a person before any call).
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from shared.center import CenterService
from shared.clock import LOCAL_TZ, FixedClock
from shared.config import QueueSettings
from shared.db.database import Database
from shared.models import CounterStatus, Outcome
from shared.queue import QueueService

SITE = "SIM"
PRIORITY_CLASSES = ("elderly", "disabled", "pregnant", "merit")


@dataclass(frozen=True)
class ServiceSpec:
    code: str
    #: Share of arrivals, mean minutes at the counter and its coefficient of variation.
    weight: float
    minutes: float
    variation: float = 0.6


@dataclass(frozen=True)
class Layout:
    name: str
    services: tuple[ServiceSpec, ...]
    #: Each counter's services in order (the first is called first).
    counters: tuple[tuple[str, ...], ...]
    #: Arrivals per hour: off-peak and during the 08:00–09:00 peak.
    base_per_hour: float
    peak_per_hour: float
    policy: str = "strict"
    priority_every: int = 3
    priority_share: float = 0.08
    no_show_share: float = 0.05
    transfer_share: float = 0.03
    #: (counter index, local start "HH:MM", minutes) of each clerk break.
    breaks: tuple[tuple[int, str, float], ...] = ((0, "09:30", 15.0), (2, "10:10", 20.0))
    #: A long case: this share of tickets take this many times the mean.
    long_share: float = 0.04
    long_factor: float = 3.0


@dataclass
class Record:
    """One ticket's estimates at issue and its actual wait (None if never called)."""

    service: str
    ahead: int
    estimate: int | None
    low: int | None
    high: int | None
    baseline: float
    issued: float
    called: float | None = None
    priority: bool = False

    @property
    def actual(self) -> float | None:
        return None if self.called is None else self.called - self.issued


@dataclass
class _Counter:
    id: int
    index: int
    services: tuple[str, ...]
    busy: bool = False
    on_break: bool = False
    pending_call: bool = False
    breaks: list[tuple[float, float]] = field(default_factory=list)


OPENING = time(7, 30)
LAST_ARRIVAL = 3.5 * 60  # 11:00
CLOSING = 9 * 60  # everyone who took a number in the morning is served before this


def build(db: Database, layout: Layout) -> None:
    center = CenterService(db)
    center.add_site(SITE, "Trung tâm mô phỏng", agency_code="000.00.00.SIM")
    for i, spec in enumerate(layout.services):
        center.add_service(SITE, spec.code, f"Dịch vụ {spec.code}", prefix="ABCDEFGH"[i])
    for number, services in enumerate(layout.counters, start=1):
        center.add_counter(SITE, number, f"Quầy {number}", list(services))


def settings_of(layout: Layout) -> QueueSettings:
    return QueueSettings(priority_policy="interleave" if layout.policy == "interleave"
                         else "strict", priority_every=layout.priority_every)


def arrival_rate(layout: Layout, minute: float) -> float:
    """Arrivals per minute at ``minute`` after opening: the peak from 08:00 to 09:00."""
    peak = 30 <= minute < 90
    return (layout.peak_per_hour if peak else layout.base_per_hour) / 60


def simulate_day(db: Database, clock: FixedClock, layout: Layout, day: date,
                 rng: random.Random) -> list[Record]:
    """One morning on ``day``; returns the record of every ticket issued."""
    queue = QueueService(db, settings_of(layout))
    start = datetime.combine(day, OPENING, LOCAL_TZ)
    specs = {spec.code: spec for spec in layout.services}
    counters = [_Counter(queue.find_counter(SITE, n).id, n - 1, services)
                for n, services in enumerate(layout.counters, start=1)]
    for counter in counters:
        for index, at, minutes in layout.breaks:
            if index == counter.index:
                hour, minute = map(int, at.split(":"))
                offset = (datetime.combine(day, time(hour, minute), LOCAL_TZ)
                          - start).total_seconds() / 60
                counter.breaks.append((offset, minutes))
    events: list[tuple[float, int, str, object]] = []
    sequence = 0

    def push(at: float, kind: str, data: object) -> None:
        nonlocal sequence
        sequence += 1
        heapq.heappush(events, (at, sequence, kind, data))

    clock.moment = start
    for counter in counters:
        queue.set_counter_status(counter.id, CounterStatus.OPEN)
    # Arrivals by thinning a Poisson stream at the peak rate.
    moment, top = 0.0, max(layout.peak_per_hour, layout.base_per_hour) / 60
    while True:
        moment += rng.expovariate(top)
        if moment >= LAST_ARRIVAL:
            break
        if rng.random() < arrival_rate(layout, moment) / top:
            push(moment, "arrive", None)
    records: dict[int, Record] = {}
    calls: list[tuple[float, str]] = []  # (minute, service) of every call, for the baseline
    codes = [spec.code for spec in layout.services]
    weights = [spec.weight for spec in layout.services]

    def try_call(counter: _Counter, now: float) -> None:
        counter.pending_call = False
        if counter.busy or counter.on_break:
            return
        if counter.breaks and counter.breaks[0][0] <= now:
            _, minutes = counter.breaks.pop(0)
            queue.set_counter_status(counter.id, CounterStatus.PAUSED)
            counter.on_break = True
            push(now + minutes, "back", counter)
            return
        called = queue.call_next(counter.id)
        if called is None:
            return
        counter.busy = True
        ticket = called.ticket
        record = records.get(ticket.id)
        if record is not None and record.called is None:
            record.called = now
        calls.append((now, ticket.service))
        spec = specs[ticket.service]
        if rng.random() < layout.no_show_share:
            push(now + rng.uniform(1.0, 2.0), "no_show", counter)
            return
        minutes = rng.lognormvariate(*_lognormal(spec.minutes, spec.variation))
        if rng.random() < layout.long_share:
            minutes *= layout.long_factor
        end = "transfer" if rng.random() < layout.transfer_share else "finish"
        push(now + minutes, end, counter)

    def schedule_calls(now: float, service: str | None = None) -> None:
        for counter in counters:
            if (not counter.busy and not counter.on_break and not counter.pending_call
                    and (service is None or service in counter.services)):
                counter.pending_call = True
                push(now + rng.uniform(0.05, 0.4), "call", counter)

    while events:
        now, _, kind, data = heapq.heappop(events)
        if now > CLOSING:
            break
        clock.moment = start + timedelta(minutes=now)
        if kind == "arrive":
            service = rng.choices(codes, weights)[0]
            priority = (rng.choice(PRIORITY_CLASSES) if rng.random() < layout.priority_share
                        else "none")
            view = queue.issue_ticket(SITE, service, priority)
            recent = sum(1 for at, code in calls if code == service and at > now - 30)
            ahead = view.people_ahead or 0
            baseline = (ahead + 1) / (recent / 30) if recent else (ahead + 1) * 5.0
            records[view.id] = Record(service, ahead, view.estimated_wait_minutes,
                                      view.estimated_wait_low, view.estimated_wait_high,
                                      baseline, now, priority=priority != "none")
            schedule_calls(now, service)
            continue
        assert isinstance(data, _Counter)
        counter = data
        if kind == "call":
            try_call(counter, now)
            continue
        if kind == "back":
            counter.on_break = False
            queue.set_counter_status(counter.id, CounterStatus.OPEN)
        elif kind == "no_show":
            queue.no_show(counter.id)
            counter.busy = False
        elif kind == "finish":
            queue.finish(counter.id, Outcome.GUIDED)
            counter.busy = False
        elif kind == "transfer":
            current = queue.counter(counter.id).current
            assert current is not None
            others = [c for c in codes if c != current.service]
            queue.transfer(counter.id, to_service=rng.choice(others))
            counter.busy = False
            schedule_calls(now)
        counter.pending_call = True
        push(now + rng.uniform(0.1, 0.6), "call", counter)
    for counter in counters:  # the clerks end what they serve before going home
        if queue.counter(counter.id).current is not None:
            queue.finish(counter.id, Outcome.GUIDED)
    return list(records.values())


def _lognormal(mean: float, variation: float) -> tuple[float, float]:
    sigma = math.sqrt(math.log(1 + variation ** 2))
    return math.log(mean) - sigma ** 2 / 2, sigma


def summarize(records: Sequence[Record]) -> dict[str, float | int | None]:
    """MAE, p90 of the absolute error, bias (estimate − actual), the share inside the range
    and within max(5 min, 25 %), for the product's estimate and the baseline; the mean width
    of the printed ranges (tickets estimated at 5 minutes or more: below, "Sắp đến lượt")."""
    done = [r for r in records if r.actual is not None and r.estimate is not None]

    def figures(pairs: list[tuple[float, float]]) -> dict[str, float]:
        errors = sorted(abs(e - a) for e, a in pairs)
        return {
            "mae": round(sum(errors) / len(errors), 2),
            "p90": round(errors[min(len(errors) - 1, int(0.9 * len(errors)))], 2),
            "bias": round(sum(e - a for e, a in pairs) / len(pairs), 2),
            "within": round(sum(abs(e - a) <= max(5, 0.25 * a) for e, a in pairs)
                            / len(pairs), 3),
        }

    if not done:
        return {"tickets": 0}
    ours = figures([(float(r.estimate or 0), r.actual or 0.0) for r in done])
    base = figures([(r.baseline, r.actual or 0.0) for r in done])
    inside = sum((r.low or 0) - 0.5 <= (r.actual or 0.0) <= (r.high or 0) + 0.5
                 for r in done) / len(done)
    # The range as printed: "Sắp đến lượt" (no range) under 5 minutes is left out.
    ranged = [r for r in done if (r.estimate or 0) >= 5]
    width = (sum((r.high or 0) - (r.low or 0) for r in ranged) / len(ranged)) if ranged else 0.0
    return {"tickets": len(done), "mean_wait": round(
        sum(r.actual or 0.0 for r in done) / len(done), 1),
        **{f"est_{k}": v for k, v in ours.items()}, "est_inside": round(inside, 3),
        "est_width": round(width, 1), "ranged": len(ranged),
        **{f"base_{k}": v for k, v in base.items()},
        "mae_ratio": round(ours["mae"] / base["mae"], 2) if base["mae"] else None}
