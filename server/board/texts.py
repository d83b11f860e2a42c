"""The board page's words: the Qt board's (``display.*`` in assets/translations) and a few of
the browser's own (sound, connection)."""

from __future__ import annotations

from shared.i18n import tr

#: The display's keys the page uses.
_DISPLAY_KEYS = (
    "title", "counter_word", "closed", "on_break", "idle", "now_calling", "now_calling_to",
    "recall_mark", "recent", "no_calls", "waiting", "waiting_total", "served_today",
    "wait_heading",
    "dossiers", "open_within", "open_overdue", "open_no_deadline", "source_stale",
    "month_finished", "early", "on_time", "late",
    "on_time_rate", "no_rate", "weekday_0", "weekday_1", "weekday_2", "weekday_3",
    "weekday_4", "weekday_5", "weekday_6",
)

_OWN = {
    "vi": {
        "stale_title": "MẤT KẾT NỐI",
        "stale_detail": "– dữ liệu có thể đã cũ",
        "stale_retry": "Đang kết nối lại…",
        "sound_button": "Bấm để bật âm thanh",
        "no_sound": "Không có âm thanh: {reason}",
        "date": "{weekday}, ngày {day}/{month}/{year}",
    },
    "en": {
        "stale_title": "CONNECTION LOST",
        "stale_detail": "– the data may be out of date",
        "stale_retry": "Reconnecting…",
        "sound_button": "Click to turn the sound on",
        "no_sound": "No sound: {reason}",
        "date": "{weekday}, {day}/{month}/{year}",
    },
}


def page_texts(lang: str) -> dict[str, str]:
    texts = {key: tr(f"display.{key}", lang, month="{month}") for key in _DISPLAY_KEYS}
    texts.update(_OWN["en" if lang == "en" else "vi"])
    return texts
