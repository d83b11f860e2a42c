"""Secrets and the audit trail of clerk accounts (issue 15, item 5): Argon2id hashes, old hashes
upgraded at the next log-in, passwords and PINs never on the command line nor in a log, and an
event naming who made every change to a clerk. On SQLite and PostgreSQL where a database is
used."""

from __future__ import annotations

import getpass
import io
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, update

import shared.clerks as clerks_module
from shared.clerk_accounts import ClerkAccounts
from shared.clerks import ClerkService, _scrypt_hash, needs_rehash
from shared.cli.main import main
from shared.db.database import Database
from shared.errors import AuthError
from shared.logs import SecretFilter, mask_arguments
from shared.models import Clerk, Event
from tests.center_data import PASSWORD, SITE


def _hashes(db: Database, username: str) -> tuple[str, str | None]:
    with db.reading() as session:
        clerk = session.scalar(select(Clerk).where(Clerk.username == username))
        assert clerk is not None
        return clerk.password_hash, clerk.pin_hash


def _changes(db: Database, username: str) -> list[dict[str, object]]:
    with db.reading() as session:
        return [dict(e.data) for e in session.scalars(
            select(Event).where(Event.kind == "config.changed").order_by(Event.id))
            if e.data.get("username") == username]


def test_the_production_hash_is_argon2id_at_owasp_cost() -> None:
    """Outside the tests' cheap setting, a new hash is Argon2id with 19 MiB, 2 passes, 1 lane
    (OWASP's Password Storage Cheat Sheet), and verifies."""
    code = ("from shared.clerks import hash_secret, verify_secret, needs_rehash;"
            "h = hash_secret('matkhau1'); print(h);"
            "print(verify_secret('matkhau1', h), verify_secret('sai', h), needs_rehash(h))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).parents[2]).stdout.split("\n")
    assert out[0].startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert out[1] == "True False False"


def test_an_old_scrypt_hash_is_upgraded_at_the_next_right_log_in(center: Database) -> None:
    """A password and a PIN stored as scrypt (before issue 15) still log in; the right log-in
    replaces each with Argon2id; a wrong try changes nothing."""
    with center.transaction() as session:
        session.execute(update(Clerk).where(Clerk.username == "lan").values(
            password_hash=_scrypt_hash(PASSWORD), pin_hash=_scrypt_hash("1234")))
    clerks = ClerkService(center)
    before = _hashes(center, "lan")
    with pytest.raises(AuthError):
        clerks.authenticate("lan", "sai")
    assert _hashes(center, "lan") == before
    assert clerks.authenticate("lan", PASSWORD).username == "lan"
    password_hash, pin_hash = _hashes(center, "lan")
    assert password_hash.startswith("$argon2id$") and not needs_rehash(password_hash)
    assert pin_hash == before[1]  # the PIN was not the secret given: left for its own turn
    assert clerks.authenticate("lan", "1234").username == "lan"
    assert _hashes(center, "lan")[1].startswith("$argon2id$")  # type: ignore[union-attr]
    assert clerks.authenticate("lan", PASSWORD).username == "lan"
    assert clerks.authenticate("lan", "1234").username == "lan"


def test_a_hash_of_another_argon2_cost_is_upgraded(center: Database,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Raising the cost reaches every account at its next log-in."""
    clerks = ClerkService(center)
    monkeypatch.setattr(clerks_module, "ARGON2_TIME", 2)
    assert needs_rehash(_hashes(center, "lan")[0])
    clerks.authenticate("lan", PASSWORD)
    assert ",t=2," in _hashes(center, "lan")[0]


def test_every_change_to_a_clerk_is_an_event_naming_who(center: Database,
                                                        clock: object) -> None:
    """Add, role, password, PIN and unlock each write a config.changed event with ``by``."""
    clerks = ClerkService(center, actor="admin")
    accounts = ClerkAccounts(center, actor="admin")
    clerks.add("tuan", "Võ Văn Tuấn", "bonchu", site=SITE)
    accounts.set_clerk("tuan", role="supervisor")
    clerks.set_password("tuan", "namchu")
    clerks.set_pin("tuan", "2468")
    for _ in range(5):
        with pytest.raises(AuthError):
            ClerkService(center).authenticate("tuan", "sai")
    accounts.unlock("tuan")
    clerks.set_pin("tuan", None)
    changes = _changes(center, "tuan")
    assert [(c["change"], c["by"]) for c in changes] == [
        ("clerk.added", "admin"), ("clerk.changed", "admin"), ("clerk.password", "admin"),
        ("clerk.pin", "admin"), ("clerk.unlocked", "admin"), ("clerk.pin", "admin")]
    assert [c.get("pin") for c in changes if c["change"] == "clerk.pin"] == [True, False]
    assert "2468" not in str(changes) and "namchu" not in str(changes)
    assert _hashes(center, "tuan")[1] is None


@pytest.fixture
def url(sqlite_center: Database) -> str:
    return sqlite_center.url


def _run(capsys: pytest.CaptureFixture[str], url: str, *argv: str,
         stdin: str | None = None, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = main(["--db", url, "--site", SITE, *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_cli_reads_secrets_from_stdin_and_refuses_them_on_the_command_line(
        capsys: pytest.CaptureFixture[str], url: str, sqlite_center: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`clerk add --with-pin --password-stdin` takes the password and the PIN from two lines;
    `--password X` or `--pin X` is refused with one clear line and nothing is written;
    `clerk password`, `clerk pin` and `clerk unlock` work the same way, each an event naming
    the OS user."""
    status, _, err = _run(capsys, url, "clerk", "add", "tuan", "Tuấn", "--password",
                          "matkhau1", monkeypatch=monkeypatch)
    assert status == 2 and "dòng lệnh" in err and "matkhau1" not in err
    status, _, err = _run(capsys, url, "clerk", "add", "tuan", "Tuấn", "--pin", "1234",
                          "--password-stdin", stdin="matkhau1\n", monkeypatch=monkeypatch)
    assert status == 2 and "--password-stdin" in err
    assert [c.username for c in ClerkService(sqlite_center).list()].count("tuan") == 0
    status, _, err = _run(capsys, url, "clerk", "add", "tuan", "Tuấn", "--with-pin",
                          "--password-stdin", stdin="matkhau1\n", monkeypatch=monkeypatch)
    assert status == 2 and "hai dòng" in err
    status, _, err = _run(capsys, url, "clerk", "add", "tuan", "Tuấn", "--with-pin",
                          "--password-stdin", stdin="matkhau1\n2468\n",
                          monkeypatch=monkeypatch)
    assert status == 0, err
    real_clock = Database(url)  # the CLI's clock: the lock-out is read against it
    clerks = ClerkService(real_clock)
    assert clerks.authenticate("tuan", "matkhau1").username == "tuan"
    assert clerks.authenticate("tuan", "2468").username == "tuan"
    status, out, err = _run(capsys, url, "clerk", "password", "tuan", "--password-stdin",
                            stdin="matkhau2\n", monkeypatch=monkeypatch)
    assert status == 0 and "matkhau2" not in out, err
    status, _, err = _run(capsys, url, "clerk", "pin", "tuan", "--password-stdin",
                          stdin="1357\n", monkeypatch=monkeypatch)
    assert status == 0, err
    assert clerks.authenticate("tuan", "1357").username == "tuan"
    for _ in range(5):
        with pytest.raises(AuthError):
            clerks.authenticate("tuan", "sai")
    with pytest.raises(AuthError, match="tạm khóa"):
        clerks.authenticate("tuan", "matkhau2")
    status, _, err = _run(capsys, url, "clerk", "unlock", "tuan", monkeypatch=monkeypatch)
    assert status == 0, err
    assert clerks.authenticate("tuan", "matkhau2").username == "tuan"
    changes = _changes(sqlite_center, "tuan")
    assert [c["change"] for c in changes] == ["clerk.added", "clerk.password", "clerk.pin",
                                              "clerk.unlocked"]
    assert {c["by"] for c in changes} == {getpass.getuser()}
    real_clock.dispose()


def test_the_cli_asks_at_a_prompt_twice(capsys: pytest.CaptureFixture[str], url: str,
                                        sqlite_center: Database,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """In a terminal the password is asked twice without echo (getpass); two different
    typings are refused; without a terminal and without --password-stdin, one clear line."""
    typed = iter(["matkhau9", "matkhau8", "matkhau9", "matkhau9"])
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    status, _, err = _run(capsys, url, "clerk", "password", "lan", monkeypatch=monkeypatch)
    assert status == 2 and "--password-stdin" in err and prompts == []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    status, _, err = _run(capsys, url, "clerk", "password", "lan", monkeypatch=monkeypatch)
    assert status == 2 and "không khớp" in err
    status, _, err = _run(capsys, url, "clerk", "password", "lan", monkeypatch=monkeypatch)
    assert status == 0, err
    assert prompts == ["Mật khẩu mới: ", "Nhập lại mật khẩu: "] * 2
    assert ClerkService(sqlite_center).authenticate("lan", "matkhau9").username == "lan"


def test_an_unexpected_error_logs_the_arguments_with_secrets_masked(
        capsys: pytest.CaptureFixture[str], url: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """cli.log gets the command's arguments and the traceback with every secret masked: a
    secret option's value, a password=… pair, a database URL's password."""
    import shared.cli.center_cmd as center_cmd

    monkeypatch.setenv("LAYSO_DATA_DIR", str(tmp_path))

    def boom(args: object) -> int:
        raise RuntimeError("connect password=hemmelig to postgresql://kiosk:s3cret@pc/layso")

    monkeypatch.setattr(center_cmd, "run_clerk_add", boom)
    status, _, err = _run(capsys, url, "clerk", "add", "tuan", "Tuấn", "--password",
                          "matkhau1", "--pin=2468", monkeypatch=monkeypatch)
    assert status == 1
    for handler in logging.getLogger().handlers:
        handler.flush()
    log = (tmp_path / "logs" / "cli.log").read_text(encoding="utf-8")
    assert "unexpected error in" in log and "RuntimeError" in log
    assert "'--password', '***'" in log and "--pin=***" in log
    for secret in ("matkhau1", "2468", "hemmelig", "s3cret"):
        assert secret not in log and secret not in err


def test_mask_arguments_and_the_filter() -> None:
    assert mask_arguments(["clerk", "add", "--password", "x1", "--pin=99", "--json",
                           "--database", "postgresql://u:pw@h/db"]) == [
        "clerk", "add", "--password", "***", "--pin=***", "--json", "--database",
        "postgresql://u:***@h/db"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(SecretFilter())
    logger = logging.getLogger("test_clerk_secrets")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("started with %s", ["--token", "abc123"])
        logger.warning("PGPASSWORD=topsecret psql")
    finally:
        logger.removeHandler(handler)
    assert "abc123" not in stream.getvalue() and "topsecret" not in stream.getvalue()
    assert stream.getvalue().count("***") == 2


def test_the_apps_logs_mask_secrets_too(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The desktop apps' log (shared/ui/app.configure_logging) has the same filter."""
    from shared.ui.app import configure_logging

    monkeypatch.setenv("LAYSO_DATA_DIR", str(tmp_path))
    path = configure_logging("test-secrets")
    logging.getLogger("test").warning(
        "cannot connect to postgresql+psycopg://layso_counter:Zq9-secret@10.0.0.2/layso")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "layso_counter:***@10.0.0.2" in text and "Zq9-secret" not in text
