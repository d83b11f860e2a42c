"""Tests for shared/clerks.py: one clerk per counter, log-in races, failures that expire,
and releasing a counter left logged in. On SQLite and PostgreSQL (``center``)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

import pytest
from sqlalchemy import select

from shared.clerks import ClerkService
from shared.clock import FixedClock
from shared.db.database import Database
from shared.errors import AuthError, InvalidOperation, LaysoError
from shared.models import CounterStatus, Event
from shared.queue import QueueService
from shared.views import ClerkView
from tests.center_data import PASSWORD, SITE


def _events(db: Database, kind: str, counter_id: int) -> list[Event]:
    with db.reading() as s:
        return list(s.scalars(select(Event).where(Event.kind == kind,
                                                  Event.counter_id == counter_id)))


def test_log_in_elsewhere_is_refused_while_the_other_counter_serves_a_ticket(
        center: Database) -> None:
    """hoa serves A001 at counter 3: logging in at counter 2 (freed) is refused with a
    message naming the ticket and the counter; counter 3 keeps its clerk and ticket."""
    queue, clerks = QueueService(center), ClerkService(center)
    queue.issue_ticket(SITE, "HT")
    three = queue.find_counter(SITE, 3)
    assert queue.call_next(three.id) is not None
    clerks.logout(SITE, 2)
    with pytest.raises(InvalidOperation, match="đang phục vụ số A001 ở quầy 3"):
        clerks.login("hoa", PASSWORD, SITE, 2)
    after = queue.counter(three.id)
    assert after.clerk_username == "hoa" and after.current is not None
    assert queue.find_counter(SITE, 2).clerk_username is None


def test_log_in_elsewhere_closes_the_idle_counter_with_its_events(center: Database) -> None:
    """hoa idle at counter 3 logs in at counter 2: counter 3 is closed with no clerk, and a
    clerk.logout and a counter.status event (what the wall and the old window follow) say so."""
    queue, clerks = QueueService(center), ClerkService(center)
    clerks.logout(SITE, 2)
    three = queue.find_counter(SITE, 3)
    before = len(_events(center, "counter.status", three.id))
    clerks.login("hoa", PASSWORD, SITE, 2)
    after = queue.counter(three.id)
    assert (after.clerk_username, after.status) == (None, CounterStatus.CLOSED)
    statuses = _events(center, "counter.status", three.id)
    assert len(statuses) == before + 1 and statuses[-1].data["status"] == "closed"
    assert _events(center, "clerk.logout", three.id)[-1].clerk_id is not None
    assert queue.find_counter(SITE, 2).clerk_username == "hoa"


def test_logging_in_again_at_the_counter_one_holds_records_nothing(center: Database) -> None:
    """A log-in sent again (its first answer lost after the commit, or the window restarted)
    at the counter the clerk already holds, open or paused, changes nothing and records no
    second clerk.login or counter.status; one closed with F9 is opened again, and says so."""
    queue, clerks = QueueService(center), ClerkService(center)
    one = queue.find_counter(SITE, 1)
    logins, statuses = (len(_events(center, kind, one.id))
                        for kind in ("clerk.login", "counter.status"))
    assert clerks.login("lan", PASSWORD, SITE, 1).username == "lan"
    queue.set_counter_status(one.id, CounterStatus.PAUSED)
    assert clerks.login("lan", "1234", SITE, 1).username == "lan"  # by PIN, paused
    assert queue.counter(one.id).status == CounterStatus.PAUSED
    assert len(_events(center, "clerk.login", one.id)) == logins
    assert len(_events(center, "counter.status", one.id)) == statuses + 1  # the pause
    queue.set_counter_status(one.id, CounterStatus.CLOSED)
    clerks.login("lan", PASSWORD, SITE, 1)
    assert queue.counter(one.id).status == CounterStatus.OPEN
    assert len(_events(center, "clerk.login", one.id)) == logins + 1
    assert _events(center, "counter.status", one.id)[-1].data["status"] == "open"
    with pytest.raises(AuthError):
        clerks.login("lan", "sai", SITE, 1)  # the secret is still checked


def _at_once(db: Database, logins: list[tuple[str, int]]) -> list[ClerkView | BaseException]:
    """Run the log-ins (user name, counter) at the same moment, each on its own connection."""
    results: list[ClerkView | BaseException] = [RuntimeError("not run")] * len(logins)
    barrier = threading.Barrier(len(logins))

    def log_in(index: int, username: str, number: int) -> None:
        own = Database(db.url, clock=db.clock)
        try:
            barrier.wait()
            results[index] = ClerkService(own).login(username, PASSWORD, SITE, number)
        except BaseException as error:  # kept: a non-LaysoError is a bug the test reports
            results[index] = error
        finally:
            own.dispose()

    threads = [threading.Thread(target=log_in, args=(i, *login))
               for i, login in enumerate(logins)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_log_ins_at_one_free_counter_at_once_only_one_wins(center: Database) -> None:
    """Counter 2 freed; minh and boss log in at it at the same moment, ten times over: each
    time exactly one holds it and the other is told it is in use."""
    for _round in range(10):
        ClerkService(center).logout(SITE, 2)
        results = _at_once(center, [("minh", 2), ("boss", 2)])
        winners = [r.username for r in results if isinstance(r, ClerkView)]
        assert len(winners) == 1, results
        loser = next(r for r in results if not isinstance(r, ClerkView))
        assert isinstance(loser, LaysoError) and "đang do" in loser.message
        assert QueueService(center).find_counter(SITE, 2).clerk_username == winners[0]


def test_one_clerk_logging_in_at_two_counters_at_once_ends_on_one(center: Database) -> None:
    """boss logs in at counters 1 and 2 (both freed) at the same moment: afterwards boss
    holds exactly one of them and the other is closed; nothing crashes."""
    queue = QueueService(center)
    for _round in range(5):
        for number in (1, 2, 3):
            ClerkService(center).logout(SITE, number)
        results = _at_once(center, [("boss", 1), ("boss", 2)])
        assert all(isinstance(r, ClerkView | LaysoError) for r in results), results
        held = [n for n in (1, 2) if queue.find_counter(SITE, n).clerk_username == "boss"]
        assert len(held) == 1


def test_failed_log_ins_expire_after_the_lock_window(center: Database,
                                                     clock: FixedClock) -> None:
    """Four wrong passwords, then quiet for longer than the lock window: four more do not
    lock the account (the old ones expired); a fifth in a row does."""
    clerks = ClerkService(center, lock_after=5, lock_minutes=5)
    for _ in range(4):
        with pytest.raises(AuthError, match="Sai tên"):
            clerks.authenticate("lan", "sai")
    clock.advance(minutes=6)
    for _ in range(4):
        with pytest.raises(AuthError, match="Sai tên"):
            clerks.authenticate("lan", "sai")
    assert clerks.authenticate("lan", PASSWORD).username == "lan"
    for _ in range(5):
        with pytest.raises(AuthError, match="Sai tên"):
            clerks.authenticate("lan", "sai")
    with pytest.raises(AuthError, match="tạm khóa"):
        clerks.authenticate("lan", PASSWORD)


def test_release_frees_a_counter_left_logged_in_and_keeps_its_ticket(
        center: Database) -> None:
    """release(3) logs hoa out of counter 3 (closed, events recorded); the ticket it was
    serving stays there; hoa may then log in at another counter; a second release says
    nobody is logged in."""
    queue, clerks = QueueService(center), ClerkService(center)
    queue.issue_ticket(SITE, "HT")
    three = queue.find_counter(SITE, 3)
    assert queue.call_next(three.id) is not None
    state = clerks.release(SITE, 3)
    assert (state.clerk_username, state.status) == (None, CounterStatus.CLOSED)
    assert state.current is not None and state.current.number == "A001"
    assert _events(center, "clerk.logout", three.id)[-1].data == {"released": True}
    clerks.logout(SITE, 2)
    clerks.login("hoa", PASSWORD, SITE, 2)
    with pytest.raises(InvalidOperation, match="không có ai đăng nhập"):
        clerks.release(SITE, 3)


def _layso(url: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """The real `layso` entry point in a fresh process."""
    return subprocess.run([sys.executable, "-m", "shared.cli.main", "--db", url, *argv],
                          capture_output=True, text=True, check=False)


def test_layso_counter_release_frees_the_counter(sqlite_center: Database) -> None:
    """`layso counter release 3` logs the clerk out of counter 3 and says so; run again it
    fails with one Vietnamese line and status 2."""
    url = sqlite_center.url
    result = _layso(url, "--site", SITE, "counter", "release", "3")
    assert result.returncode == 0, result.stderr
    assert "Đã giải phóng quầy 3" in result.stdout
    state = QueueService(sqlite_center).find_counter(SITE, 3)
    assert (state.clerk_username, state.status) == (None, CounterStatus.CLOSED)
    again = _layso(url, "--site", SITE, "counter", "release", "3")
    assert again.returncode == 2
    assert again.stderr.strip() == "layso: Quầy 3 không có ai đăng nhập."


def test_layso_site_place_sets_the_place_of_the_forms(sqlite_center: Database) -> None:
    """`layso site place HQ "Phường Sài Gòn"` sets the place printed on form 01's date line."""
    result = _layso(sqlite_center.url, "site", "place", SITE, "Phường Sài Gòn", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["place"] == "Phường Sài Gòn"


def test_the_password_check_holds_no_write_lock(sqlite_center: Database,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id takes ~80 ms by design: while it runs for a log-in (right or wrong), another
    process can take SQLite's write lock at once (a kiosk issuing a number is not held up)."""
    import sqlite3

    import shared.clerks as clerks_module

    path = sqlite_center.engine.url.database
    assert path is not None
    free_during_check: list[bool] = []
    real_verify = clerks_module.verify_secret

    def verify_while_probing(secret: str, stored: str | None) -> bool:
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            free_during_check.append(True)
        except sqlite3.OperationalError:
            free_during_check.append(False)
        finally:
            other.close()
        return real_verify(secret, stored)

    monkeypatch.setattr(clerks_module, "verify_secret", verify_while_probing)
    clerks = ClerkService(sqlite_center)
    with pytest.raises(AuthError):
        clerks.authenticate("lan", "sai")
    assert clerks.authenticate("lan", PASSWORD).username == "lan"
    assert free_during_check and all(free_during_check)


def test_a_password_changed_during_the_check_is_checked_again(center: Database,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    """The old password, right when it was read, is refused if it was changed while being
    checked (the check runs outside the transaction that records the outcome)."""
    import shared.clerks as clerks_module

    clerks = ClerkService(center)
    real_verify = clerks_module.verify_secret
    changed: list[bool] = []

    def verify_then_change(secret: str, stored: str | None) -> bool:
        result = real_verify(secret, stored)
        if not changed:
            changed.append(True)
            clerks.set_password("lan", "matkhau-moi")
        return result

    monkeypatch.setattr(clerks_module, "verify_secret", verify_then_change)
    with pytest.raises(AuthError, match="Sai tên"):
        clerks.authenticate("lan", PASSWORD)
    assert clerks.authenticate("lan", "matkhau-moi").username == "lan"


def test_looking_for_recent_failures_reads_the_failed_log_in_index(center: Database) -> None:
    """The lock-out window's query (RECENT_FAILURE) can use ix_events_login_failed, as a
    generic (prepared) plan on PostgreSQL too, instead of reading the whole event log."""
    from sqlalchemy import text

    from shared.clerks import RECENT_FAILURE

    with center.reading() as session:
        if center.is_sqlite:
            sql = str(RECENT_FAILURE.compile(session.get_bind()))
            plan = " ".join(str(row) for row in session.execute(
                text(f"EXPLAIN QUERY PLAN {sql}".replace("?", ":p")), {"p": 1}).all())
        else:
            compiled = RECENT_FAILURE.compile(session.get_bind())
            sql = str(compiled) % {"clerk_id": "$1", "since": "$2", "param_1": "1"}
            session.execute(text("SET LOCAL enable_seqscan = off"))
            session.execute(text("SET LOCAL plan_cache_mode = force_generic_plan"))
            session.execute(text(f"PREPARE recent_failure (int, timestamptz) AS {sql}"))
            plan = " ".join(row[0] for row in session.execute(text(
                "EXPLAIN EXECUTE recent_failure (1, now())")).all())
            session.execute(text("DEALLOCATE recent_failure"))
    assert "ix_events_login_failed" in plan, plan


def test_adding_a_clerk_and_setting_a_password_are_events_naming_who(center: Database) -> None:
    """``clerk.added`` and ``clerk.password`` events name the account and the actor and hold
    no secret; the new password works, the old one no longer; a short password, a bad PIN, a
    user name with spaces and an empty name are refused before anything is written."""
    clerks = ClerkService(center, actor="admin")
    added = clerks.add("tuan", "Võ Văn Tuấn", "bonchu", site=SITE, pin="5678")
    clerks.set_password("tuan", "namchu", pin="8765")
    with center.reading() as session:
        events = [e for e in session.scalars(select(Event).where(
            Event.kind == "config.changed", Event.clerk_id == added.id).order_by(Event.id))]
    assert [(e.data["change"], e.data["username"], e.data["by"]) for e in events] == [
        ("clerk.added", "tuan", "admin"), ("clerk.password", "tuan", "admin")]
    assert all("bonchu" not in json.dumps(e.data) and "5678" not in json.dumps(e.data)
               for e in events)
    assert events[0].site_id is not None and events[0].data["role"] == "clerk"
    assert clerks.authenticate("tuan", "namchu").username == "tuan"
    assert clerks.authenticate("tuan", "8765").username == "tuan"
    with pytest.raises(AuthError):
        clerks.authenticate("tuan", "bonchu")
    for call, said in ((lambda: clerks.set_password("tuan", "abc"), "ít nhất 4 ký tự"),
                       (lambda: clerks.add("x y", "X", PASSWORD), "Tên đăng nhập không hợp lệ"),
                       (lambda: clerks.add("xy", " ", PASSWORD), "Họ và tên"),
                       (lambda: clerks.add("xy", "X", PASSWORD, pin="12"), "PIN")):
        with pytest.raises(InvalidOperation, match=said):
            call()
    assert [c.username for c in clerks.list()].count("xy") == 0
