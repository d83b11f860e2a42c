"""The catalog's fixed vocabularies in English: online level, handling level, time unit,
and the fields (lĩnh vực) of the national catalog.

The catalog stores them in Vietnamese as the national database writes them ("Một phần",
"Xã (UBND cấp xã)", "ngày làm việc"); a foreigner reading the kiosk in English gets them
translated. Matching ignores accents and case; a value not known here is shown as it is.
"""

from __future__ import annotations

from functools import cache

from shared import i18n
from shared.textfold import fold
from shared.views import ServiceView

#: Folded Vietnamese online level → English.
ONLINE_LEVELS: dict[str, str] = {
    "mot phan": "Partly online",
    "toan trinh": "Fully online",
    "con lai": "In person only",
    "muc do 2": "Information online",
    "muc do 3": "Partly online",
    "muc do 4": "Fully online",
}
#: Folded first word(s) of a handling level → English.
LEVELS: tuple[tuple[str, str], ...] = (
    ("xa", "Commune (People's Committee)"),
    ("phuong", "Ward (People's Committee)"),
    ("huyen", "District"),
    ("tinh", "Province"),
    ("trung uong", "Central government"),
    ("bo", "Ministry"),
)
#: Folded time unit (code or Vietnamese words) → English.
TIME_UNITS: dict[str, str] = {
    "working_days": "working days", "ngay lam viec": "working days",
    "days": "days", "ngay": "days",
    "hours": "working hours", "gio": "hours", "gio lam viec": "working hours",
    "months": "months", "thang": "months",
}


def online_level_text(value: str | None, language: str) -> str:
    if not value:
        return ""
    if language != "en":
        return value
    return ONLINE_LEVELS.get(fold(value).strip(), value)


def level_text(value: str | None, language: str) -> str:
    if not value:
        return ""
    if language != "en":
        return value
    folded = fold(value).strip()
    for start, english in LEVELS:
        if folded == start or folded.startswith((start + " ", start + "(")):
            return english + (" (unverified)" if "chua kiem chung" in folded else "")
    return value


def time_unit_text(unit: str, language: str) -> str | None:
    """The English unit, or None when it is not a known one (the caller keeps its own)."""
    if language != "en":
        return None
    return TIME_UNITS.get(fold(unit).strip())


def field_text(field: str, language: str, service: ServiceView | None = None) -> str:
    """A procedure's field as the citizen reads it: in English, the English name of the
    service named like the field (the home screen's tile, "Civil status"), else the field's
    name in the translations (``[field]``: the national catalog's fields), else the field as
    written."""
    if language != "en":
        return field
    folded = " ".join(fold(field).split())
    if service is not None and service.name_en and " ".join(fold(service.name).split()) == folded:
        return service.name_en
    return _field_names().get(folded, field)


@cache
def _field_names() -> dict[str, str]:
    """Folded Vietnamese field name → English, from the translations' ``field.*`` keys."""
    english = i18n.table("en")
    return {" ".join(fold(text).split()): english[key]
            for key, text in i18n.table("vi").items()
            if key.startswith("field.") and key in english}
