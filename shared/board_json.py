"""The wall board's snapshot as JSON, for boards that are not Qt (the browser board).

Plain values only (numbers, strings, ISO times in the centers' local time); both service names
are given, the page picks its language. Never a citizen's name: the board holds none.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.board import CounterTile, DisplaySnapshot, RecentCall, last_call_at
from shared.clock import local
from shared.dossier_figures import FigureSource
from shared.i18n import tr
from shared.wait_board import wait_text


def counter_own_name(tile: CounterTile) -> str:
    """The counter's name when it says more than the default "Quầy 3" ("" otherwise), as the
    Qt tile shows it under "QUẦY 3"."""
    name = " ".join(tile.name.split())
    defaults = {tr("display.counter", language, counter=tile.number).casefold()
                for language in ("vi", "en")}
    if not name or name.casefold() in defaults or name == str(tile.number):
        return ""
    return name


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else local(moment).isoformat()


def call_json(call: RecentCall) -> dict[str, Any]:
    return {"ticket": call.ticket_number, "counter": call.counter_number,
            "at": _time(call.at), "recall": call.recall}


def snapshot_json(snapshot: DisplaySnapshot) -> dict[str, Any]:
    """Everything the board shows: counters, recent calls (newest first), figures."""
    names = {figure.code: (figure.name, figure.name_en) for figure in snapshot.figures.services}
    counters = []
    for tile in snapshot.counters:
        name, name_en = names.get(tile.service_code or "", (tile.service_code or "",) * 2)
        counters.append({
            "number": tile.number, "name": counter_own_name(tile), "status": str(tile.status),
            "ticket": tile.ticket_number, "service": tile.service_code,
            "service_name": name, "service_name_en": name_en or name,
            "called_at": _time(tile.called_at)})
    figures, dossiers = snapshot.figures, snapshot.figures.dossiers
    return {
        "site": {"code": snapshot.site_code, "name": snapshot.site_name},
        "day": snapshot.business_day.isoformat(),
        "month": snapshot.business_day.month,
        "counters": counters,
        "recent": [call_json(call) for call in snapshot.recent],
        "last_call_at": _time(last_call_at(snapshot)),
        "figures": {
            "services": [{"code": f.code, "name": f.name, "name_en": f.name_en or f.name,
                          "waiting": f.waiting, "served": f.served,
                          # the wait of a ticket taken now ("~15 phút"; "" no counter open)
                          "wait": wait_text(f.wait, "vi"), "wait_en": wait_text(f.wait, "en")}
                         for f in figures.services],
            "waiting": figures.waiting, "served": figures.served,
            "dossiers": {**dossiers.as_dict(),
                         "source_text": source_text(dossiers.source, "vi"),
                         "source_text_en": source_text(dossiers.source, "en")},
        },
    }


def source_text(source: FigureSource, language: str) -> str:
    """"Nguồn: Hệ thống một cửa tỉnh (tệp nhập) · cập nhật lúc 14:05", as the Qt wall says."""
    return source.text(language)


def percent_text(rate: float | None, language: str) -> str:
    """98.5 % as Vietnamese writes it ("98,5 %"), or "—" without finished dossiers."""
    if rate is None:
        return tr("display.no_rate", language)
    text = f"{rate * 100:.1f}"
    return (text.replace(".", ",") if language == "vi" else text) + " %"
