"""The wait estimate's projection on hand-built queues (shared/wait_estimate.py), and its
statistics (shared/wait_stats.py).

Each test's docstring works the figure out by hand, step by step as the projection moves:
a counter that frees up calls at once from the first queue of its order with someone
waiting, then works on it at one ticket per call-to-call time; a busy counter frees up after
max(mean − elapsed, half the mean); a counter on break after ``break_minutes``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from shared.clock import LOCAL_TZ, FixedClock
from shared.db.database import Database
from shared.models import CounterStatus
from shared.wait_estimate import (
    CounterInput,
    ServiceStats,
    WaitEstimate,
    WaitInputs,
    estimate_wait,
    project,
    project_with_cutoff,
    wait_shown,
)
from shared.wait_stats import (
    IssuedToday,
    PastCall,
    StatusChange,
    breaks_ahead,
    robust_mean,
    service_stats,
)

X, Y = 1, 2


def test_a_counter_serving_a_service_second_gives_it_only_the_time_its_first_leaves() -> None:
    """Counter A serves X then Y, counter B only Y; both free. X has 5 waiting (6 min each), Y
    4 (4 min each); the ticket is Y's last, 3 ahead. At 0 A calls an X (4 left), B calls a Y
    (3 left, the ticket included); then only B works on Y: 3 × 4 = 12 minutes. (The old
    estimate counted two counters for Y: 3 × 4 / 2 = 6.) Range (RANGE_TABLE, band 10–15:
    −0.52, +0.53 of 12 + 3): 12 − 7.8 = 4.2 → 4 to 12 + 7.95 = 19.95 → 20.
    With no X waiting, A calls Ys too: both call at 0 (2 left), then 2 ÷ (2/4) = 4 minutes;
    band 3–6 (−0.50, +0.18 of 7): 0.5 → 0 to 5.26 → 6."""
    stats = {X: ServiceStats(6.0), Y: ServiceStats(4.0, variation=0.5)}
    counters = (CounterInput((X, Y)), CounterInput((Y,)))
    busy_x = WaitInputs(Y, False, 3, {(X, False): 5, (Y, False): 4}, counters, stats)
    assert estimate_wait(busy_x) == WaitEstimate(12, 4, 20)
    no_x = WaitInputs(Y, False, 3, {(Y, False): 4}, counters, stats)
    assert estimate_wait(no_x) == WaitEstimate(4, 0, 6)


def test_priority_tickets_and_expected_priority_arrivals_go_first_under_strict() -> None:
    """One counter for X (5 min a call), serving, 2 minutes in: free at max(5 − 2, 2.5) = 3.
    An ordinary ticket with 1 ahead (2 of its queue left); 2 priority tickets waiting and
    0.1 × 0.5 = 0.05 priority arrivals a minute. By 3 the priority queue holds 2.15; the
    counter calls one (1.15) and drains it at 0.2 − 0.05 = 0.15 a minute: empty at
    3 + 1.15/0.15 = 10.67. Then it keeps 0.05 × 5 = 0.25 of its time for arrivals and gives
    0.75 to the ordinary queue, 0.15 a minute: 2/0.15 = 13.33 more, 24 minutes in all.
    Without priority tickets: free at 3, calls the one ahead, 5 more: 8."""
    stats = {X: ServiceStats(5.0, arrivals_per_minute=0.1, priority_share=0.5)}
    counter = (CounterInput((X,), busy_service=X, busy_minutes=2.0),)
    waiting = {(X, True): 2, (X, False): 2}
    estimate = estimate_wait(WaitInputs(X, False, 1, waiting, counter, stats))
    assert estimate is not None and estimate.minutes == 24
    calm = {X: ServiceStats(5.0)}
    plain = estimate_wait(WaitInputs(X, False, 1, {(X, False): 2}, counter, calm))
    assert plain is not None and plain.minutes == 8


def test_a_priority_ticket_waits_only_for_the_priority_counter_to_free_up() -> None:
    """Counter A serves X only, free; counter P, the priority desk, serves X and Y and is 4
    minutes into a Y ticket (10 min a call): free at max(10 − 4, 5) = 6. A priority Y ticket,
    first of its class, 8 ordinary X and 3 ordinary Y waiting: A never serves Y, P calls the
    priority ticket before any ordinary one when it frees up: 6 minutes."""
    stats = {X: ServiceStats(5.0), Y: ServiceStats(10.0)}
    counters = (CounterInput((X,)), CounterInput((X, Y), busy_service=Y, busy_minutes=4.0))
    waiting = {(X, False): 8, (Y, False): 3, (Y, True): 1}
    estimate = estimate_wait(WaitInputs(Y, True, 0, waiting, counters, stats))
    assert estimate is not None and estimate.minutes == 6


def test_a_counter_on_break_comes_back_and_a_closed_one_does_not() -> None:
    """Two counters for X (6 min a call), 4 ahead (5 in the queue with the ticket). A is free,
    B on break (back in 10). At 0 A calls one (4 left) and works alone for 10 minutes
    (4 − 10/6 = 2.33 left); B comes back and calls one (1.33), then both: 1.33 ÷ (2/6) = 4
    more: 14. With B closed: A alone, 4 × 6 = 24. With B open: both call at 0 (3 left),
    3 ÷ (2/6) = 9."""
    stats = {X: ServiceStats(6.0)}
    waiting = {(X, False): 5}

    def minutes(status: str) -> int:
        counters = (CounterInput((X,)), CounterInput((X,), status=status))
        estimate = estimate_wait(WaitInputs(X, False, 4, waiting, counters, stats,
                                            break_minutes=10))
        assert estimate is not None
        return estimate.minutes

    assert (minutes("paused"), minutes("closed"), minutes("open")) == (14, 24, 9)


def test_nobody_ahead_but_every_counter_busy_waits_for_the_first_to_free_up() -> None:
    """Two counters for X (12 min a call), 2 and 4 minutes into their tickets: free at
    max(12 − 2, 6) = 10 and max(12 − 4, 6) = 8. Nobody ahead: the second calls the ticket at
    8 (the old estimate said 0, "Sắp đến lượt"). Range (band 6–10: −0.64, +0.39 of 8 + 3):
    8 − 7.04 = 0.96 → 0 to 8 + 4.29 = 12.29 → 13."""
    stats = {X: ServiceStats(12.0, variation=0.5)}
    counters = (CounterInput((X,), busy_service=X, busy_minutes=2.0),
                CounterInput((X,), busy_service=X, busy_minutes=4.0))
    inputs = WaitInputs(X, False, 0, {(X, False): 1}, counters, stats)
    assert estimate_wait(inputs) == WaitEstimate(8, 0, 13)


def test_a_long_queue_gets_a_range_from_the_calibrated_table() -> None:
    """27 ahead at two free counters for X (6 min a call): both call at 0 (26 left), then
    26 ÷ (2/6) = 78 minutes. Band 40 and up (−0.45, +0.31 of 78 + 3 = 81): 78 − 36.45 =
    41.55 → 41 to 78 + 25.11 = 103.11 → 104, "khoảng 41-104 phút" (the spread model with its
    fixed multiplier said 44-112 here: the table is about as wide at this length, narrower
    below 40 minutes)."""
    counters = (CounterInput((X,)), CounterInput((X,)))
    inputs = WaitInputs(X, False, 27, {(X, False): 28}, counters, {X: ServiceStats(6.0)})
    assert estimate_wait(inputs) == WaitEstimate(78, 41, 104)


def test_no_estimate_while_no_counter_for_the_service_is_open_or_on_break() -> None:
    """Only closed counters serve X, and an open one serves only Y: nobody can say."""
    counters = (CounterInput((X,), status="closed"), CounterInput((Y,)))
    inputs = WaitInputs(X, False, 2, {(X, False): 3}, counters, {X: ServiceStats(5.0)})
    assert estimate_wait(inputs) is None


def test_no_estimate_when_the_queue_never_reaches_the_ticket() -> None:
    """One counter for X, 5 minutes a call (0.2 a minute), and priority tickets arriving at
    1 a minute now and 0.5 × 1 later: they always go first, so an ordinary ticket's turn never
    comes within the projection's horizon: no estimate rather than "khoảng 436-764 phút"."""
    stats = {X: ServiceStats(5.0, arrivals_per_minute=1.0, priority_share=1.0,
                             arrivals_later=1.0)}
    inputs = WaitInputs(X, False, 0, {(X, False): 1, (X, True): 2}, (CounterInput((X,)),),
                        stats)
    assert estimate_wait(inputs) is None


