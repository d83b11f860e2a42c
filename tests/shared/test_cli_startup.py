"""`layso` starts light (issue 10): ``layso --help`` loads neither the ORM nor any command's
code, and ``layso ticket issue`` loads what issuing a ticket needs and none of the heavy
libraries of the other commands (Pillow, qrcode, python-escpos, Qt, Alembic, holidays,
psycopg). Checked by the modules a fresh process holds afterwards, never by a stopwatch.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from shared.cli.apps_cmd import PASS_THROUGH
from shared.cli.main import build_parser, command_modules, command_of, main
from shared.db.database import Database
from shared.db.migrate import check_schema, head_revision, script_head, upgrade
from shared.errors import SchemaMismatch

ROOT = Path(__file__).resolve().parents[2]
#: Libraries no start of `layso --help` or `layso ticket issue` may load (top-level names).
HEAVY = {"PIL", "qrcode", "escpos", "usb", "serial", "PySide6", "shiboken6", "alembic", "mako",
         "holidays", "psycopg", "psycopg_c", "psycopg_binary"}
#: Parts of shared/ that belong to other commands than ``ticket issue``.
OTHER_COMMANDS_CODE = ("shared.printing", "shared.catalog", "shared.dossiers", "shared.demo",
                       "shared.workdays", "shared.reports", "shared.period_report")


def modules_after(code: str, tmp_path: Path) -> set[str]:
    """The modules a fresh interpreter holds after running ``code`` (a SystemExit is fine)."""
    listing = tmp_path / "modules.json"
    script = (f"import json, sys\ntry:\n    {code}\nexcept SystemExit:\n    pass\n"
              f"open({str(listing)!r}, 'w').write(json.dumps(sorted(sys.modules)))\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    return set(json.loads(listing.read_text()))


def heavy_in(modules: set[str]) -> set[str]:
    return {name for name in modules if name.split(".")[0] in HEAVY}


def other_commands_in(modules: set[str]) -> set[str]:
    return {name for name in modules if name.startswith(OTHER_COMMANDS_CODE)}


def test_help_loads_no_orm_and_no_heavy_library(tmp_path: Path) -> None:
    """``layso --help`` builds the list of commands from the command modules' names alone:
    no SQLAlchemy, no models, no service, no printing."""
    modules = modules_after("from shared.cli.main import main; main(['--help'])", tmp_path)
    assert "shared.cli.ticket_cmd" in modules  # the commands were listed
    assert heavy_in(modules) == set()
    assert {name for name in modules if name.split(".")[0] == "sqlalchemy"} == set()
    assert {"shared.models", "shared.config", "shared.db.database", "shared.queue"} \
        .isdisjoint(modules)
    assert other_commands_in(modules) == set()


def test_parsing_ticket_issue_registers_only_the_ticket_command(tmp_path: Path) -> None:
    """Parsing ``ticket issue`` adds only the ticket command's options (the priorities, from
    shared.enums); no other command's code, no ORM and no heavy library is loaded."""
    code = ("from shared.cli.main import build_parser, command_of\n"
            "    argv = ['--db', 'sqlite:///x.db', 'ticket', 'issue', '--service', 'HT']\n"
            "    args = build_parser(command_of(argv)).parse_args(argv)\n"
            "    assert args.func.__name__ == 'run_issue', args")
    modules = modules_after(code, tmp_path)
    assert "shared.enums" in modules
    assert {"shared.models", "sqlalchemy.orm"}.isdisjoint(modules)
    assert heavy_in(modules) == set()
    assert other_commands_in(modules) == set()
    assert "shared.queue" not in modules  # loaded by the handler, not by the parser


