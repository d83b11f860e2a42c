"""``layso db upgrade|version``: migrate the database, or tell its schema version."""

from __future__ import annotations

import argparse
from typing import Any

from shared.cli import context

COMMANDS = {"db": "cơ sở dữ liệu (database)"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("db", help=COMMANDS["db"])
    commands = parser.add_subparsers(dest="db_command", required=True)
    up = commands.add_parser("upgrade", help="nâng cấp lược đồ (migrate to the newest schema)")
    context.add_json(up)
    up.set_defaults(func=run_upgrade)
    version = commands.add_parser("version", help="phiên bản lược đồ (schema version)")
    context.add_json(version)
    version.set_defaults(func=run_version)


def run_upgrade(args: argparse.Namespace) -> int:
    from shared.db.migrate import current_revision, upgrade

    db = context.database(args, check=False)
    before = current_revision(db)
    upgrade(db)
    after = current_revision(db)
    return context.emit(args, {"before": before, "after": after}, lambda d: (
        f"Cơ sở dữ liệu: {d['before'] or 'trống'} → {d['after']}" if d["before"] != d["after"]
        else f"Cơ sở dữ liệu đã ở phiên bản mới nhất ({d['after']})."))


def run_version(args: argparse.Namespace) -> int:
    from shared.db.migrate import current_revision, head_revision, missing_database

    db = context.database(args, check=False)
    current = current_revision(db)
    if current is None:
        raise missing_database(db)
    data = {"current": current, "head": head_revision()}
    return context.emit(args, data, lambda d: f"{d['current']} (mới nhất: {d['head']})")