def test_one_very_long_case_moves_the_robust_mean_by_little() -> None:
    """[5, 5, 5, 5, 60]: median 5, MAD 0 (floor 0.1 × 5 = 0.5): values above 5 + 6 × 0.5 = 8
    are clipped to 8; mean (5·4 + 8)/5 = 5.6 (the plain mean is 16); variation
    1.2/5.6 = 0.21, raised to the floor 0.3."""
    assert robust_mean([5, 5, 5, 5, 60], 5) == pytest.approx((5.6, 0.3))
    assert robust_mean([], 7) == (7, 0.6)


def test_service_stats_take_todays_calls_with_the_usual_gap_and_the_recent_arrivals() -> None:
    """Five calls today at counter 1, 4 minutes each, 1 minute apart (gaps 1, 1, 1, 1), and
    three of yesterday's, 10 minutes each, 0.5 apart: today's five are enough, so the mean is
    4 + the median gap 1 = 5. Arrivals: 20 numbers in the last 40 minutes: 0.5 a minute;
    30 since the first, 90 minutes ago: 1/3 later on. Priority: 2 of 8 calls, drawn towards
    5 % with a weight of 5: (2 + 0.25)/13."""
    now = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    today, yesterday = date(2026, 11, 24), date(2026, 11, 23)
    calls = [PastCall(X, 1, now - timedelta(minutes=60 - 5 * i),
                      now - timedelta(minutes=56 - 5 * i), today, i == 0) for i in range(5)]
    calls += [PastCall(X, 1, now - timedelta(days=1, minutes=60 - 10.5 * i),
                       now - timedelta(days=1, minutes=50 - 10.5 * i), yesterday, i == 0)
              for i in range(3)]
    issued = [IssuedToday(X, 30, 20, now - timedelta(minutes=40), now - timedelta(minutes=90))]
    stats = service_stats(calls, issued, today, now, 5)[X]
    assert stats.call_minutes == pytest.approx(5.0)
    assert stats.arrivals_per_minute == pytest.approx(0.5)
    assert stats.arrivals_later == pytest.approx(1 / 3)
    assert stats.priority_share == pytest.approx(2.25 / 13)
    assert stats.samples == (5.0,) * 5


