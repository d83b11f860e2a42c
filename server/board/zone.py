"""A board's zone: ``?counters=1-6,9`` shows only those counters (a TV per room or floor)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from shared.errors import LaysoError

#: The biggest counter number a zone may name, and the longest spec accepted.
MAX_COUNTER = 999
MAX_SPEC = 200
_PART = re.compile(r"^(\d{1,4})(?:-(\d{1,4}))?$")


class ZoneError(LaysoError):
    """A zone spec that cannot be read (the message says which part and how to write it)."""


@dataclass(frozen=True)
class Zone:
    """The counter numbers a board shows (``numbers`` None: all of them)."""

    numbers: frozenset[int] | None = None

    def includes(self, counter: int) -> bool:
        return self.numbers is None or counter in self.numbers

    @property
    def spec(self) -> str:
        """The canonical spec ("1-6,9"; "" for all counters)."""
        if self.numbers is None:
            return ""
        parts: list[str] = []
        ordered = sorted(self.numbers)
        start = previous = ordered[0]
        for number in [*ordered[1:], None]:
            if number is not None and number == previous + 1:
                previous = number
                continue
            parts.append(str(start) if start == previous else f"{start}-{previous}")
            if number is not None:
                start = previous = number
        return ",".join(parts)


def parse_zone(spec: str | None) -> Zone:
    """``"1-6,9"`` → counters 1 to 6 and 9; empty or None → every counter."""
    if spec is None or not spec.strip():
        return Zone()
    if len(spec) > MAX_SPEC:
        raise ZoneError(f"Danh sách quầy quá dài (tối đa {MAX_SPEC} ký tự).",
                        f"The list of counters is too long (at most {MAX_SPEC} characters).")
    numbers: set[int] = set()
    for raw in spec.split(","):
        part = raw.strip().replace(" ", "")
        match = _PART.match(part)
        if match is None:
            raise _bad(raw)
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if not 1 <= first <= last <= MAX_COUNTER:
            raise _bad(raw)
        numbers.update(range(first, last + 1))
    return Zone(frozenset(numbers))


def _bad(part: str) -> ZoneError:
    return ZoneError(
        f"Danh sách quầy “{part.strip()}” không hợp lệ. Viết số quầy hoặc khoảng số quầy, "
        f"cách nhau bằng dấu phẩy, ví dụ ?counters=1-6,9 (số từ 1 đến {MAX_COUNTER}).",
        f"The counter list “{part.strip()}” is invalid. Write counter numbers or ranges "
        f"separated by commas, e.g. ?counters=1-6,9 (numbers 1 to {MAX_COUNTER}).")
