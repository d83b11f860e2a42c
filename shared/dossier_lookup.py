"""The kiosk's dossier lookup: whatever the citizen has, received here or filed online and
imported from the province's list, found by its whole code or by the end of it.

Codes look like ``000.00.53.H48-261204-0099``: the center's prefix, the day, a number. On the
kiosk's number-and-dot pad the citizen types only what differs:

1. the whole code (or a scanner types it): that dossier;
2. else the parts typed are matched against the end of every code ("0099", "261204.0099",
   dots or dashes alike; ``shared.dossier_codes.suffix_matches``): one match → it;
3. several: the one of this center's prefix and today's date, if there is one (the prefix and
   today's date need not be typed);
4. still several: :class:`Ambiguous`, saying how many, so the kiosk asks for more.

Only the public view leaves (status, procedure, dates; never a name).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.clock import business_day
from shared.db.database import Database
from shared.dossier_codes import clean, parts, suffix_matches
from shared.dossier_views import DossierStatusView, public_view
from shared.errors import NotFound
from shared.lookups import get_site
from shared.models import Dossier

#: at most this many candidates are read for one suffix (a longer list asks for more anyway)
MAX_CANDIDATES = 50


class Ambiguous(NotFound):
    """Several dossiers end with what was typed: the citizen must type more of the code."""

    def __init__(self, typed: str, count: int) -> None:
        more = f"{count}+" if count >= MAX_CANDIDATES else str(count)
        super().__init__(
            f"Có {more} hồ sơ có mã kết thúc bằng «{typed}». Vui lòng nhập thêm phần trước "
            "của mã (ví dụ ngày nộp: 261204.0099).",
            f"{more} dossiers have a code ending in «{typed}». Please type more of the code "
            "(e.g. the date: 261204.0099).")
        self.typed, self.count = typed, count


def not_found(typed: str) -> NotFound:
    return NotFound(f"Không tìm thấy hồ sơ có mã “{typed}”.", f"No dossier with code “{typed}”.")


def find_dossier(db: Database, site: str, typed: str) -> DossierStatusView:
    """The public view of the dossier ``typed`` designates (rules above)."""
    code = clean(typed)
    wanted = parts(code)
    if not wanted:
        raise not_found(typed.strip())
    with db.reading() as session:
        now = db.now(session)
        exact = session.scalar(select(Dossier).where(Dossier.code == code))
        if exact is not None:
            return public_view(exact, now, session)
        last = wanted[-1]
        rows = list(session.scalars(select(Dossier).where(Dossier.code.like(f"%{last}"))
                                    .order_by(Dossier.received_at.desc())
                                    .limit(MAX_CANDIDATES)))
        found = [row for row in rows if suffix_matches(row.code, code)]
        if len(found) > 1:
            found = _of_today_here(session, site, found, now) or found
        if not found:
            raise not_found(typed.strip())
        if len(found) > 1:
            raise Ambiguous(typed.strip(), len(found))
        return public_view(found[0], now, session)


def _of_today_here(session: Session, site: str, rows: list[Dossier],
                   now: datetime) -> list[Dossier]:
    """The rows whose code is this center's prefix + today's date + the number."""
    site_row = get_site(session, site)
    prefix = clean(f"{site_row.agency_code or site_row.code}-{business_day(now):%y%m%d}-")
    return [row for row in rows if row.code.startswith(prefix)]