def test_transfers_in_are_foreseen_at_their_share_of_the_calls() -> None:
    """Twenty calls of X today, two of them transferred in from another service: the share
    2/(20 + 4) = 1/12 (drawn towards none with a weight of 4 calls). X's numbers come at 0.5
    a minute, so the transfers in at 0.5 × (1/12)/(11/12) = 0.5/11 a minute."""
    now = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    today = date(2026, 11, 24)
    calls = [PastCall(X, 1, now - timedelta(minutes=100 - 5 * i),
                      now - timedelta(minutes=96 - 5 * i), today, False, i in (3, 9))
             for i in range(20)]
    issued = [IssuedToday(X, 40, 20, now - timedelta(minutes=40), now - timedelta(minutes=90))]
    stats = service_stats(calls, issued, today, now, 5)[X]
    assert stats.transfers_per_minute == pytest.approx(0.5 / 11)


def test_a_long_running_ticket_leaves_more_than_mean_minus_elapsed() -> None:
    """One counter for X, 9 minutes into a ticket; X's recent calls 4, 6, 8, 12 and 30
    minutes (mean 10). Nobody ahead. Of the calls, two lasted over 9: 3 and 21 minutes more,
    12 on average; with a weight of 2/(2 + 3) against max(10 − 9, 5) = 5: 0.4 × 12 + 0.6 × 5 =
    7.8 → 8 minutes. Without the calls: 5."""
    counter = (CounterInput((X,), busy_service=X, busy_minutes=9.0),)
    samples = {X: ServiceStats(10.0, samples=(4.0, 6.0, 8.0, 12.0, 30.0))}
    estimate = estimate_wait(WaitInputs(X, False, 0, {(X, False): 1}, counter, samples))
    assert estimate is not None and estimate.minutes == 8
    plain = estimate_wait(WaitInputs(X, False, 0, {(X, False): 1}, counter,
                                     {X: ServiceStats(10.0)}))
    assert plain is not None and plain.minutes == 5


