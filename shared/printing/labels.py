"""The words printed on a ticket (Vietnamese or English) and the formats of printed times."""

from __future__ import annotations

from datetime import datetime

from shared.clock import local
from shared.enums import TicketStatus
from shared.wait_estimate import wait_shown

TICKET_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "your_number": "SỐ THỨ TỰ CỦA ÔNG/BÀ",
        "priority": "ƯU TIÊN",
        "people_ahead": "Số người đang chờ trước",
        "wait": "Thời gian chờ dự kiến",
        "wait_minutes": "khoảng {minutes}\u00a0phút",
        "wait_range": "khoảng {low}-{high}\u00a0phút",
        "wait_unknown": "chưa xác định",
        "wait_next": "Sắp đến lượt",
        "wait_soon": "Sắp đến lượt",
        "issued": "Thời gian lấy số",
        "scan": "Mã phiếu",
        "scan_follow": "Quét mã để theo dõi lượt trên điện thoại",
        "counter_one": "Quầy {numbers}",
        "counter_many": "Quầy {numbers}",
        "valid_today": "Phiếu có giá trị trong ngày {date}",
        "reprinted": "IN LẠI {time}",
        "go_to_counter": "Mời đến Quầy {counter}",
        "called_to_counter": "Đã gọi đến Quầy {counter}",
        "called": "Đã được gọi",
        "on_hold": "Quầy đang giữ số của ông/bà.",
        "on_hold_back": "Xin quay lại quầy khi sẵn sàng.",
        "ended_finished": "ĐÃ PHỤC VỤ XONG",
        "ended_no_show": "SỐ ĐÃ BỊ BỎ QUA",
        "ended_cancelled": "SỐ ĐÃ BỊ HỦY",
        "where_finished": "Tại Quầy {counter} lúc {time}",
        "where_no_show": "Vắng mặt khi Quầy {counter} gọi",
        "no_longer_valid": "Phiếu này không còn giá trị",
    },
    "en": {
        "your_number": "YOUR NUMBER",
        "priority": "PRIORITY",
        "people_ahead": "People waiting before you",
        "wait": "Estimated wait",
        "wait_minutes": "about {minutes}\u00a0min",
        "wait_range": "about {low}-{high}\u00a0min",
        "wait_unknown": "not known yet",
        "wait_next": "You're next",
        "wait_soon": "Soon",
        "issued": "Issued at",
        "scan": "Ticket code",
        "scan_follow": "Scan to follow your turn on your phone",
        "counter_one": "Counter {numbers}",
        "counter_many": "Counters {numbers}",
        "valid_today": "Valid on {date} only",
        "reprinted": "REPRINT {time}",
        "go_to_counter": "Please go to counter {counter}",
        "called_to_counter": "Called to counter {counter}",
        "called": "Called",
        "on_hold": "The counter is holding your number.",
        "on_hold_back": "Go back to it when you are ready.",
        "ended_finished": "SERVED",
        "ended_no_show": "NUMBER SKIPPED",
        "ended_cancelled": "NUMBER CANCELLED",
        "where_finished": "At counter {counter}, {time}",
        "where_no_show": "Absent when counter {counter} called",
        "no_longer_valid": "This ticket is no longer valid",
    },
}


def ticket_label(key: str, language: str) -> str:
    """A ticket's label in ``language``; any language but English gets Vietnamese."""
    return TICKET_LABELS["en" if language == "en" else "vi"][key]


def wait_text(people_ahead: int | None, minutes: int | None, language: str,
              low: int | None = None, high: int | None = None) -> str:
    """The printed wait: "khoảng 20-30 phút" (the estimate's range), "Sắp đến lượt" under five
    minutes, "chưa xác định" when there is no estimate (``shared.wait_estimate.wait_shown``)."""
    shown = wait_shown(people_ahead, minutes, low, high)
    if shown.kind == "soon":
        return ticket_label("wait_next" if people_ahead == 0 else "wait_soon", language)
    if shown.kind == "unknown":
        return ticket_label("wait_unknown", language)
    if shown.kind == "minutes":
        return ticket_label("wait_minutes", language).format(minutes=shown.low)
    return ticket_label("wait_range", language).format(low=shown.low, high=shown.high)


def counters_text(numbers: tuple[int, ...], language: str) -> str:
    """"Quầy 1, 2" (the counters that serve the ticket's service); "" for none."""
    if not numbers:
        return ""
    key = "counter_one" if len(numbers) == 1 else "counter_many"
    return ticket_label(key, language).format(numbers=", ".join(str(n) for n in numbers))


def called_text(status: TicketStatus, counter: int | None, language: str) -> str:
    """A called ticket's counter: "Mời đến Quầy 3" while it is served, "Đã gọi đến Quầy 3"
    once its counter holds it; "Đã được gọi" without a counter."""
    if counter is None:
        return ticket_label("called", language)
    key = "go_to_counter" if status is TicketStatus.SERVING else "called_to_counter"
    return ticket_label(key, language).format(counter=counter)


def ended_texts(status: TicketStatus, counter: int | None, ended_at: datetime | None,
                language: str) -> tuple[str, str]:
    """An ended ticket's state ("ĐÃ PHỤC VỤ XONG") and where it ended ("Tại Quầy 3 lúc
    10:20", "Vắng mặt khi Quầy 3 gọi"; "" when that is not known or not said)."""
    state = ticket_label(f"ended_{status}", language)
    if counter is None or status is TicketStatus.CANCELLED or (
            status is TicketStatus.FINISHED and ended_at is None):
        return state, ""
    time = f"{local(ended_at):%H:%M}" if ended_at is not None else ""
    return state, ticket_label(f"where_{status}", language).format(counter=counter, time=time)


def valid_today_text(moment: datetime, language: str) -> str:
    """"Phiếu có giá trị trong ngày 12/03/2025" (local date of ``moment``)."""
    return ticket_label("valid_today", language).format(date=local(moment).strftime("%d/%m/%Y"))


def clock_and_date(moment: datetime) -> str:
    """``08:05, 12/03/2025`` in local time (the ticket's time line)."""
    return local(moment).strftime("%H:%M, %d/%m/%Y")


def official_time(moment: datetime | None) -> str:
    """``08 giờ 05 phút, ngày 12/03/2025`` in local time, as form 01 prints it."""
    if moment is None:
        return "chưa xác định"
    at = local(moment)
    return f"{at:%H} giờ {at:%M} phút, ngày {at:%d/%m/%Y}"


def place_and_date(place: str, moment: datetime) -> str:
    """``Phường Bến Nghé, ngày 12 tháng 03 năm 2025`` (the date line of a form)."""
    at = local(moment)
    prefix = f"{place}, ngày" if place else "Ngày"
    return f"{prefix} {at:%d} tháng {at:%m} năm {at:%Y}"


def money_vnd(amount: int | None) -> str:
    """``50.000 đồng``; 0 is "Không thu phí"; None (not known) is "chưa xác định"."""
    if amount is None:
        return "chưa xác định"
    if amount == 0:
        return "Không thu phí"
    return f"{amount:,}".replace(",", ".") + " đồng"
