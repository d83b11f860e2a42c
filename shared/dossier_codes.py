"""Dossier codes: the province's, checked; local ones, marked; and finding one by its end.

- Under Decree 118/2025 the province's one-stop system gives every dossier its code. At
  receipt the clerk types or scans it (a scanner types like a keyboard): :func:`province_code`
  cleans it (spaces, case) and checks it: letters, digits and ``. - _ /``, 6 to 100
  characters, at least one digit. Unique: ``dossiers.code`` is unique, and the receive form
  says so before saving (:func:`code_taken`).
- A center without a provincial system may let LấySố make local codes in the national format
  (``<agency>-<yyMMdd>-<NNNN>``): a per-site setting, ``dossier.local_codes`` in
  ``site_settings`` (on by default, as before this setting). Such dossiers have
  ``origin = "local"`` and are marked "mã nội bộ" wherever the code shows
  (:func:`code_label`): slip, kiosk, reports.
- The kiosk finds a dossier by the end of its code (:func:`suffix_matches`): the last part
  ("0099"), or the last two ("220921.0099": date and number), with dots or dashes.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.db.database import Database
from shared.errors import InvalidOperation
from shared.events import EventKind, record
from shared.lookups import get_site
from shared.models import Dossier, DossierOrigin, SiteSetting

#: ``site_settings`` key: may LấySố make local codes at this site (bool; no row: True)
LOCAL_CODES = "dossier.local_codes"

_ALLOWED = re.compile(r"^[A-Z0-9][A-Z0-9.\-_/]{4,98}[A-Z0-9]$")
_SEPARATORS = re.compile(r"[.\-_/]+")

LOCAL_MARK = ("mã nội bộ", "local code")


def clean(text: str) -> str:
    """A typed or scanned code as stored: no spaces, upper case (scanners may add a prefix
    space or a trailing newline)."""
    return "".join(text.split()).upper()


def province_code(text: str) -> str:
    """The province's code as typed or scanned, cleaned and checked."""
    code = clean(text)
    if not code:
        raise InvalidOperation("Chưa nhập mã hồ sơ do hệ thống một cửa tỉnh cấp.",
                               "The province's dossier code is missing.")
    if not _ALLOWED.match(code) or not any(ch.isdigit() for ch in code):
        raise InvalidOperation(
            f"Mã hồ sơ “{text.strip()}” không hợp lệ: chỉ gồm chữ, số và các dấu . - _ /, "
            "dài 6–100 ký tự (ví dụ 000.00.53.H48-260112-0001).",
            f"Invalid dossier code “{text.strip()}”: letters, digits and . - _ / only, 6–100 "
            "characters (e.g. 000.00.53.H48-260112-0001).")
    return code


def code_taken(session: Session, code: str) -> bool:
    return session.scalar(select(Dossier.id).where(Dossier.code == code)) is not None


def taken_error(code: str) -> InvalidOperation:
    return InvalidOperation(f"Mã hồ sơ {code} đã có trong hệ thống: mỗi hồ sơ một mã.",
                            f"Dossier code {code} already exists: one code per dossier.")


def code_label(code: str, origin: DossierOrigin | str, language: str = "vi") -> str:
    """The code as shown: a local code is marked ("… (mã nội bộ)")."""
    if DossierOrigin(origin) is DossierOrigin.LOCAL:
        return f"{code} ({LOCAL_MARK[1] if language == 'en' else LOCAL_MARK[0]})"
    return code


# -- the per-site setting -------------------------------------------------------------------
def local_codes_allowed(session: Session, site_id: int) -> bool:
    """May LấySố make a local code at this site (no row: yes)."""
    value = session.scalar(select(SiteSetting.value).where(
        SiteSetting.site_id == site_id, SiteSetting.key == LOCAL_CODES))
    return value is not False


def set_local_codes(db: Database, site: str, allowed: bool, *, actor: str = "") -> None:
    """Turn local codes on or off for ``site`` (an event says who, before and after)."""
    with db.transaction() as session:
        site_row = get_site(session, site)
        now = db.now(session)
        row = session.get(SiteSetting, (site_row.id, LOCAL_CODES))
        before = True if row is None else row.value is not False
        if row is None:
            session.add(SiteSetting(site_id=site_row.id, key=LOCAL_CODES, value=allowed,
                                    updated_at=now, updated_by=actor))
        else:
            row.value, row.updated_at, row.updated_by = allowed, now, actor
        record(session, EventKind.CONFIG_CHANGED, now, site_id=site_row.id,
               key=LOCAL_CODES, before=before, after=allowed, by=actor)


def local_codes(db: Database, site: str) -> bool:
    with db.reading() as session:
        return local_codes_allowed(session, get_site(session, site).id)


def code_for_receipt(session: Session, site_id: int, typed: str | None) -> str | None:
    """The code a dossier received now gets: the province's typed one (checked, not taken),
    or None for a local one when the site allows it; else an error asking for the code."""
    if typed is not None and typed.strip():
        code = province_code(typed)
        if code_taken(session, code):
            raise taken_error(code)
        return code
    if not local_codes_allowed(session, site_id):
        raise InvalidOperation(
            "Cần nhập hoặc quét mã hồ sơ do hệ thống một cửa tỉnh cấp (trung tâm đã tắt "
            "mã nội bộ).",
            "Type or scan the dossier code the province's system gave (local codes are off "
            "at this center).")
    return None


# -- finding by the end of a code -----------------------------------------------------------
def parts(text: str) -> list[str]:
    """A code's parts between separators: "000.00.53.H48-220921-0099" → [..., "220921",
    "0099"]."""
    return [part for part in _SEPARATORS.split(clean(text)) if part]


def suffix_matches(code: str, typed: str) -> bool:
    """Does ``code`` end with the parts typed ("0099", "220921.0099", or the whole code)?"""
    wanted, have = parts(typed), parts(code)
    return bool(wanted) and len(wanted) <= len(have) and have[-len(wanted):] == wanted