def test_under_interleaving_a_priority_ticket_is_taken_at_once_by_a_counter_due_one() -> None:
    """Interleaving, one priority ticket after every 2 others; 20 % of tickets priority: a
    counter is due one 1 − 2 × 0.2/0.8 = half of the time. One free counter for X (6 min a
    call), a priority ticket (first of its class) and 3 ordinary waiting. At 0 the counter
    calls half a priority ticket and half an ordinary one; then it gives the priority queue
    its share 1/3: 1/18 a minute, 0.5 × 18 = 9 minutes. (Counting only the share, the
    counter called an ordinary ticket first and then took 18 minutes.)"""
    stats = {X: ServiceStats(6.0, priority_share=0.2)}
    inputs = WaitInputs(X, True, 0, {(X, True): 1, (X, False): 3}, (CounterInput((X,)),),
                        stats, strict=False, priority_every=2)
    estimate = estimate_wait(inputs)
    assert estimate is not None and estimate.minutes == 9


def test_a_dedicated_counter_takes_its_own_arrivals_before_a_shared_one() -> None:
    """Counter A serves X then Y, counter B only X; both free. X has nobody waiting but 0.1
    arrivals a minute (5 min each: half a counter); Y 3 waiting (the ticket with 2 ahead),
    4 min a call. At 0, A calls a Y (2 left). B, with nothing else to do, takes X's arrivals;
    A gives Y all its time: 2 × 4 = 8 minutes. (Had A taken X's arrivals first, Y would get
    half of A: 16.)"""
    stats = {X: ServiceStats(5.0, arrivals_per_minute=0.1), Y: ServiceStats(4.0)}
    counters = (CounterInput((X, Y)), CounterInput((X,)))
    estimate = estimate_wait(WaitInputs(Y, False, 2, {(Y, False): 3}, counters, stats))
    assert estimate is not None and estimate.minutes == 8


@pytest.mark.parametrize(("ahead", "minutes", "low", "high", "kind", "shown"), [
    (3, 25, 18, 33, "range", (18, 33)),
    (0, 8, 2, 15, "range", (2, 15)),      # nobody ahead, every counter busy: a range
    (2, 4, 0, 9, "soon", (0, 0)),         # under 5 minutes: "Sắp đến lượt"
    (0, None, None, None, "soon", (0, 0)),
    (2, None, None, None, "unknown", (0, 0)),
    (4, 12, None, None, "minutes", (12, 12)),  # a view from before the range
])
def test_what_a_ticket_says_of_its_wait(ahead: int, minutes: int | None, low: int | None,
                                        high: int | None, kind: str,
                                        shown: tuple[int, int]) -> None:
    """"khoảng 18-33 phút" from 5 minutes up; "Sắp đến lượt" below; "chưa xác định" without
    an estimate (but "Sắp đến lượt" with nobody ahead)."""
    result = wait_shown(ahead, minutes, low, high)
    assert (result.kind, (result.low, result.high)) == (kind, shown)


