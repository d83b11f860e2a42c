"""The province's OpenCPS statistics as the source of the wall's dossier figures.

Where a province runs OpenCPS, its public statistics service answers
``GET <source_url>/o/rest/statistics?month=M&year=Y&agency=<govAgencyCode>`` (header
``groupId``) with ``{"total": n, "data": [...]}``: one row per agency and field
("domainCode") with counts (``DossierStatisticData`` in VietOpenCPS/opencps-v2). The counts
used, as the wall names them:

====================  =================================================
``undueCount``        open within time ("đang giải quyết trong hạn")
``overdueCount``      open overdue ("đang giải quyết quá hạn")
``betimesCount``      finished early ("trước hạn")
``ontimeCount``       finished on time ("đúng hạn")
``overtimeCount``     finished late ("trễ hạn")
====================  =================================================

The row used is the agency's total (no ``domainCode``; ``govAgencyCode`` the configured
agency, or empty = every agency); without such a row, the rows are added up. ``data`` may
also be a single object (older versions).

:func:`refresh` fetches with a timeout and keeps the last good figures in
``province_figures`` when a fetch fails (the wall then marks them stale, with the reason);
each attempt appends a ``dossier.figures_fetched`` event so the walls re-read their figures.
``layso serve`` calls it every ``[province] fetch_minutes`` (server/province_tasks.py).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.clock import local
from shared.config import ProvinceSettings
from shared.db.database import Database
from shared.events import record
from shared.lookups import get_site
from shared.models import ProvinceFigures

log = logging.getLogger("layso.province_source")

FETCHED = "dossier.figures_fetched"
#: OpenCPS field → ours (stored in province_figures.figures)
FIELDS = {"undueCount": "undue", "overdueCount": "overdue", "betimesCount": "betimes",
          "ontimeCount": "ontime", "overtimeCount": "overtime"}


class SourceError(Exception):
    """The statistics could not be had; the message says why (Vietnamese)."""


@dataclass(frozen=True)
class Fetched:
    ok: bool
    figures: dict[str, int]
    error: str = ""


def statistics_url(settings: ProvinceSettings, moment: datetime) -> str:
    day = local(moment)
    query = {"month": str(day.month), "year": str(day.year)}
    if settings.agency:
        query["agency"] = settings.agency
    return (settings.source_url.rstrip("/") + "/o/rest/statistics?"
            + urllib.parse.urlencode(query))


def fetch_statistics(settings: ProvinceSettings, moment: datetime) -> dict[str, int]:
    """This month's counts from the service (raises :class:`SourceError`)."""
    request = urllib.request.Request(statistics_url(settings, moment),
                                     headers={"Accept": "application/json"})
    if settings.group_id:
        request.add_header("groupId", settings.group_id)
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout_seconds) as response:
            body = response.read(5_000_000)
    except urllib.error.HTTPError as error:
        raise SourceError(f"máy chủ thống kê trả lỗi HTTP {error.code}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise SourceError(f"không kết nối được máy chủ thống kê ({reason})") from error
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise SourceError("máy chủ thống kê trả về dữ liệu không phải JSON") from error
    return counts_of(data, settings.agency)


def counts_of(data: Any, agency: str = "") -> dict[str, int]:
    """The counts of the agency's total row of a statistics response."""
    rows = data.get("data") if isinstance(data, dict) else None
    if isinstance(rows, dict):
        rows = [rows]
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise SourceError("phản hồi thống kê không đúng dạng (thiếu danh sách \"data\")")
    if not rows:
        raise SourceError("phản hồi thống kê không có dòng số liệu nào")
    totals = [row for row in rows if not row.get("domainCode")]
    chosen = ([row for row in totals if agency and row.get("govAgencyCode") == agency]
              or [row for row in totals if not row.get("govAgencyCode")]
              or (totals if len(totals) == 1 else rows))
    counts = dict.fromkeys(FIELDS.values(), 0)
    for row in chosen:
        for theirs, ours in FIELDS.items():
            value = row.get(theirs, 0)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise SourceError(f"phản hồi thống kê có {theirs} không phải số: {value!r}")
            counts[ours] += value
    return counts


def refresh(db: Database, site: str, settings: ProvinceSettings) -> Fetched:
    """Fetch now and store: good figures replace the last ones; a failure keeps them and
    records the reason."""
    with db.reading() as session:
        now = db.now(session)
    try:
        counts = fetch_statistics(settings, now)
    except SourceError as error:
        log.warning("OpenCPS statistics for %s from %s: %s", site, settings.source_url, error)
        _store(db, site, settings, None, str(error))
        return Fetched(False, {}, str(error))
    _store(db, site, settings, counts, "")
    return Fetched(True, counts)


def _store(db: Database, site: str, settings: ProvinceSettings,
           counts: dict[str, int] | None, error: str) -> None:
    with db.transaction() as session:
        site_row = get_site(session, site)
        now = db.now(session)
        row = session.get(ProvinceFigures, site_row.id)
        if row is None:
            row = ProvinceFigures(site_id=site_row.id, source="opencps", figures={},
                                  error="")
            session.add(row)
        row.source, row.url, row.attempted_at, row.error = ("opencps", settings.source_url,
                                                            now, error)
        if counts is not None:
            row.figures = {**counts, "interval_minutes": settings.fetch_minutes}
            row.fetched_at = now
        record(session, FETCHED, now, site_id=site_row.id, ok=counts is not None,
               error=error)


def forget(db: Database, site: str) -> None:
    """Drop the fetched figures (the source is no longer OpenCPS): the wall goes back to
    the dossiers' own figures."""
    with db.transaction() as session:
        site_row = get_site(session, site)
        row = session.get(ProvinceFigures, site_row.id)
        if row is not None:
            session.delete(row)
            log.info("OpenCPS figures of %s dropped: the source is no longer opencps", site)
            # the walls re-read their figures on this event
            record(session, FETCHED, db.now(session), site_id=site_row.id, ok=False,
                   error="", forgotten=True)
