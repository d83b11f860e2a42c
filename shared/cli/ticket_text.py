"""A ticket as one line of text (``layso ticket …`` without ``--json``), in Vietnamese or
English: "A012 (Hộ tịch) — đang chờ, 3 người phía trước, chờ khoảng 10-15 phút"."""

from __future__ import annotations

from typing import Any

#: Each status as the line says it.
STATUS = {
    "vi": {"waiting": "đang chờ", "serving": "đang phục vụ", "on_hold": "tạm giữ",
           "finished": "đã xong", "no_show": "vắng mặt", "cancelled": "đã hủy"},
    "en": {"waiting": "waiting", "serving": "being served", "on_hold": "on hold",
           "finished": "finished", "no_show": "no-show", "cancelled": "cancelled"},
}
#: The line's other words, by language.
WORDS = {
    "vi": {"nobody": "Không có ai đang chờ.", "counter": "quầy {counter}",
           "ahead": "{ahead} người phía trước", "soon": "sắp đến lượt",
           "unknown": "thời gian chờ chưa xác định", "minutes": "chờ khoảng {low} phút",
           "range": "chờ khoảng {low}-{high} phút"},
    "en": {"nobody": "Nobody is waiting.", "counter": "counter {counter}",
           "ahead": "{ahead} ahead", "soon": "called soon", "unknown": "wait not known yet",
           "minutes": "about {low} min", "range": "about {low}-{high} min"},
}


def describe(data: dict[str, Any] | None, language: str = "vi") -> str:
    """The line of a ticket as ``shared.ticket_json`` gives it (None: nobody waits)."""
    words = WORDS.get(language, WORDS["vi"])
    if data is None:
        return words["nobody"]
    status = STATUS.get(language, STATUS["vi"]).get(data["status"], data["status"])
    parts = [f"{data['number']} ({data['service_name']}) — {status}"]
    if data["counter"]:
        parts.append(words["counter"].format(counter=data["counter"]))
    if data["people_ahead"] is not None and data["status"] == "waiting":
        from shared.wait_estimate import wait_shown

        shown = wait_shown(data["people_ahead"], data["estimated_wait_minutes"],
                           data["estimated_wait_low"], data["estimated_wait_high"])
        parts.append(words["ahead"].format(ahead=data["people_ahead"]))
        parts.append(words[shown.kind].format(low=shown.low, high=shown.high))
    return ", ".join(parts)
