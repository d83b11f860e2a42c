"""Printed ticket numbers: a service's format, and the rule that no two tickets of a site and
day can carry the same number.

A format is a ``str.format`` pattern over ``{prefix}`` and ``{n}`` (the day's sequence):
``"{prefix}{n:03d}"`` with prefix "A" gives A012; a numeric center may use ``"1{n:03d}"``
(1012). A format must give a different number for every sequence of a day, and two services
of one site must never be able to print the same number (same prefix, or formats whose
numbers overlap, like ``"1{n:03d}"`` and ``"{n}"``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from shared.errors import InvalidOperation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from shared.models import Service, Site

#: Sequences checked per service: more than any center issues for one service in a day.
SEQUENCES_CHECKED = 10_000
MAX_LENGTH = 16
MAX_PREFIX_LENGTH = 8


def format_number(number_format: str, prefix: str, n: int) -> str:
    """The printed ticket number: ``format_number("{prefix}{n:03d}", "A", 12) == "A012"``."""
    return number_format.format(prefix=prefix, n=n)


@lru_cache(maxsize=32)
def numbers(number_format: str, prefix: str, start: int) -> frozenset[str]:
    """The numbers a service prints for its first SEQUENCES_CHECKED sequences of a day
    (cached: a center's set-up checks the same few formats again and again)."""
    return frozenset(format_number(number_format, prefix, n)
                     for n in range(start, start + SEQUENCES_CHECKED))


#: The longest format pattern accepted, and the widest field width in it (wider numbers than
#: 16 characters are refused after formatting; ``{n:0999999999d}`` must be refused before it
#: makes 10,000 strings of a gigabyte each).
MAX_FORMAT_LENGTH = 64


def _check_size(number_format: str, example: str) -> None:
    """Refuse, before formatting anything, a pattern or a field width that would make a
    string longer than a ticket number may be."""
    too_big = len(number_format) > MAX_FORMAT_LENGTH
    if not too_big:
        try:
            fields = list(string.Formatter().parse(number_format))
        except ValueError:
            return  # malformed: check_number_format says so
        for _literal, _name, spec, _conversion in fields:
            widths = [int(digits) for digits in re.findall(r"\d+", spec or "")]
            if "{" in (spec or "") or any(width > MAX_FORMAT_LENGTH for width in widths):
                too_big = True
    if too_big:
        raise InvalidOperation(
            f"Định dạng số thứ tự {number_format[:40]!r}… quá dài: số in ra tối đa "
            f"{MAX_LENGTH} ký tự, ví dụ {example}.",
            f"The number format {number_format[:40]!r}… is too long: a number has "
            f"{MAX_LENGTH} characters at most, e.g. {example}.")


def check_number_format(number_format: str, prefix: str, start: int = 1) -> frozenset[str]:
    """Check a service's format; returns its numbers (see :func:`numbers`).

    Refused: a pattern that does not format, one without the sequence field ``{n}``, one
    that prints the same number for two sequences (``"{prefix}12"``, ``"{n!s:.1}"``), a
    number longer than 16 characters, a prefix longer than 8 or with spaces, a start below 0.
    """
    if start < 0:
        raise InvalidOperation(f"Số bắt đầu phải từ 0 trở lên, nhận được {start}.",
                               f"The start number must be 0 or more, got {start}.")
    if len(prefix) > MAX_PREFIX_LENGTH or prefix != prefix.strip() or " " in prefix:
        raise InvalidOperation(
            f"Tiền tố không hợp lệ: {prefix!r} (tối đa {MAX_PREFIX_LENGTH} ký tự, không có "
            "khoảng trắng).",
            f"Invalid prefix {prefix!r} ({MAX_PREFIX_LENGTH} characters at most, no spaces).")
    example = "{prefix}{n:03d}"
    _check_size(number_format, example)
    try:
        printed = numbers(number_format, prefix, start)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError) as error:
        raise InvalidOperation(
            f"Định dạng số thứ tự không hợp lệ: {number_format!r} (dùng {{prefix}} và {{n}}, "
            f"ví dụ {example})",
            f"Invalid number format: {number_format!r} (use {{prefix}} and {{n}}, "
            f"e.g. {example})",
        ) from error
    if len(printed) < SEQUENCES_CHECKED:
        first, second = _first_repeat(number_format, prefix, start)
        same = format_number(number_format, prefix, first)
        raise InvalidOperation(
            f"Định dạng số thứ tự {number_format!r} in cùng một số {same!r} cho lượt {first} "
            f"và lượt {second}: định dạng phải chứa {{n}} đầy đủ, ví dụ {example}.",
            f"The number format {number_format!r} prints {same!r} for both sequence {first} "
            f"and {second}: it must contain the whole {{n}}, e.g. {example}.",
        )
    longest = max(sorted(printed), key=len)
    if len(longest) > MAX_LENGTH or not all(number.strip() == number and number
                                            for number in printed):
        raise InvalidOperation(
            f"Định dạng số thứ tự {number_format!r} cho số {longest!r}: số phải có từ 1 đến "
            f"{MAX_LENGTH} ký tự, không có khoảng trắng ở đầu hay cuối.",
            f"The number format {number_format!r} gives {longest!r}: a number must have 1 to "
            f"{MAX_LENGTH} characters, with no space at either end.",
        )
    return printed


