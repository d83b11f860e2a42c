"""Find a site's dossiers the way a clerk asks for them: a code or a piece of it, the
applicant's name typed without accents, a phone number with or without spaces, a procedure.

Every word of the query must be found in the dossier's ``search_text`` (folded code, name,
phone, procedure, and the digits of the phone and code: shared/dossier_text.py); a query that
is mostly digits (four or more) also matches those digits alone, ignoring dots, spaces and
dashes. It runs on every keystroke at the desk over every dossier of the site, so the match
is SQL (one ``LIKE`` per word on the folded text, which is portable); only the matches are
read whole. A row whose ``search_text`` is empty (written by a path that skipped the model's
hook) is matched here in Python instead. bench/bench_dossier_search.py measures it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from shared.dossier_text import search_text
from shared.models import Dossier, DossierStatus, Ticket
from shared.textfold import fold

_NON_DIGITS = re.compile(r"\D")


class Query:
    """A clerk's query, parsed once: its folded words and, when mostly digits, the digits."""

    def __init__(self, text: str) -> None:
        self.words = fold(text).split()
        digits = _NON_DIGITS.sub("", text)
        compact = text.replace(" ", "")
        self.digits = digits if len(digits) >= 4 and len(digits) * 2 >= len(compact) else ""

    def matches_text(self, haystack: str) -> bool:
        return (all(word in haystack for word in self.words)
                or (bool(self.digits) and self.digits in haystack))

    def condition(self) -> ColumnElement[bool] | None:
        """The SQL filter (None: everything matches)."""
        if not self.words:
            return None
        column = Dossier.search_text
        words = and_(*(column.contains(word, autoescape=True) for word in self.words))
        matched = or_(words, column.contains(self.digits, autoescape=True)) if self.digits \
            else words
        return or_(matched, column == "")


def matches(dossier: Dossier, query: str) -> bool:
    """Every word of ``query`` is found in the dossier (or its digits in code/phone)."""
    return Query(query).matches_text(search_text(
        dossier.code, dossier.applicant_name, dossier.applicant_phone,
        dossier.procedure_name, dossier.procedure_code))


def search_dossiers(s: Session, site_id: int, query: str,
                    statuses: Sequence[DossierStatus] | None, limit: int) -> list[Dossier]:
    """The site's dossiers matching ``query``, newest received first, at most ``limit``."""
    parsed = Query(query)
    stmt = select(Dossier.id, Dossier.search_text, Dossier.code, Dossier.applicant_name,
                  Dossier.applicant_phone, Dossier.procedure_name,
                  Dossier.procedure_code).where(Dossier.site_id == site_id)
    condition = parsed.condition()
    if condition is not None:
        stmt = stmt.where(condition)
    if statuses is not None:
        stmt = stmt.where(Dossier.status.in_([str(status) for status in statuses]))
    # Streamed: a one-letter query stops at ``limit`` rows instead of reading them all.
    stmt = stmt.order_by(Dossier.received_at.desc(), Dossier.id.desc()).execution_options(
        yield_per=256)
    ids: list[int] = []
    for dossier_id, text, *parts in s.execute(stmt):
        if text or not parsed.words or parsed.matches_text(search_text(*parts)):
            ids.append(dossier_id)
            if len(ids) >= limit:
                break
    if not ids:
        return []
    rows = {row.id: row for row in s.scalars(select(Dossier).where(Dossier.id.in_(ids)))}
    ticket_ids = {row.ticket_id for row in rows.values() if row.ticket_id is not None}
    if ticket_ids:  # read at once, so each view's ticket number comes from the session
        list(s.scalars(select(Ticket).where(Ticket.id.in_(ticket_ids))))
    return [rows[dossier_id] for dossier_id in ids]
