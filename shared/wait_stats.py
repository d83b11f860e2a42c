"""The statistics of the wait estimate, from a service's recent calls and today's numbers.

- Call-to-call time: a call's time at the counter (call to end) plus the counter's usual gap
  before its next call, the median of the gaps under ``GAP_LIMIT`` minutes between a ticket's
  end and the same counter's next call; no-shows count (the clerk waited for them).
- Robust and of today: the mean over today's calls once there are ``TODAY_ENOUGH``, else over
  the recent ones of any day, with values above the median plus ``CLIP_MADS`` scaled MADs
  clipped (one very long case moves it by little; clipping closer made waits too short).
- Arrivals: the service's last numbers over the time they took, and the day's rate; the
  priority share and the share of tickets transferred in, drawn towards a prior while there
  are few calls.

Plain arithmetic, like ``shared.wait_estimate``; ``wait_reads.wait_inputs`` reads the rows.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from shared.clock import local
from shared.wait_estimate import BreakSpans, ServiceStats

#: Call times above the median plus this many scaled MADs are clipped to it.
CLIP_MADS = 6.0
#: Today's calls replace older ones from this many on.
TODAY_ENOUGH = 5
#: Gaps between a ticket's end and the counter's next call longer than this were idle time.
GAP_LIMIT = 5.0
#: The priority share assumed before there are calls, and its weight in calls. (A weight of
#: 20 against the sixty-odd calls of a window pulled an 18 % share down to 15 %: the priority
#: tickets to come, which go first, were under-foreseen.)
PRIOR_PRIORITY_SHARE = 0.05
PRIOR_WEIGHT = 5
#: The weight (in calls) of "no transfers" in the share of transfers in. (A weight of 20
#: against a service's window of twenty calls halved the share: transfers in keep their
#: place, go ahead, and were under-foreseen; turning transfers off in the simulation moved
#: the bias of the busiest layout from −2.1 to +0.1 minutes.)
TRANSFER_PRIOR_WEIGHT = 4
#: The arrival rate looks at least this far back (minutes) while few numbers were issued.
ARRIVAL_MIN_SPAN = 15.0
#: How far back the arrival rate looks: the time the service's last this-many numbers took
#: (``queue_sql.wait_issued`` reads the issue time of the number this far back).
ARRIVAL_SPAN = 20


@dataclass(frozen=True)
class PastCall:
    """A call that ended: its service, counter, call and end times, day and class."""

    service: int
    counter: int | None
    called_at: datetime
    finished_at: datetime
    day: date
    priority: bool
    #: Sent here from another service (it kept its place from its first queue).
    transferred: bool = False


@dataclass(frozen=True)
class IssuedToday:
    """A service's numbers today: how many, the issue time of the number ``span`` back (None
    with fewer) and of the first one."""

    service: int
    issued: int
    span: int
    span_start: datetime | None
    first_at: datetime | None


def service_stats(calls: Iterable[PastCall], issued: Iterable[IssuedToday], today: date,
                  now: datetime, default_minutes: float) -> dict[int, ServiceStats]:
    """Each service's robust call-to-call mean and variation (today's calls when there are
    enough), its arrival rate today and its share of priority tickets."""
    calls = list(calls)
    gap = _usual_gap(calls)
    by_service: dict[int, list[PastCall]] = {}
    for call in calls:
        by_service.setdefault(call.service, []).append(call)
    rates = {row.service: _arrival_rate(row, now) for row in issued}
    daily = {row.service: _daily_rate(row, now) for row in issued}
    services = set(by_service) | set(rates)
    # The priority share, over every service (a few calls of one say little), drawn towards
    # PRIOR_PRIORITY_SHARE while there are few.
    share = ((sum(c.priority for c in calls) + PRIOR_WEIGHT * PRIOR_PRIORITY_SHARE)
             / (len(calls) + PRIOR_WEIGHT))
    stats: dict[int, ServiceStats] = {}
    for service in services:
        past = by_service.get(service, [])
        recent = [c for c in past if c.day == today]
        chosen = recent if len(recent) >= TODAY_ENOUGH else past
        minutes = [max(0.0, (c.finished_at - c.called_at).total_seconds() / 60) + gap
                   for c in chosen]
        mean, variation = robust_mean(minutes, default_minutes)
        samples = tuple(sorted(min(v, _ceiling(minutes)) for v in minutes))
        # Transfers in, as a share of the tickets called here (drawn towards none while there
        # are few), at the service's arrival rate.
        moved = sum(c.transferred for c in chosen) / (len(chosen) + TRANSFER_PRIOR_WEIGHT)
        rate = rates.get(service, 0.0)
        stats[service] = ServiceStats(mean, variation, rate, share, daily.get(service, 0.0),
                                      rate * moved / max(1.0 - moved, 0.5), samples)
    return stats


def robust_mean(values: list[float], default: float) -> tuple[float, float]:
    """The mean of ``values`` after clipping those above the median plus ``CLIP_MADS`` scaled
    MADs, and their coefficient of variation (0.3–1.2); ``default`` (variation 0.6) without
    any."""
    if not values:
        return default, 0.6
    ceiling = _ceiling(values)
    clipped = [min(v, ceiling) for v in values]
    mean = sum(clipped) / len(clipped)
    if len(clipped) < 3:
        return max(0.5, mean), 0.6
    deviation = math.sqrt(sum((v - mean) ** 2 for v in clipped) / len(clipped))
    mean = max(0.5, mean)
    return mean, min(1.2, max(0.3, deviation / mean))


def _ceiling(values: list[float]) -> float:
    """The median plus ``CLIP_MADS`` scaled MADs (at least a tenth of the median)."""
    if not values:
        return math.inf
    median = _median(values)
    spread = 1.4826 * _median([abs(v - median) for v in values])
    return median + CLIP_MADS * max(spread, 0.1 * median)


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _usual_gap(calls: list[PastCall]) -> float:
    """The median gap (minutes) between a ticket's end and the same counter's next call,
    among gaps under ``GAP_LIMIT`` (longer ones were idle time)."""
    by_counter: dict[int, list[PastCall]] = {}
    for call in calls:
        if call.counter is not None:
            by_counter.setdefault(call.counter, []).append(call)
    gaps: list[float] = []
    for rows in by_counter.values():
        rows.sort(key=lambda c: c.called_at)
        for before, after in itertools.pairwise(rows):
            gap = (after.called_at - before.finished_at).total_seconds() / 60
            if before.day == after.day and 0 <= gap <= GAP_LIMIT:
                gaps.append(gap)
    return _median(gaps) if gaps else 0.25


def _arrival_rate(row: IssuedToday, now: datetime) -> float:
    """Numbers issued per minute lately: the last ``span`` numbers over the time they took,
    or today's numbers over the time since the first; over ``ARRIVAL_MIN_SPAN`` minutes at
    least (a burst of a few numbers is not a trend)."""
    if row.span_start is not None:
        minutes = (now - row.span_start).total_seconds() / 60
        return row.span / max(minutes, ARRIVAL_MIN_SPAN)
    return _daily_rate(row, now)


def _daily_rate(row: IssuedToday, now: datetime) -> float:
    """Numbers issued per minute since the day's first (over ``ARRIVAL_MIN_SPAN`` at least)."""
    if row.first_at is None:
        return 0.0
    minutes = (now - row.first_at).total_seconds() / 60
    return row.issued / max(minutes, ARRIVAL_MIN_SPAN)


