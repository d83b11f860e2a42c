"""``layso status``: each counter's current ticket, waiting per service, today's dossier figures."""

from __future__ import annotations

import argparse
from datetime import datetime, time, timedelta
from typing import Any

from shared.cli import context
from shared.clock import LOCAL_TZ, business_day
from shared.queue import QueueService
from shared.reports import dossier_report


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("status", help="tình hình hiện tại (current status)")
    context.add_json(parser)
    parser.set_defaults(func=run_status)


def status_data(args: argparse.Namespace) -> dict[str, Any]:
    db = context.database(args)
    site = context.site(args)
    queue = QueueService(db, context.settings(args).queue)
    summary = queue.summary(site)
    with db.reading() as session:
        now = db.now(session)
    day_start = datetime.combine(business_day(now), time(0), LOCAL_TZ)
    report = dossier_report(db, site, day_start, day_start + timedelta(days=1), as_of=now)
    return {
        "site": site,
        "business_day": summary.business_day.isoformat(),
        "counters": [
            {"number": c.number, "name": c.name, "status": str(c.status),
             "clerk": c.clerk_name, "current": c.current.number if c.current else None,
             "service": c.current.service if c.current else None}
            for c in queue.counters(site)
        ],
        "waiting": summary.waiting,
        "served": summary.served,
        "no_show": summary.no_show,
        "dossiers_today": report.total.as_dict(),
    }


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
