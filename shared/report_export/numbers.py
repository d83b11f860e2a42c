"""Numbers in Vietnamese style: a dot between thousands, a decimal comma (1.881; 97,74 %)."""

from __future__ import annotations

#: what a missing figure shows (no dossier judged, nobody waited)
MISSING = "—"


def whole(value: int | float | None) -> str:
    """1881 → "1.881"."""
    if value is None:
        return MISSING
    return f"{round(value):,}".replace(",", ".")


def decimal(value: float | None, places: int = 1) -> str:
    """12.5 → "12,5"; 1234.5 → "1.234,5"; whole numbers without decimals (4.0 → "4")."""
    if value is None:
        return MISSING
    if float(value).is_integer():
        return whole(value)
    text = f"{value:,.{places}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def rate(value: float | None) -> str:
    """A share as a percentage with two decimals: 0.97744 → "97,74 %"."""
    if value is None:
        return MISSING
    text = f"{value * 100:,.2f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".") + " %"


def percent(value: float | None) -> str:
    """A number already in percent, in the one format of every percentage (as :func:`rate`,
    two decimals): 95.5 → "95,50 %"; 50.0 → "50,00 %"."""
    if value is None:
        return MISSING
    return rate(value / 100)


def formatted(value: object, kind: str) -> str:
    """A table cell as text, by its column's kind (``tables.Column.kind``)."""
    if kind == "text":
        return "" if value is None else str(value)
    number = value if isinstance(value, int | float) else None
    if kind == "int":
        return whole(number)
    if kind == "rate":
        return rate(number)
    if kind == "pct":
        return percent(number)
    return decimal(number)
