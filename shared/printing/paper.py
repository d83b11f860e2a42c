"""Thermal paper widths and the type sizes that suit each (203 dpi print heads)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from shared.errors import ConfigError


@dataclass(frozen=True)
class TypeScale:
    """Pixel sizes for one paper width: text, small print, headings, the ticket number."""

    small: int
    body: int
    heading: int
    title: int
    number: int
    margin: int
    qr: int
    logo_height: int


class Paper(Enum):
    """Roll width: 58 mm paper prints 384 dots a line, 80 mm paper 576 dots."""

    MM58 = 384
    MM80 = 576

    @property
    def dots(self) -> int:
        return self.value

    @property
    def scale(self) -> TypeScale:
        if self is Paper.MM58:
            return TypeScale(small=18, body=21, heading=24, title=26, number=150, margin=8,
                             qr=176, logo_height=80)
        return TypeScale(small=22, body=26, heading=30, title=34, number=210, margin=16,
                         qr=232, logo_height=110)

    @staticmethod
    def parse(text: str) -> Paper:
        """``58`` or ``80`` (with or without "mm") → the paper; anything else is a ConfigError."""
        cleaned = text.strip().lower().removesuffix("mm").strip()
        if cleaned == "58":
            return Paper.MM58
        if cleaned == "80":
            return Paper.MM80
        raise ConfigError(
            f"Khổ giấy máy in không hợp lệ: «{text}». Chỉ chấp nhận 58 hoặc 80 (mm).",
            f"Invalid printer paper width: '{text}'. Use 58 or 80 (mm).",
        )
