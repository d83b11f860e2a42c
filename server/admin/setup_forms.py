"""What the set-up pages (sites, services, counters, clerks, API tokens) share: the posted
form, reading numbers typed into it, the field a core error is about, links that keep the
language, the notice of a saved change, and drawing a page with ``url`` and ``can_change``
(a form with errors as a 422, the page of a center without a site yet).

The pages validate nothing the core does not: they call the same services as the CLI and
show the core's message next to the field it is about (:func:`field_of`); before that they run
each field's core check on its own (:func:`check_each`) so that every error shows at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import String, Table
from starlette.datastructures import FormData

from server.admin.render import page
from server.admin.sessions import AdminSession
from server.pages import language
from server.state import server_state
from shared.center import CenterService
from shared.clock import local
from shared.errors import LaysoError

#: A field's label on the form (Vietnamese, English), to name it in a message about it.
Labels = Mapping[str, tuple[str, str]]

#: A field's phrases: (field name, phrases of the core's Vietnamese messages about it).
Phrases = Sequence[tuple[str, Sequence[str]]]


async def form_data(request: Request) -> FormData:
    """The posted form (a dependency, so that the handler itself can be synchronous and run
    in the thread pool while the core works)."""
    return await request.form()


#: A handler's parameter: the posted form, read before the handler runs.
PostedForm = Annotated[FormData, Depends(form_data)]


def actor(session: AdminSession | None) -> str:
    """Who makes a change, as the event log names them: the console account ("" to read)."""
    return session.clerk.username if session is not None else ""


def center_service(request: Request, session: AdminSession | None = None) -> CenterService:
    """The center's set-up, changed in the name of ``session``'s account."""
    return CenterService(server_state(request).db, actor=actor(session))


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def secret(form: FormData, name: str) -> str:
    """A password or PIN as typed (spaces are part of it)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def checked(form: FormData, name: str) -> bool:
    return form.get(name) is not None


#: A whole number as typed: plain digits, or grouped by thousands the Vietnamese way with one
#: separator throughout ("1.000", "12.500", "1 000 000"); anything else with a point or a
#: comma ("1.5", "1,5", "1.00", "0.500") is not a whole number.
_WHOLE_NUMBER = re.compile(
    r"[+-]?(?:[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]{0,2}(?:[ \u00a0\u202f][0-9]{3})+)")
#: The detail of a value that did not fit its column (``shared.db.limits``): ``Model.column``.
_COLUMN = re.compile(r"[A-Za-z_]+\.[a-z_]+")


@dataclass(frozen=True)
class Range:
    """The sane range of a number field, and the message ({low}, {high}) of a number above
    it (one below it is the core's to refuse, with its own message)."""

    low: int
    high: int
    vietnamese: str
    english: str


def whole_number(request: Request, form: FormData, name: str, errors: dict[str, str],
                 *, blank: int | None = None, within: Range | None = None) -> int | None:
    """The whole number typed in ``name`` (thousands may be grouped, :data:`_WHOLE_NUMBER`);
    ``blank`` when empty; else an error next to it (also for a number above ``within``,
    checked before anything else: a number too big for the column or the ticket)."""
    typed = text(form, name)
    if not typed:
        return blank
    number: int | None = None
    if _WHOLE_NUMBER.fullmatch(typed):
        digits = typed.translate({ord(mark): None for mark in ". \u00a0\u202f"})
        try:
            number = int(digits)
        except ValueError:  # more digits than Python reads: far too big
            number = None if within is None else within.high + 1
    if number is None:
        errors[name] = translate(request, "Hãy nhập một số nguyên, ví dụ 1.",
                                 "Enter a whole number, e.g. 1.")
        return blank
    if within is not None and number > within.high:
        errors[name] = translate(request, within.vietnamese, within.english).format(
            low=within.low, high=within.high)
        return blank
    return number