def test_under_interleaving_a_priority_ticket_arriving_late_in_the_wait_is_not_counted() -> None:
    """Interleaving, one priority ticket after every 2 others, 20 % priority (a counter due
    one half of the time); one free counter for X, 6 min a call, 0.2 arrivals a minute
    (0.04 priority). An ordinary ticket with 2 ahead (3 in its queue), no priority waiting.
    A priority ticket issued now would wait w = 9 (half of it called at 0, then the queue's
    third of the counter: 0.5 × 18). The ticket: at 0 the counter calls one ordinary (2
    left) and keeps 0.04 × 6 = 0.24 of its time for the priority arrivals: 0.76/6 a minute,
    2 ÷ 0.1267 = 15.79 if every priority arrival went ahead. But one arriving after T − 9
    is still waiting at T: counted only until T − 9, the rest at 1/6 a minute, T = c + 6 ×
    (2 − 0.1267 c) with c = T − 9: the fixed point T = 12.95. The passes: 15.79 → 13.63 →
    13.11 → 12.99 (three passes): 13 minutes (none counted: 2 × 6 = 12)."""
    stats = {X: ServiceStats(6.0, arrivals_per_minute=0.2, priority_share=0.2)}
    inputs = WaitInputs(X, False, 2, {(X, False): 3}, (CounterInput((X,)),), stats,
                        strict=False, priority_every=2)
    full = project(inputs)
    assert full is not None and full[0] == pytest.approx(2 / (0.76 / 6))
    estimate = estimate_wait(inputs)
    assert estimate is not None and estimate.minutes == 13
    projection = project_with_cutoff(inputs)
    assert projection is not None and projection[0] == pytest.approx(12.987, abs=0.01)
    # Under the strict policy a priority ticket is called at the next counter free: every
    # one arriving before the ticket's call goes ahead, nothing is cut.
    strict = WaitInputs(X, False, 2, {(X, False): 3}, (CounterInput((X,)),), stats)
    assert project_with_cutoff(strict) == project(strict)


def test_a_counter_with_a_break_to_come_gives_less_at_long_horizons_only() -> None:
    """One free counter for X, 6 min a call, expected to lose half its time from 20 to 50
    minutes from now (a break foreseen from earlier days). One ahead: called at 0, the
    ticket at 6, before the break: 6, as without it. Nine ahead: at 0 one is called (9 left),
    by 20 another 20/6 (5.67 left), from 20 to 50 at half pace 30/12 = 2.5 (3.17 left), then
    3.17 × 6 = 19 more: 69 minutes (54 without the break)."""
    stats = {X: ServiceStats(6.0)}
    slowed = (CounterInput((X,), breaks=((20.0, 50.0, 0.5),)),)
    plain = (CounterInput((X,)),)

    def minutes(ahead: int, counters: tuple[CounterInput, ...]) -> float:
        projection = project(WaitInputs(X, False, ahead, {(X, False): ahead + 1}, counters,
                                        stats))
        assert projection is not None
        return projection[0]

    assert minutes(1, slowed) == pytest.approx(6.0) == minutes(1, plain)
    assert minutes(9, slowed) == pytest.approx(69.0)
    assert minutes(9, plain) == pytest.approx(54.0)


def test_breaks_to_come_are_read_from_earlier_days_less_todays() -> None:
    """Counter 1 yesterday: open 07:30, paused 09:30, open again 09:45: a 15-minute break
    (one day). Today at 09:00 it has not paused: 15 minutes left, foreseen at 09:30–09:45
    widened by 15 minutes each side with its minutes kept: from 15 to 60 minutes from now at
    15/45 = 1/3 of its time. After a 5-minute pause today: 10 left, so 2/3 of that (2/9).
    After a 15-minute one: nothing more. Counter 2 never paused: nothing."""
    today, yesterday = date(2026, 11, 24), date(2026, 11, 23)

    def at(day: date, hour: int, minute: int) -> datetime:
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)

    before = [StatusChange(1, at(yesterday, 7, 30), "open", yesterday),
              StatusChange(1, at(yesterday, 9, 30), "paused", yesterday),
              StatusChange(1, at(yesterday, 9, 45), "open", yesterday),
              StatusChange(2, at(yesterday, 7, 30), "open", yesterday),
              StatusChange(1, at(today, 7, 30), "open", today),
              StatusChange(2, at(today, 7, 30), "open", today)]
    now = at(today, 9, 0)
    ahead = breaks_ahead(before, today, now)
    assert list(ahead) == [1]
    ((low, high, share),) = ahead[1]
    assert (low, high, share) == pytest.approx((15.0, 60.0, 1 / 3))
    short = [*before, StatusChange(1, at(today, 8, 0), "paused", today),
             StatusChange(1, at(today, 8, 5), "open", today)]
    assert breaks_ahead(short, today, now)[1][0][2] == pytest.approx(2 / 9)
    taken = [*before, StatusChange(1, at(today, 8, 0), "paused", today),
             StatusChange(1, at(today, 8, 15), "open", today)]
    assert breaks_ahead(taken, today, now) == {}