def test_ticket_issue_runs_without_the_heavy_libraries(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A whole ``layso ticket issue`` on an up-to-date SQLite file: the schema version is
    read with ``sqlite3``, and nothing of printing, the catalog or the calendar loads. The
    number is taken by shared.queue_issue's named statements on plain ``sqlite3``
    (shared/db/plain.py): SQLAlchemy is not loaded at all. (A day's first number, here
    issued beforehand, borrows an ORM session to end the past days' tickets.)"""
    url = f"sqlite:///{tmp_path}/cli.db"
    for argv in (["db", "upgrade"], ["site", "add", "HQ", "Trung tâm"],
                 ["service", "add", "HT", "Hộ tịch", "--prefix", "A"],
                 ["ticket", "issue", "--service", "HT"]):
        assert main(["--db", url, *argv]) == 0
    capsys.readouterr()
    issued = tmp_path / "issued.json"
    code = ("import contextlib\n"
            "    from shared.cli.main import main\n"
            f"    with open({str(issued)!r}, 'w') as out, contextlib.redirect_stdout(out):\n"
            f"        assert main(['--db', {url!r}, 'ticket', 'issue', '--service', 'HT',"
            " '--json']) == 0")
    modules = modules_after(code, tmp_path)
    assert json.loads(issued.read_text())["number"] == "A002"
    assert heavy_in(modules) == set()
    assert other_commands_in(modules) == set()
    assert {"shared.queue_issue", "shared.db.plain", "sqlite3"} <= modules
    assert {name for name in modules if name.split(".")[0] == "sqlalchemy"} == set()
    assert {"shared.models", "shared.queue", "shared.tables", "shared.queue_sql",
            "shared.db.database"}.isdisjoint(modules)


def test_the_listed_commands_are_those_each_module_registers() -> None:
    """A module's ``COMMANDS`` names what its ``register`` adds, in the same order and with
    the same help, so `layso --help` from the names alone is the full parser's help."""
    for module in command_modules():
        names = getattr(module, "COMMANDS", None)
        if names is None:
            continue
        subparsers = argparse.ArgumentParser().add_subparsers()
        module.register(subparsers)
        assert list(subparsers.choices) == list(names), module.__name__
        assert [(action.dest, action.help) for action in subparsers._choices_actions] \
            == list(names.items()), module.__name__
    assert build_parser().format_help() == build_parser(every_command=True).format_help()


def test_every_command_gets_its_own_options_when_run(capsys: pytest.CaptureFixture[str]) -> None:
    """Each command's ``--help`` shows its own usage: the command found in the arguments is
    the one whose module is registered."""
    [listing] = [action for action in build_parser()._actions
                 if isinstance(action, argparse._SubParsersAction)]
    commands = [name for name in listing.choices if name not in PASS_THROUGH]
    assert "ticket" in commands and "serve" in commands
    for name in commands:
        with pytest.raises(SystemExit) as exit_status:
            main(["--json", name, "--help"])
        out = capsys.readouterr().out
        assert exit_status.value.code == 0 and out.startswith(f"usage: layso {name} "), name
    assert command_of(["--db", "sqlite:///x.db", "--site=HQ", "ticket", "issue"]) == "ticket"


def test_the_newest_migration_is_read_without_alembic() -> None:
    """The scripts' revision lines give the same head as Alembic."""
    assert script_head() == head_revision()


@pytest.mark.parametrize("scripts", [
    {"a.py": "revision = 'a'\ndown_revision = None\n",
     "b.py": "revision = 'b'\ndown_revision = 'a'\n",
     "c.py": "revision = 'c'\ndown_revision = 'a'\n"},                       # two heads
    {"a.py": "revision = 'a'\ndown_revision = None\n",
     "b.py": "revision = 'b'\ndown_revision = 'a'\n",
     "m.py": "revision = 'm'\ndown_revision = ('a', 'b')\n"},                 # a merge
    {"a.py": "revision = 'a'\ndown_revision = None\n",
     "b.py": "REVISION = 'b'\nrevision = REVISION\ndown_revision = 'a'\n"},  # not a literal
    {"a.py": "revision = 'a'\ndown_revision = None\n",
     "b.py": "revision = 'a'\ndown_revision = None\n"},                     # a revision twice
])
def test_an_unusual_history_is_left_to_alembic(tmp_path: Path, scripts: dict[str, str]) -> None:
    """Whatever is not one plain chain of literal revisions gives no head: Alembic decides."""
    for name, body in scripts.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    assert script_head(tmp_path) is None


def test_a_plain_chain_gives_its_newest_revision(tmp_path: Path) -> None:
    """Typed assignments (Alembic's template) and double quotes are read too."""
    (tmp_path / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "one.py").write_text('"""first\n\nRevision ID: x1\n"""\nrevision: str = "x1"\n'
                                      "down_revision: str | None = None\n", encoding="utf-8")
    (tmp_path / "two.py").write_text("revision = 'x2'\ndown_revision = 'x1'\n", encoding="utf-8")
    assert script_head(tmp_path) == "x2"


def test_an_older_schema_is_still_refused(tmp_path: Path) -> None:
    """The quick check lets only the newest version through: an older database still asks
    for `layso db upgrade`."""
    db = Database(f"sqlite:///{tmp_path}/old.db")
    upgrade(db)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    with pytest.raises(SchemaMismatch, match="layso db upgrade"):
        check_schema(db, create_if_empty=False)
    db.dispose()


@pytest.mark.parametrize(("argv", "quick"), [
    (["ticket", "issue", "--service", "HT"], "ticket"),
    (["--db", "sqlite:///x.db", "--site", "HQ", "ticket", "issue"], "ticket"),
    (["--db=sqlite:///x.db", "--site=HQ", "--json", "-v", "ticket", "show", "A001"], "ticket"),
    (["--language", "en", "--verbose", "report", "--help"], "report"),
    (["--db", "ticket", "issue"], None),          # --db without its URL: "ticket" is the URL
    (["--si", "HQ", "ticket", "issue"], None),    # an abbreviation: argparse's to read
    (["--help"], None), ([], None), (["tickets"], None), (["--json"], None),
    (["-h", "ticket"], None),
])
def test_the_command_read_quickly_is_the_parsers(argv: list[str], quick: str | None) -> None:
    """command_of reads a plain "global options, then a command" without building the
    listing parser, and finds what that parser finds; anything else (help, abbreviations,
    mistakes) is left to the parser."""
    from shared.cli.main import _named_command

    assert _named_command(argv) == quick
    if quick is not None:
        known, _rest = build_parser().parse_known_args(argv)
        assert known.command == quick == command_of(argv)


def test_modules_load_with_the_collector_paused_and_it_runs_again_after() -> None:
    """context.loading pauses the cyclic garbage collector around a command's imports only,
    and leaves it as it found it (a caller that had paused it keeps it paused)."""
    import gc

    from shared.cli import context

    assert gc.isenabled()
    with context.loading():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with context.loading():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ZeroDivisionError), context.loading():
        1 / 0  # noqa: B018
    assert gc.isenabled()
