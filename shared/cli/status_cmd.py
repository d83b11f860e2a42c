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


#: the text's words for the JSON's keys (the JSON keeps the keys)
COUNTER_WORDS = {"open": "đang mở", "paused": "tạm nghỉ", "closed": "đóng quầy"}
BUCKET_WORDS = {
    "received": "tiếp nhận", "carried_over": "kỳ trước chuyển qua", "finished": "đã giải quyết",
    "finished_early": "trước hạn", "finished_on_time": "đúng hạn", "finished_late": "trễ hạn",
    "finished_no_deadline": "giải quyết chưa xác định hạn", "open": "đang giải quyết",
    "open_within_time": "trong hạn", "open_overdue": "quá hạn",
    "open_no_deadline": "chưa có hạn", "supplement_requested": "yêu cầu bổ sung",
    "refused": "từ chối", "withdrawn": "rút hồ sơ", "returned": "đã trả kết quả",
}


def _bucket_text(buckets: dict[str, Any]) -> str:
    rate = buckets.get("on_time_rate")
    parts = [f"{BUCKET_WORDS[key]} {buckets[key]}" for key in BUCKET_WORDS if key in buckets]
    parts.append("tỷ lệ đúng hạn " + ("—" if rate is None
                                      else f"{rate * 100:.1f} %".replace(".", ",")))
    return ", ".join(parts)


def _text(data: dict[str, Any]) -> str:
    lines = [f"Cơ sở {data['site']} — ngày {data['business_day']}"]
    for counter in data["counters"]:
        word = COUNTER_WORDS.get(counter["status"], counter["status"])
        lines.append(f"  Quầy {counter['number']:>2} [{word}]: {counter['current'] or '—'}")
    lines.append("  Đang chờ: " + ", ".join(f"{k} {v}" for k, v in data["waiting"].items()))
    lines.append("  Đã phục vụ: " + ", ".join(f"{k} {v}" for k, v in data["served"].items()))
    buckets = data["dossiers_today"]
    lines.append("  Hồ sơ hôm nay: " + _bucket_text(buckets))
    lines.extend(figures_lines(data["dossier_figures"]))
    return "\n".join(lines)


def figures_lines(figures: dict[str, Any]) -> list[str]:
    """The wall's dossier figures, in the wall's words, with their source."""
    rate = figures["on_time_rate"]
    source = figures["source"]
    updated = source["updated_at"]
    when = f", cập nhật lúc {updated[11:16]} {updated[8:10]}/{updated[5:7]}" if updated else ""
    stale = " — SỐ LIỆU CŨ" if source["stale"] else ""
    if source["stale"]:  # why: the last fetch's error, or how old the figures are
        stale += (f" (lần lấy gần nhất lỗi: {source['error']})" if source.get("error")
                  else " (quá thời hạn stale_minutes trong [province])"
                  if source["kind"] == "import" else " (quá lâu chưa cập nhật)")
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