def too_long(request: Request, table: Table, values: Mapping[str, Any], labels: Labels,
             errors: dict[str, str]) -> None:
    """Put next to each field of ``labels`` whose text is longer than its column of
    ``table`` the column's length, named by the field's label (the core refuses it too, but
    at the flush, naming the column: «Tên»)."""
    for name, (vietnamese, english) in labels.items():
        value = values.get(name)
        column = table.columns[name].type
        length = column.length if isinstance(column, String) else None
        if isinstance(value, str) and length is not None and len(value) > length:
            errors.setdefault(name, translate(
                request, f"{vietnamese}: tối đa {length} ký tự (đã nhập {len(value)}).",
                f"{english}: {length} characters at most ({len(value)} typed)."))


def translate(request: Request, vietnamese: str, english: str) -> str:
    return english if language(request) == "en" else vietnamese


def field_of(error: LaysoError, phrases: Phrases) -> str:
    """The form field a core error is about: the first whose phrases its Vietnamese message
    contains, else the field of the column a value did not fit (the flush's check names it
    in the error's detail, ``Site.name``), else "" (shown above the form)."""
    message = error.message.casefold()
    for field, said in phrases:
        if any(phrase.casefold() in message for phrase in said):
            return field
    column = error.detail.rpartition(".")[2] if _COLUMN.fullmatch(error.detail) else ""
    return column if column in {field for field, _ in phrases} else ""


def refused(request: Request, error: LaysoError, phrases: Phrases,
            errors: dict[str, str]) -> None:
    """Put a core error next to its field (or "" for the whole form), in the page's
    language."""
    errors[field_of(error, phrases)] = error.localized(language(request))


def add_errors(request: Request, found: Mapping[str, LaysoError],
               errors: dict[str, str]) -> None:
    """Put every core error of ``found`` next to its field (one already there stays: a
    number not typed as a number), so that a form shows all its errors at once."""
    for field, error in found.items():
        errors.setdefault(field, error.localized(language(request)))


def check_each(request: Request, checks: Sequence[tuple[str, Callable[[], object]]],
               errors: dict[str, str]) -> None:
    """Run each core check of a field on its own and put its error next to that field."""
    found: dict[str, LaysoError] = {}
    for field, check in checks:
        try:
            check()
        except LaysoError as error:
            found.setdefault(field, error)
    add_errors(request, found, errors)


def url(request: Request, path: str, **params: object) -> str:
    """``path`` with ``params`` (those not None) and, on an English page, ``lang=en``."""
    query = {key: str(value) for key, value in params.items() if value is not None}
    if request.query_params.get("lang") == "en":
        query["lang"] = "en"
    return f"{path}?{urlencode(query)}" if query else path


def back_to(request: Request, path: str, **params: object) -> RedirectResponse:
    """After a change: see the list (a reload does not post the form again)."""
    return RedirectResponse(url(request, path, **params), 303)


def render(request: Request, template: str, session: AdminSession, *, status_code: int = 200,
           **context: Any) -> HTMLResponse:
    """A set-up page: :func:`server.admin.render.page` with ``url(path, **params)`` and
    ``can_change`` (only an admin changes the set-up; a supervisor may look)."""
    def link(path: str, **params: object) -> str:
        return url(request, path, **params)

    return page(request, template, session, status_code=status_code, url=link,
                can_change=session.is_admin, when=when, **context)


def form_page(request: Request, template: str, session: AdminSession,
              errors: dict[str, str], **context: Any) -> HTMLResponse:
    """A set-up form: :func:`render` with its ``errors``, a 422 when there are any."""
    return render(request, template, session, status_code=422 if errors else 200,
                  errors=errors, **context)


def saved_notice(request: Request, saved: str | None, vietnamese: str,
                 english: str) -> str | None:
    """The notice above a list after a change (``?saved=``), ``{}`` standing for what was
    saved; None without one."""
    if not saved:
        return None
    return translate(request, vietnamese.format(saved), english.format(saved))


def no_site_page(request: Request, session: AdminSession) -> HTMLResponse | None:
    """On a center without a site yet: a page that sends the admin to add one first."""
    if center_service(request).sites():
        return None
    return render(request, "setup_no_site.html", session)


def when(moment: datetime | None, pattern: str = "%H:%M %d/%m/%Y") -> str:
    """A moment in the center's local time, Vietnamese style ("" for none)."""
    return local(moment).strftime(pattern) if moment is not None else ""
