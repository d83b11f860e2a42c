"""Find a site's dossiers the way a clerk asks for them: a code or a piece of it, the
applicant's name typed without accents, a phone number with or without spaces, a procedure.

The digits of a query match codes and phone numbers (ignoring dots, spaces and dashes); the
words match the folded code, name, phone and procedure. A site holds a few thousand dossiers
a quarter, so rows are narrowed in SQL by status only and matched here (accent folding is
not portable SQL).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.models import Dossier, DossierStatus
from shared.textfold import fold

_NON_DIGITS = re.compile(r"\D")


def matches(dossier: Dossier, query: str) -> bool:
    """Every word of ``query`` is found in the dossier (or its digits in code/phone)."""
    words = fold(query).split()
    if not words:
        return True
    haystack = fold(f"{dossier.code} {dossier.applicant_name} {dossier.applicant_phone} "
                    f"{dossier.procedure_name} {dossier.procedure_code}")
    if all(word in haystack for word in words):
        return True
    digits = _NON_DIGITS.sub("", query)
    if len(digits) >= 4 and len(digits) * 2 >= len(query.replace(" ", "")):
        return (digits in _NON_DIGITS.sub("", dossier.applicant_phone)
                or digits in _NON_DIGITS.sub("", dossier.code))
    return False


def search_dossiers(s: Session, site_id: int, query: str,
                    statuses: Sequence[DossierStatus] | None, limit: int) -> list[Dossier]:
    """The site's dossiers matching ``query``, newest received first, at most ``limit``."""
    stmt = select(Dossier).where(Dossier.site_id == site_id)
    if statuses is not None:
        stmt = stmt.where(Dossier.status.in_([str(status) for status in statuses]))
    stmt = stmt.order_by(Dossier.received_at.desc(), Dossier.id.desc())
    found: list[Dossier] = []
    for row in s.scalars(stmt):
        if matches(row, query):
            found.append(row)
            if len(found) >= limit:
                break
    return found
