"""``layso status``: each counter's current ticket, waiting per service, today's dossier figures."""

from __future__ import annotations

import argparse
from typing import Any

from shared.cli import context

COMMANDS = {"status": "tình hình hiện tại (current status)"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("status", help=COMMANDS["status"])
    context.add_json(parser)
    parser.set_defaults(func=run_status)


def status_data(args: argparse.Namespace) -> dict[str, Any]:
    from shared.queue import QueueService
    from shared.status import site_status

    db = context.database(args)
    return site_status(db, QueueService(db, context.settings(args).queue), context.site(args))


def _text(data: dict[str, Any]) -> str:
    lines = [f"Cơ sở {data['site']} — ngày {data['business_day']}"]
    for counter in data["counters"]:
        lines.append(f"  Quầy {counter['number']:>2} [{counter['status']}]: "
                     f"{counter['current'] or '—'}")
    lines.append("  Đang chờ: " + ", ".join(f"{k} {v}" for k, v in data["waiting"].items()))
    lines.append("  Đã phục vụ: " + ", ".join(f"{k} {v}" for k, v in data["served"].items()))
    buckets = data["dossiers_today"]
    lines.append("  Hồ sơ hôm nay: " + ", ".join(f"{k} {v}" for k, v in buckets.items()))
    return "\n".join(lines)


def run_status(args: argparse.Namespace) -> int:
    return context.emit(args, status_data(args), _text)
