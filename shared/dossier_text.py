"""What a dossier search matches against, as one lower-case, accent-free text: the code, the
applicant's name and phone, the procedure, then the phone's and the code's digits alone (so
"0903123456" finds "0903 123 456"). Kept in ``dossiers.search_text`` by the model's
before-insert/update hook, so the search is one SQL ``LIKE`` per word (shared/dossier_search.py).
"""

from __future__ import annotations

import re

from shared.textfold import fold

_NON_DIGITS = re.compile(r"\D")


def search_text(code: str, name: str, phone: str, procedure: str, procedure_code: str) -> str:
    digits = " ".join(part for part in (_NON_DIGITS.sub("", phone or ""),
                                        _NON_DIGITS.sub("", code or "")) if part)
    return fold(f"{code} {name} {phone} {procedure} {procedure_code} {digits}")
