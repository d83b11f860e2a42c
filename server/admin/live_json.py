"""The live supervision snapshot as the page gets it: JSON with moments in epoch milliseconds
(the page counts "for how long" itself, every second, from the server's clock) and the texts
in the page's language."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.clock import local
from shared.models import CounterStatus, Outcome
from shared.supervision import AlertThresholds, SupervisionSnapshot

#: A counter's status as the page names it: (Vietnamese, English).
STATUS_TEXTS = {
    CounterStatus.OPEN: ("Đang mở", "Open"),
    CounterStatus.PAUSED: ("Tạm nghỉ", "On break"),
    CounterStatus.CLOSED: ("Đóng", "Closed"),
}

#: The outcomes a supervisor may end a ticket with, as the desk names them (the default last).
OUTCOME_TEXTS = {
    Outcome.DOSSIER_RECEIVED: ("Tiếp nhận hồ sơ", "Dossier received"),
    Outcome.GUIDED: ("Hướng dẫn, tư vấn", "Guided, advised"),
    Outcome.RESULT_RETURNED: ("Trả kết quả", "Result returned"),
    Outcome.SUPPLEMENT_REQUESTED: ("Yêu cầu bổ sung hồ sơ", "Supplement requested"),
    Outcome.REFUSED: ("Từ chối tiếp nhận", "Refused"),
    Outcome.OTHER: ("Khác", "Other"),
}


def ms(moment: datetime | None) -> int | None:
    return None if moment is None else round(moment.timestamp() * 1000)


def thresholds_json(value: AlertThresholds) -> dict[str, Any]:
    return {"wait_minutes": value.wait_minutes, "break_minutes": value.break_minutes,
            "unserved_service": value.unserved_service, "updated_by": value.updated_by,
            "updated_at": local(value.updated_at).strftime("%H:%M %d/%m/%Y")
            if value.updated_at else None}


def live_json(snapshot: SupervisionSnapshot, lang: str) -> dict[str, Any]:
    en = lang == "en"
    names = {line.code: (line.name_en if en else line.name) for line in snapshot.services}
    return {
        "site": snapshot.site_code,
        "site_name": snapshot.site_name,
        "day": snapshot.business_day.isoformat(),
        "now": ms(snapshot.now),
        "figures": {
            "waiting": snapshot.figures.waiting, "served": snapshot.figures.served,
            "no_show": snapshot.figures.no_show, "called": snapshot.figures.called,
            "median_wait_minutes": snapshot.figures.median_wait_minutes,
        },
        "counters": [{
            "id": line.id, "number": line.number, "name": line.name,
            "status": line.status.value,
            "status_text": STATUS_TEXTS[line.status][1 if en else 0],
            "status_since": ms(line.status_since),
            "services": list(line.services),
            # Today's own services replace the usual ones until the day ends (None: usual).
            "usual_services": None if line.usual_services is None else list(line.usual_services),
            "clerk": line.clerk_name, "clerk_username": line.clerk_username,
            "ticket": None if line.ticket_number is None else {
                "id": line.ticket_id, "number": line.ticket_number,
                "service": line.ticket_service,
                "service_name": names.get(line.ticket_service or "", line.ticket_service),
                "called_at": ms(line.called_at)},
        } for line in snapshot.counters],
        "services": [{
            "code": line.code, "name": names[line.code], "waiting": line.waiting,
            "oldest": ms(line.oldest_queued_at), "served": line.served,
            "no_show": line.no_show, "open_counters": line.open_counters,
            "issuing": line.issuing,
        } for line in snapshot.services],
        "no_shows": [{
            "ticket_id": line.ticket_id, "number": line.number, "service": line.service,
            "service_name": names.get(line.service, line.service),
            "counter": line.counter_number, "at": ms(line.at),
        } for line in snapshot.no_shows],
        "thresholds": thresholds_json(snapshot.thresholds),
        "alerts": [{
            "kind": alert.kind, "subject": alert.subject, "minutes": alert.minutes,
            "text": alert.message_en if en else alert.message,
        } for alert in snapshot.alerts],
    }


#: The page script's words: key → (Vietnamese, English).
_TEXTS = {
    "open": ("Mở", "Open"),
    "pause": ("Tạm nghỉ", "Break"),
    "close": ("Đóng", "Close"),
    "services": ("Dịch vụ…", "Services…"),
    "today_only": ("hôm nay", "today"),
    "today_title": ("Chỉ hôm nay; thường ngày: {s}", "Today only; usually: {s}"),
    "usual_note": ("Thường ngày quầy phục vụ: {s}. Từ ngày mai quầy tự trở lại danh sách này.",
                   "Usually the counter serves: {s}. From tomorrow it is back to this list."),
    "release": ("Giải phóng", "Release"),
    "requeue": ("Đưa lại vào hàng đợi", "Back to the queue"),
    "confirm_release": ("Đăng xuất cán bộ khỏi quầy {n} và đóng quầy?",
                        "Log the clerk out of counter {n} and close it?"),
    "confirm_release_ticket": (
        "Đăng xuất cán bộ khỏi quầy {n} và đóng quầy?\n\nSố {t} đang được phục vụ vẫn giữ ở "
        "quầy {n} cho cán bộ đăng nhập tiếp theo. Nếu không ai phục vụ tiếp, hãy bấm "
        "\u201cĐưa lại vào hàng đợi\u201d trên dòng của quầy: số {t} chờ lại theo giờ lấy số.",
        "Log the clerk out of counter {n} and close it?\n\n{t}, being served, stays held at "
        "counter {n} for the next clerk who logs in. If nobody carries on with it, press "
        "\u201cBack to the queue\u201d on the counter's row: {t} waits again in its place."),
    "held": ("không ai phục vụ", "nobody serving"),
    "finish": ("Kết thúc", "End it"),
    "finish_title": ("Kết thúc số {t} ở quầy {n}?", "End {t} at counter {n}?"),
    "finish_note": (
        "Không ai đang làm việc ở quầy {n}. Kết thúc số {t} khi công dân đã được phục vụ "
        "xong hoặc đã ra về: số được ghi là đã xong với kết quả chọn dưới đây, quầy được giải "
        "phóng, và việc này được ghi lại với tên của bạn. Nếu công dân còn chờ, hãy bấm "
        "\u201cĐưa lại vào hàng đợi\u201d thay vì kết thúc.",
        "Nobody works at counter {n}. End {t} when the citizen was served or has left: it "
        "is recorded as finished with the outcome below, the counter is freed, and your name "
        "goes into the log. If the citizen still waits, use \u201cBack to the queue\u201d "
        "instead."),
    "confirm_return_held": ("Đưa số {t} (đang giữ ở quầy {n}) trở lại hàng đợi?",
                            "Put {t} (held at counter {n}) back in the queue?"),
    "confirm_close": ("Đóng quầy {n}?", "Close counter {n}?"),
    "confirm_requeue": ("Đưa số {t} trở lại hàng đợi?", "Put {t} back in the queue?"),
    "min": ("phút", "min"),
    "since": ("từ", "since"),
    "nobody": ("Chưa có ai đăng nhập", "Nobody logged in"),
    "idle": ("Chưa gọi số", "Not serving"),
    "none_waiting": ("Không ai chờ", "Nobody waiting"),
    "no_alerts": ("Không có cảnh báo.", "No alerts."),
    "no_no_shows": ("Chưa có số vắng mặt hôm nay.", "No no-shows today."),
    "live": ("Trực tiếp", "Live"),
    "connecting": ("Đang kết nối…", "Connecting…"),
    "lost": ("Mất kết nối, đang thử lại…", "Connection lost, retrying…"),
    "stale": ("Mất cơ sở dữ liệu: số liệu có thể đã cũ", "Database away: figures may be old"),
    "at_counter": ("tại quầy", "at counter"),
    "open_counters": ("quầy mở", "open"),
    "failed": ("Không thực hiện được", "Could not do it"),
    "not_issuing": ("ngừng cấp số", "no new numbers"),
    "not_issuing_title": ("Đã ngừng cấp số mới; các số đã cấp vẫn được phục vụ.",
                          "No new numbers are issued; those already issued are still served."),
}


def page_texts(lang: str) -> dict[str, str]:
    index = 1 if lang == "en" else 0
    return {key: pair[index] for key, pair in _TEXTS.items()}
