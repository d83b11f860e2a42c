"""Line breaks for printed Vietnamese: never inside a word, never a lone number, even lines.

A Vietnamese word is often two or three syllables written apart ("Trung tâm", "hành chính",
"Bến Nghé", "Hồ Chí Minh"), so breaking at any space can cut a word or a name in two. The
header and address of a ticket are therefore cut into *units* first, which are never broken:

- a number sticks to the word before it ("Số 1", "Quầy 1, 2", "phường 12"), so no "1" is
  ever left alone at the start of a line;
- a place word sticks to the name after it ("phường Bến Nghé", "Thành phố Hồ Chí Minh");
- capitalised syllables in a row are one name ("Lê Duẩn", "Sài Gòn") in mixed-case text;
- common compound words of public offices stay whole ("hành chính", "phục vụ", "một cửa").

Then the fewest lines are chosen, and among those the most even (the longest line as short as
possible), so a centred header reads "TRUNG TÂM PHỤC VỤ / HÀNH CHÍNH CÔNG / PHƯỜNG BẾN NGHÉ"
rather than leaving "NGHÉ" alone. A unit wider than the line is broken between its words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image

from shared.printing.blocks import Align, Text, font
from shared.textfold import fold

Measure = Callable[[str], float]

#: Words that introduce the name after them (folded, lower case).
_PLACE_WORDS = frozenset({
    "phuong", "xa", "quan", "huyen", "tinh", "thi xa", "thi tran", "thanh pho", "tp.", "tp",
    "duong", "pho", "ap", "thon", "ban", "so", "quay", "khu pho", "to", "to dan pho",
    "dac khu", "khu", "lo", "ngo", "ngach", "hem", "kiet", "tang", "phong", "counter",
    "counters", "no.",
})
#: Compound words of public offices and tickets (folded syllables), longest first.
_COMPOUNDS = tuple(sorted({
    "trung tam", "phuc vu", "hanh chinh", "hanh chinh cong", "mot cua", "bo phan",
    "tiep nhan", "tra ket qua", "ket qua", "uy ban", "nhan dan", "ubnd", "thanh pho",
    "thi xa", "thi tran", "khu pho", "to dan pho", "dich vu", "dich vu cong", "cong dan",
    "ho tich", "chung thuc", "dat dai", "bao tro", "xa hoi", "nguoi co cong", "so thu tu",
    "thoi gian", "du kien", "co gia tri", "trong ngay", "dien thoai", "theo doi",
    "hom nay", "cam on", "tran trong", "vui long", "ong/ba", "ngoi cho", "den luot",
    "so nguoi", "dang cho", "lay so", "truoc ban", "quet ma", "ma phieu", "tinh trang",
    "hon nhan", "khai sinh", "dang ky", "quoc gia", "cong thong tin", "uu tien",
}, key=lambda words: -words.count(" ")))
_NUMBER = re.compile(r"^[(\[]?\d")
_SPACE = re.compile(r"[ \t]+")


def units(text: str) -> list[str]:
    """``text`` cut into the pieces a line may break between (see the module's rules)."""
    words = [word for word in _SPACE.split(text.strip()) if word]
    if not words:
        return []
    mixed_case = text != text.upper()
    glue = [False] * len(words)  # glue[i]: words[i] sticks to words[i + 1]
    folded = [fold(word).strip(",.;:!?") for word in words]
    index = 0
    while index < len(words) - 1:  # compounds, longest first
        for compound in _COMPOUNDS:
            size = compound.count(" ") + 1
            if " ".join(folded[index:index + size]) == compound and index + size <= len(words):
                for inner in range(index, index + size - 1):
                    if not _ends_clause(words[inner]):
                        glue[inner] = True
                break
        index += 1
    for index in range(len(words) - 1):
        word, after = words[index], words[index + 1]
        if _ends_clause(word) and not _NUMBER.match(after):
            continue
        two = f"{folded[index - 1]} {folded[index]}" if index else ""
        if _NUMBER.match(after) or folded[index] in _PLACE_WORDS or two in _PLACE_WORDS:
            glue[index] = True
        elif mixed_case and _capitalised(word) and _capitalised(after) and index > 0 and (
                not _ends_clause(words[index - 1])):
            glue[index] = True  # a name in the middle of a sentence ("Lê Duẩn")
    pieces: list[str] = []
    current: list[str] = []
    for word, sticks in zip(words, glue, strict=True):
        current.append(word)
        if not sticks:
            pieces.append(" ".join(current))
            current = []
    if current:
        pieces.append(" ".join(current))
    return pieces


def _ends_clause(word: str) -> bool:
    return word.endswith((",", ";", ":", ".", "!", "?", "–", "-")) and not _NUMBER.match(word)


def _capitalised(word: str) -> bool:
    letter = next((ch for ch in word if ch.isalpha()), "")
    return letter.isupper()


def balanced_lines(pieces: Sequence[str], width: float, measure: Measure) -> list[str]:
    """The fewest lines of ``pieces`` (joined by spaces) at most ``width`` wide, as even as
    possible; a piece wider than ``width`` is split between its words first."""
    flat: list[str] = []
    for piece in pieces:
        flat += piece.split(" ") if measure(piece) > width and " " in piece else [piece]
    count = len(flat)
    if count == 0:
        return []
    span: dict[tuple[int, int], float] = {}

    def line_width(start: int, end: int) -> float:
        key = (start, end)
        if key not in span:
            span[key] = measure(" ".join(flat[start:end]))
        return span[key]

    # best[k][i]: (longest line, lines) for the first i pieces in k lines.
    inf = float("inf")
    best: list[dict[int, tuple[float, list[int]]]] = [{0: (0.0, [])}]
    for _lines in range(1, count + 1):
        layer: dict[int, tuple[float, list[int]]] = {}
        for end in range(1, count + 1):
            choice: tuple[float, list[int]] | None = None
            for start, (longest, breaks) in best[-1].items():
                if start >= end:
                    continue
                used = line_width(start, end)
                if used > width and end - start > 1:
                    continue
                candidate = (max(longest, used), [*breaks, end])
                if choice is None or candidate[0] < choice[0]:
                    choice = candidate
            if choice is not None:
                layer[end] = choice
        best.append(layer)
        if count in layer and layer[count][0] < inf:
            breaks = layer[count][1]
            starts = [0, *breaks[:-1]]
            return [" ".join(flat[a:b]) for a, b in zip(starts, breaks, strict=True)]
    return [" ".join(flat)]  # pragma: no cover - one piece per line always succeeds


@dataclass(frozen=True)
class FoldedText:
    """Centred (or aligned) text broken only between :func:`units`, in even lines.
    ``upper``: printed in capitals (the units are found on the text as written)."""

    text: str
    size: int
    bold: bool = False
    align: Align = "center"
    upper: bool = False

    @property
    def plain(self) -> str:
        """The words printed (capitals when ``upper``)."""
        return self.text.upper() if self.upper else self.text

    def lines(self, width: int) -> list[str]:
        face = font(self.size, self.bold)
        pieces = units(self.text)
        if self.upper:
            pieces = [piece.upper() for piece in pieces]
        return balanced_lines(pieces, width, face.getlength)

    def render(self, width: int) -> Image.Image:
        text = "\n".join(line.replace(" ", "\u00a0") for line in self.lines(width))
        return Text.of(text, self.size, bold=self.bold, align=self.align).render(width)


@dataclass(frozen=True)
class FieldLine:
    """"Label: **value**" on one line when it fits, else the label over the value, each
    folded whole (never "khoảng" at the end of one line and "15 phút" on the next)."""

    label: str
    value: str
    size: int
    align: Align = "center"

    @property
    def plain(self) -> str:
        return f"{self.label}: {self.value}"

    def render(self, width: int) -> Image.Image:
        regular, bold = font(self.size), font(self.size, True)
        label = f"{self.label}: "
        if regular.getlength(label) + bold.getlength(self.value) <= width:
            return Text(((label, False), (self.value.replace(" ", "\u00a0"), True)),
                        self.size, align=self.align).render(width)
        top = FoldedText(f"{self.label}:", self.size, align=self.align).render(width)
        bottom = FoldedText(self.value, self.size, bold=True, align=self.align).render(width)
        image = Image.new("L", (width, top.height + bottom.height), 255)
        image.paste(top, (0, 0))
        image.paste(bottom, (0, top.height))
        return image
