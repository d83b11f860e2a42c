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
    settings = context.settings(args)
    return site_status(db, QueueService(db, settings.queue), context.site(args),
                       settings.province.stale_minutes)


def _text(data: dict[str, Any]) -> str:
    lines = [f"Cơ sở {data['site']} — ngày {data['business_day']}"]
    for counter in data["counters"]:
        lines.append(f"  Quầy {counter['number']:>2} [{counter['status']}]: "
                     f"{counter['current'] or '—'}")
    lines.append("  Đang chờ: " + ", ".join(f"{k} {v}" for k, v in data["waiting"].items()))
    lines.append("  Đã phục vụ: " + ", ".join(f"{k} {v}" for k, v in data["served"].items()))
    buckets = data["dossiers_today"]
    lines.append("  Hồ sơ hôm nay: " + ", ".join(f"{k} {v}" for k, v in buckets.items()))
    lines.extend(figures_lines(data["dossier_figures"]))
    return "\n".join(lines)


def figures_lines(figures: dict[str, Any]) -> list[str]:
    """The wall's dossier figures, in the wall's words, with their source."""
    rate = figures["on_time_rate"]
    source = figures["source"]
    updated = source["updated_at"]
    when = f", cập nhật lúc {updated[11:16]} {updated[8:10]}/{updated[5:7]}" if updated else ""
    stale = " — SỐ LIỆU CŨ" if source["stale"] else ""
    return [
        "  Hồ sơ (như trên màn hình): "
        f"đang giải quyết trong hạn {figures['open_within_time']}, "
        f"quá hạn {figures['open_overdue']}, chưa có hạn "
        f"{'—' if figures['open_no_deadline'] is None else figures['open_no_deadline']}; "
        f"tháng này trước hạn {figures['finished_early']}, đúng hạn "
        f"{figures['finished_on_time']}, trễ hạn {figures['finished_late']}; tỷ lệ đúng hạn "
        + ("—" if rate is None else f"{rate * 100:.1f} %".replace(".", ",")),
        f"  Nguồn: {source['name']}{when}{stale}",
    ]


def run_status(args: argparse.Namespace) -> int:
    return context.emit(args, status_data(args), _text)
