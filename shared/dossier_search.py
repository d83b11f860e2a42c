"""Find a site's dossiers the way a clerk asks for them: a code or a piece of it, the
applicant's name typed without accents, a phone number with or without spaces, a procedure.

Each word of the query must start a word of the dossier (folded: shared/textfold.py): a word
of the applicant's name, a part of the code ("h48", "261205", "0001"), a group of the phone's
digits or the procedure's code; "van" does not find "Hoàng Văn Em"'s neighbour through "văn
bản", nor "em" through "điểm". A query that is mostly digits (four or more) also matches the
start or end of the phone's digits or the end of the code's digits, ignoring dots, spaces and
dashes. A query whose every word starts a word of the procedure's name finds that procedure's
dossiers, ranked last. The best match comes first: the code itself or its end, then the
applicant's whole name, then every word a whole word of the name, then every word starting
one of the name, then the rest; newest received first
within each rank. It runs on every keystroke at the desk over every dossier of the site, so a
coarse filter is SQL (one ``LIKE`` per word on the folded ``search_text``, which is portable)
and the word-start test and the ranking are Python on the small columns of those rows; only
the best ``limit`` are read whole. bench/bench_dossier_search.py measures it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from shared.dossier_codes import suffix_matches
from shared.models import Dossier, DossierStatus, Ticket
from shared.textfold import fold

_NON_DIGITS = re.compile(r"\D")
#: At most this many rows passing the SQL filter are ranked (newest first): a one-letter
#: query at a big site does not read every dossier.
SCAN_LIMIT = 2000
#: Ranks, best first.
CODE, WHOLE_NAME, NAME_WORDS, NAME, FIELDS, DIGITS, PROCEDURE = range(7)


class Query:
    """A clerk's query, parsed once: its folded words and, when mostly digits, the digits."""

    def __init__(self, text: str) -> None:
        self.text = text.strip()
        self.folded = fold(text)
        self.words = self.folded.split()
        self._starts = [re.compile(r"(?<!\w)" + re.escape(word)) for word in self.words]
        digits = _NON_DIGITS.sub("", text)
        compact = text.replace(" ", "")
        self.digits = digits if len(digits) >= 4 and len(digits) * 2 >= len(compact) else ""
        self._procedures: dict[str, str] = {}

    def _all_start(self, text: str) -> bool:
        return all(start.search(text) for start in self._starts)

    def rank(self, code: str, name: str, phone: str, procedure: str, procedure_code: str,
             text: str = "") -> int | None:
        """How well a dossier matches (a rank above, lower is better), None: not at all.
        ``text``: its stored ``search_text`` (the folded name is read from it, not folded
        again: the search ranks thousands of rows per keystroke)."""
        if not self.words:
            return FIELDS
        if suffix_matches(code, self.text):
            return CODE
        folded_name = _name_in(text, code, name) if text else fold(name or "")
        if folded_name == self.folded:
            return WHOLE_NAME
        if self._all_start(folded_name):
            name_words = set(folded_name.split())
            return NAME_WORDS if all(word in name_words for word in self.words) else NAME
        if self._all_start(f"{code.lower()} {folded_name} {(phone or '').lower()} "
                           f"{_NON_DIGITS.sub('', phone or '')} {procedure_code.lower()}"):
            return FIELDS
        if self.digits:
            phone_digits = _NON_DIGITS.sub("", phone or "")
            if (phone_digits and (phone_digits.startswith(self.digits)
                                  or phone_digits.endswith(self.digits))) \
                    or _NON_DIGITS.sub("", code or "").endswith(self.digits):
                return DIGITS
        folded = self._procedures.get(procedure)
        if folded is None:  # a site has few procedures: each folded once per search
            folded = self._procedures[procedure] = fold(procedure or "")
        if self._all_start(folded):
            return PROCEDURE
        return None

    def condition(self) -> ColumnElement[bool] | None:
        """The coarse SQL filter, a superset of the matches (None: everything matches)."""
        if not self.words:
            return None
        column = Dossier.search_text
        words = and_(*(column.contains(word, autoescape=True) for word in self.words))
        matched = or_(words, column.contains(self.digits, autoescape=True)) if self.digits \
            else words
        return or_(matched, column == "")


def _name_in(text: str, code: str, name: str) -> str:
    """The applicant's folded name inside a ``search_text`` (shared/dossier_text.py: the
    code's words, then the name's)."""
    words = text.split()
    start = len(code.split())
    return " ".join(words[start:start + len((name or "").split())])


def matches(dossier: Dossier, query: str) -> bool:
    """Is the dossier found by ``query`` (see the module's rules)?"""
    return Query(query).rank(dossier.code, dossier.applicant_name, dossier.applicant_phone,
                             dossier.procedure_name, dossier.procedure_code) is not None


def search_dossiers(s: Session, site_id: int, query: str,
                    statuses: Sequence[DossierStatus] | None, limit: int) -> list[Dossier]:
    """The site's dossiers matching ``query``, best match first (newest received first within
    a rank; with no query, newest first), at most ``limit``."""
    parsed = Query(query)
    stmt = select(Dossier.id, Dossier.code, Dossier.applicant_name, Dossier.applicant_phone,
                  Dossier.procedure_name, Dossier.procedure_code, Dossier.search_text).where(
        Dossier.site_id == site_id)
    condition = parsed.condition()
    if condition is not None:
        stmt = stmt.where(condition)
    if statuses is not None:
        stmt = stmt.where(Dossier.status.in_([str(status) for status in statuses]))
    # Streamed: an empty query stops at ``limit`` rows, any other at SCAN_LIMIT.
    stmt = stmt.order_by(Dossier.received_at.desc(), Dossier.id.desc()).execution_options(
        yield_per=256)
    ranked: list[tuple[int, int, int]] = []
    for position, (dossier_id, *parts) in enumerate(s.execute(stmt)):
        rank = parsed.rank(*parts)
        if rank is not None:
            ranked.append((rank, position, dossier_id))
            if not parsed.words and len(ranked) >= limit:
                break
        if position + 1 >= SCAN_LIMIT:
            break
    ids = [dossier_id for _rank, _position, dossier_id in sorted(ranked)[:limit]]
    if not ids:
        return []
    rows = {row.id: row for row in s.scalars(select(Dossier).where(Dossier.id.in_(ids)))}
    ticket_ids = {row.ticket_id for row in rows.values() if row.ticket_id is not None}
    if ticket_ids:  # read at once, so each view's ticket number comes from the session
        list(s.scalars(select(Ticket).where(Ticket.id.in_(ticket_ids))))
    return [rows[dossier_id] for dossier_id in ids]