# ----------------------------------------------------------------- breaks to come
#: A paused stretch longer than this is not counted past it (a call re-opens a paused
#: counter without a status event of its own, so a pause may seem to run on).
BREAK_CAP = 60.0
#: A break's time of day varies from day to day: each earlier one is foreseen spread over
#: this many minutes more on each side (a guess, not tuned on the bench).
BREAK_SPREAD = 15.0
#: Without any earlier day at the site (its first morning), each counter that has not taken
#: its prior minutes of break today is expected to take them some time in this many minutes
#: from now, evenly: a session of a public office's morning (07:30–11:30).
BREAK_PRIOR_SPAN = 240.0


@dataclass(frozen=True)
class StatusChange:
    """A counter's ``counter.status`` event: its new status, when, on which business day."""

    counter: int
    at: datetime
    status: str
    day: date


def breaks_ahead(changes: Iterable[StatusChange], today: date, now: datetime,
                 prior_minutes: float = 0.0) -> dict[int, BreakSpans]:
    """Per counter of ``changes`` (opened by a clerk's log-in or a status change) expected to
    take more break today:
    the stretches ahead (from, to, share of its time lost; minutes from now) in which it is
    expected to be on break. What is foreseen comes from the best history there is:

    - **its own earlier days**: each earlier day's paused stretch (at most ``BREAK_CAP``), at
      its time of day, widened by ``BREAK_SPREAD`` on each side with its minutes kept and
      weighted by one over the counter's days; a counter whose earlier days have no pause is
      expected to take none;
    - **a counter without earlier days of its own** (new, or not opened lately) at a site
      with some: the site's average counter, every counter's stretches pooled and weighted
      by one over all the counters' days;
    - **no earlier day at the site at all** (its first morning): ``prior_minutes`` of break
      spread evenly over the next ``BREAK_PRIOR_SPAN`` minutes.

    Each is scaled down so that no more is foreseen than its mean minutes of break a day (or
    ``prior_minutes``) less the counter's minutes of break today so far."""
    by_day: dict[tuple[int, date], list[StatusChange]] = {}
    for change in changes:
        by_day.setdefault((change.counter, change.day), []).append(change)
    days: dict[int, int] = {}
    paused: dict[int, float] = {}
    taken: dict[int, float] = {}
    stretches: dict[int, list[tuple[float, float]]] = {}
    for (counter, day), rows in by_day.items():
        if day > today:
            continue
        rows.sort(key=lambda c: c.at)
        ends = [c.at for c in rows[1:]] + [now if day == today else rows[-1].at]
        if day < today:
            days[counter] = days.get(counter, 0) + 1
        for change, end in zip(rows, ends, strict=True):
            if change.status != "paused":
                continue
            minutes = min(max(0.0, (end - change.at).total_seconds() / 60), BREAK_CAP)
            if day == today:
                taken[counter] = taken.get(counter, 0.0) + minutes
            elif minutes > 0:
                paused[counter] = paused.get(counter, 0.0) + minutes
                begin = _minute_of_day(change.at)
                stretches.setdefault(counter, []).append((begin, begin + minutes))
    moment = _minute_of_day(now)
    site_days = sum(days.values())
    pooled = [span for spans in stretches.values() for span in spans]
    result: dict[int, BreakSpans] = {}
    for counter in sorted({counter for counter, _day in by_day}):
        done = taken.get(counter, 0.0)
        if counter in days:
            spans = _habit(stretches.get(counter, []), days[counter], moment,
                           paused.get(counter, 0.0) / days[counter] - done)
        elif site_days:
            spans = _habit(pooled, site_days, moment, sum(paused.values()) / site_days - done)
        else:
            left = prior_minutes - done
            spans = ((0.0, BREAK_PRIOR_SPAN, left / BREAK_PRIOR_SPAN),) if left > 0 else ()
        if spans:
            result[counter] = spans
    return result


def _habit(stretches: list[tuple[float, float]], days: int, moment: float,
           left: float) -> BreakSpans:
    """Earlier days' paused stretches (minutes of the day) over ``days`` days, as breaks to
    come from ``moment``: each widened by ``BREAK_SPREAD`` each side with its minutes kept,
    weighted by 1/``days``, scaled down so that no more than ``left`` minutes are foreseen."""
    ahead: list[tuple[float, float, float]] = []
    for first, last in stretches:
        share = (last - first) / (last - first + 2 * BREAK_SPREAD) / days
        low, high = first - BREAK_SPREAD - moment, last + BREAK_SPREAD - moment
        if high > 0:
            ahead.append((max(low, 0.0), high, share))
    foreseen = sum((high - low) * share for low, high, share in ahead)
    if left <= 0 or foreseen <= 0:
        return ()
    scale = min(1.0, left / foreseen)
    return tuple(sorted((low, high, share * scale) for low, high, share in ahead))


def _minute_of_day(moment: datetime) -> float:
    """Minutes since local midnight."""
    at = local(moment)
    return at.hour * 60 + at.minute + at.second / 60