def _first_repeat(number_format: str, prefix: str, start: int) -> tuple[int, int]:
    """The first two sequences printed alike."""
    seen: dict[str, int] = {}
    for n in range(start, start + SEQUENCES_CHECKED):
        number = format_number(number_format, prefix, n)
        if number in seen:
            return seen[number], n
        seen[number] = n
    raise AssertionError("no repeat")


def check_distinct_from(code: str, prefix: str, mine: frozenset[str],
                        others: Iterable[tuple[str, str, frozenset[str]]]) -> None:
    """Refuse a service whose prefix or numbers another service of the site already has.

    ``others`` holds (code, prefix, numbers) of the site's other services, active or not.
    """
    for other_code, other_prefix, other_numbers in others:
        if prefix and prefix == other_prefix:
            raise InvalidOperation(
                f"Tiền tố {prefix!r} đã dùng cho dịch vụ {other_code}: mỗi dịch vụ của một cơ "
                "sở cần tiền tố riêng.",
                f"The prefix {prefix!r} is already used by service {other_code}: each service "
                "of a site needs its own prefix.",
            )
        common = mine & other_numbers
        if common:
            shared = min(common, key=lambda number: (len(number), number))
            raise InvalidOperation(
                f"Số thứ tự của dịch vụ {code} có thể trùng với dịch vụ {other_code} (cả hai "
                f"cấp được số {shared!r}): hãy dùng tiền tố hoặc định dạng khác.",
                f"Service {code}'s ticket numbers can clash with service {other_code}'s (both "
                f"can print {shared!r}): use another prefix or format.",
            )


def check_numbers_free(session: Session, site: Site, service: Service | None, code: str,
                       prefix: str, mine: frozenset[str], today: date) -> None:
    """Refuse the numbers ``mine`` of service ``code`` (``service``: its row, None when new)
    if another service of the site has its prefix, can print one of them, or issued one of
    them today."""
    from sqlalchemy import select

    from shared.models import Service, Ticket

    others = [other for other in session.scalars(
        select(Service).where(Service.site_id == site.id).order_by(Service.sort_order))
        if service is None or other.id != service.id]
    check_distinct_from(code, prefix, mine, (
        (other.code, other.prefix, _stored_numbers(other)) for other in others))
    issued = session.scalars(select(Ticket.number).where(
        Ticket.site_id == site.id, Ticket.business_day == today,
        Ticket.issued_service_id.in_([other.id for other in others]))).all()
    clash = sorted(set(issued) & mine)
    if clash:
        raise InvalidOperation(
            f"Số {clash[0]!r} đã được cấp hôm nay cho dịch vụ khác tại {site.code}: hãy dùng "
            "tiền tố hoặc định dạng khác (hoặc đổi vào ngày mai).",
            f"Number {clash[0]!r} was already issued today by another service at {site.code}: "
            "use another prefix or format (or change it tomorrow).",
        )


def _stored_numbers(service: Service) -> frozenset[str]:
    """A stored service's numbers (none for a format stored before formats were checked)."""
    try:
        return numbers(service.number_format, service.prefix, service.start_number)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return frozenset()