def test_a_sites_first_morning_foresees_a_prior_break_for_each_counter() -> None:
    """No earlier day at the site: each counter opened today is expected to take the prior's
    10 minutes of break (``estimate_break_minutes``) some time in the next 240, less what it
    took today. At 09:00 counter 1 has taken none: 10/240 of its time over 0–240 minutes;
    counter 2 paused 08:00–08:04: 6 left, 6/240; counter 3 paused 08:40–08:52, 12 minutes:
    nothing more. Without a prior (0 minutes) nothing at all is foreseen.
    The projection, one free counter for X at 6 minutes a call losing 1/24 of its time, nine
    ahead: one called at once, then nine at 6 ÷ (23/24) = 6.26 minutes: 56.35 (54 without)."""
    today = date(2026, 11, 23)

    def at(hour: int, minute: int) -> datetime:
        return datetime(today.year, today.month, today.day, hour, minute, tzinfo=LOCAL_TZ)

    changes = [StatusChange(n, at(7, 30), "open", today) for n in (1, 2, 3)]
    changes += [StatusChange(2, at(8, 0), "paused", today),
                StatusChange(2, at(8, 4), "open", today),
                StatusChange(3, at(8, 40), "paused", today),
                StatusChange(3, at(8, 52), "open", today)]
    ahead = breaks_ahead(changes, today, at(9, 0), prior_minutes=10.0)
    assert ahead == {1: ((0.0, 240.0, pytest.approx(10 / 240)),),
                     2: ((0.0, 240.0, pytest.approx(6 / 240)),)}
    assert breaks_ahead(changes, today, at(9, 0)) == {}
    stats = {X: ServiceStats(6.0)}
    counters = (CounterInput((X,), breaks=((0.0, 240.0, 1 / 24),)),)
    projection = project(WaitInputs(X, False, 9, {(X, False): 10}, counters, stats))
    assert projection is not None and projection[0] == pytest.approx(9 * 6 * 24 / 23)
    estimate = estimate_wait(WaitInputs(X, False, 9, {(X, False): 10}, counters, stats))
    assert estimate is not None and estimate.minutes == 56


def test_a_counter_without_days_of_its_own_is_the_sites_average_counter() -> None:
    """Yesterday counter 1 paused 09:30–09:45 and counter 2 not at all; counter 3 is new
    today. At 09:00: counter 1 its own break (15 to 60 minutes from now at 1/3, as above);
    counter 2 none (its day had no pause); counter 3 the site's average counter: the one
    stretch over the site's two counter-days, 15/45 ÷ 2 = 1/6 over 15–60 minutes (7.5
    minutes: the site's mean break a counter-day, 15 ÷ 2). The site has history, so the
    prior of a first morning is not used."""
    today, yesterday = date(2026, 11, 24), date(2026, 11, 23)

    def at(day: date, hour: int, minute: int) -> datetime:
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)

    changes = [StatusChange(1, at(yesterday, 7, 30), "open", yesterday),
               StatusChange(1, at(yesterday, 9, 30), "paused", yesterday),
               StatusChange(1, at(yesterday, 9, 45), "open", yesterday),
               StatusChange(2, at(yesterday, 7, 30), "open", yesterday),
               *(StatusChange(n, at(today, 7, 30), "open", today) for n in (1, 2, 3))]
    ahead = breaks_ahead(changes, today, at(today, 9, 0), prior_minutes=10.0)
    assert ahead == {1: ((15.0, 60.0, pytest.approx(1 / 3)),),
                     3: ((15.0, 60.0, pytest.approx(1 / 6)),)}


