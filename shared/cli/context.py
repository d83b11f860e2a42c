"""What every `layso` command needs: settings, the database, the site, output as text or JSON.

Every command module imports this one to build its parser, so it imports nothing heavy
itself: settings, the database (SQLAlchemy) and the JSON views load when a command uses them.
"""

from __future__ import annotations

import argparse
import gc
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from shared.db.named import Named, run
from shared.errors import ConfigError, NotFound

if TYPE_CHECKING:
    from shared.config import Settings
    from shared.db.database import Database
    from shared.db.plain import PlainDatabase

_databases: dict[str, Database] = {}


@contextmanager
def loading() -> Iterator[None]:
    """Import a command's modules with the cyclic garbage collector paused: loading
    SQLAlchemy and the services allocates some 200,000 long-lived objects, and the
    collections they set off (finding nothing to free) cost ~10-20 ms of a command that
    lasts 0.25 s (bench/bench_cli.py). Only around imports: the work itself runs with it."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def settings(args: argparse.Namespace) -> Settings:
    """Settings with the command line's --db, --site and --language on top."""
    with loading():
        from shared.config import load_settings

    overrides: dict[str, Any] = {
        "database_url": getattr(args, "database", None),
        "site": getattr(args, "site", None),
        "language": getattr(args, "language", None),
    }
    return load_settings(getattr(args, "config", None) or None, overrides=overrides)


def database(args: argparse.Namespace, *, check: bool = True) -> Database:
    """The configured database, checked to be of this version's schema.

    Nothing is created here: a missing or empty database is an error asking for
    ``layso db upgrade`` (only ``db upgrade`` and ``demo`` make a database). With
    ``check=False`` the schema is left to the caller (``db upgrade``, ``db version``).
    """
    with loading():
        from shared.db.database import Database
        from shared.db.migrate import check_schema

    url = settings(args).resolved_database_url()
    if url not in _databases:
        _databases[url] = Database(url)
    db = _databases[url]
    if check:
        check_schema(db, create_if_empty=False)
    return db


def plain_database(args: argparse.Namespace) -> PlainDatabase | None:
    """The configured database opened without SQLAlchemy (``shared.db.plain``) when it is a
    SQLite file of this version's schema, for ``layso ticket issue``; None otherwise."""
    with loading():
        from shared.db.plain import open_plain

    return open_plain(settings(args).resolved_database_url())


def _site_codes() -> Any:
    from sqlalchemy import select

    from shared.tables import SITES

    return select(SITES.c.code).order_by(SITES.c.id).limit(2)


#: The codes of the first two sites (is there only one?).
SITE_CODES = Named("cli.site_codes", _site_codes)


def site(args: argparse.Namespace, db: Database | PlainDatabase | None = None) -> str:
    """--site, else LAYSO_SITE / the config, else the only site there is (read from ``db``,
    by default the configured one)."""
    chosen = settings(args).site
    if chosen:
        return chosen
    db = db or database(args)  # a Core read: `ticket issue` loads no ORM (shared.queue_issue)
    with db.connect(reading=True) as connection:
        sites = list(run(connection, SITE_CODES).scalars())
    if len(sites) == 1:
        return str(sites[0])
    if not sites:
        raise NotFound("Chưa có cơ sở nào. Tạo bằng: layso site add MÃ TÊN",
                       "No site yet. Create one with: layso site add CODE NAME")
    raise ConfigError("Có nhiều cơ sở: hãy chọn bằng --site MÃ (hoặc LAYSO_SITE).",
                      "There are several sites: choose one with --site CODE (or LAYSO_SITE).")


def language(args: argparse.Namespace) -> str:
    try:
        return settings(args).language
    except ConfigError:
        return "vi"


def wants_json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False) or getattr(args, "json_global", False))


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="kết quả dạng JSON (JSON output)")


def emit(args: argparse.Namespace, data: Any, text: Callable[[Any], str] | None = None) -> int:
    """Print ``data`` as JSON (--json) or as text; returns the exit status 0."""
    from shared.views import to_json

    if wants_json(args):
        print(json.dumps(to_json(data), ensure_ascii=False, indent=2))
    elif text is not None:
        out = text(data)
        if out:
            print(out)
    else:
        print(json.dumps(to_json(data), ensure_ascii=False, indent=2))
    return 0