def test_breaks_are_read_from_the_last_days_the_center_was_open(center: Database,
                                                                 clock: FixedClock) -> None:
    """Monday 09:00, the center's first morning: the clerks' log-ins opened counters 1–3, so
    each is expected to lose the prior's 10 minutes in the next 240 (10/240 of its time).
    Counter 3 pauses 09:30–09:45. Eleven days later (Friday of the next week, a holiday
    between: no event for ten days) at 09:00 the Monday is still the last day the center
    was open: counter 3's break is foreseen at its time of day, 15 to 60 minutes from now at
    1/3 (seven calendar days back would have found nothing); counters 1 and 2, open that
    Monday without a pause, none."""
    from shared import wait_reads
    from shared.models import Ticket
    from shared.queue import QueueService
    from tests.center_data import SITE

    queue = QueueService(center)

    def counter_breaks(ticket_id: int) -> list[tuple[tuple[float, float, float], ...]]:
        with center.reading() as session:
            ticket = session.get(Ticket, ticket_id)
            assert ticket is not None
            _, inputs = wait_reads.wait_inputs(session, ticket, clock.moment, queue.settings)
        return [c.breaks for c in inputs.counters]

    monday = queue.issue_ticket(SITE, "DD")
    assert counter_breaks(monday.id) == [((0.0, 240.0, pytest.approx(10 / 240)),)] * 3
    third = queue.find_counter(SITE, 3).id
    clock.advance(minutes=30)
    queue.set_counter_status(third, CounterStatus.PAUSED)
    clock.advance(minutes=15)
    queue.set_counter_status(third, CounterStatus.OPEN)
    clock.advance(days=11, minutes=-45)
    friday = queue.issue_ticket(SITE, "DD")
    assert counter_breaks(friday.id) == [(), (), ((15.0, 60.0, pytest.approx(1 / 3)),)]


def test_breaks_to_come_read_a_while_ago_are_moved_to_now() -> None:
    """The statistics (and the breaks to come) are read once per 30 s: a break foreseen from
    0 to 20 and one from 10 to 40 minutes, read 15 minutes ago, are now 0 to 5 and 0 to 25;
    read 25 minutes ago, the first is over."""
    from shared.wait_reads import _breaks_later

    breaks = {1: ((0.0, 20.0, 0.5), (10.0, 40.0, 0.25))}
    assert _breaks_later(breaks, timedelta(minutes=15)) == {
        1: ((0.0, 5.0, 0.5), (0.0, 25.0, 0.25))}
    assert _breaks_later(breaks, timedelta(minutes=25)) == {1: ((0.0, 15.0, 0.25),)}


def test_a_priority_ticket_follows_the_sites_interleaving_set_in_the_console(
        center: Database, clock: FixedClock) -> None:
    """The center sets "one priority ticket after every 2 others" in the console while each
    PC's file says strict: an elderly CT ticket issued behind three ordinary ones is told the
    two ordinary tickets the counter will call first (not 0, as under strict), a pregnant
    woman's after it those two, the elderly one and the third ordinary one; each wait grows
    with them; the counter then calls in exactly that order."""
    from shared.center_settings import CenterSettingsService
    from shared.config import QueueSettings
    from shared.models import Outcome, Priority
    from shared.queue import QueueService
    from tests.center_data import SITE

    queue = QueueService(center, QueueSettings(priority_policy="strict"))
    for number in (1, 3):  # counter 2 alone serves CT
        queue.set_counter_status(queue.counter_id(SITE, number), CounterStatus.CLOSED)
    two = queue.counter_id(SITE, 2)
    for _ in range(3):
        clock.advance(seconds=30)
        queue.issue_ticket(SITE, "CT")
    strict = queue.issue_ticket(SITE, "CT", Priority.ELDERLY)
    assert strict.people_ahead == 0
    CenterSettingsService(center).set(SITE, priority_policy="interleave", priority_every=2)
    elderly = queue.issue_ticket(SITE, "CT", Priority.PREGNANT)
    assert elderly.people_ahead == 1 + 3  # the elderly one, and three ordinary ones
    seen = queue.ticket(strict.id)
    assert seen.people_ahead == 2
    assert seen.estimated_wait_minutes is not None and elderly.estimated_wait_minutes \
        is not None and elderly.estimated_wait_minutes > seen.estimated_wait_minutes > 0
    called = []
    for _ in range(5):
        ticket = queue.call_next(two)
        assert ticket is not None
        called.append(ticket.ticket.number)
        queue.finish(two, Outcome.GUIDED)
    assert called == ["B001", "B002", strict.number, "B003", elderly.number]
