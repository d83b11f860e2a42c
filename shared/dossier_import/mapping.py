"""The mapping of a province's export: which column holds what, and how its words map to ours.

A mapping file (TOML)::

    date_formats = ["%d/%m/%Y %H:%M", "%d/%m/%Y"]
    [columns]            # ours = "the file's header"
    code = "Mã hồ sơ"
    procedure_name = "Tên thủ tục"
    received_at = "Ngày tiếp nhận"
    ...
    [values.channel]     # the file's word = ours (in_person, online, post)
    "Trực tuyến" = "online"
    [values.status]      # the file's word = ours
    "Đã trả kết quả" = "returned"

Presets are mapping files shipped in ``assets/dossier_presets/`` (each cites where its headers
were seen); ``--mapping`` adds to and overrides a ``--preset``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from shared.errors import InvalidOperation
from shared.models import Channel, DossierStatus
from shared.paths import ASSETS_DIR
from shared.textfold import fold

PRESETS_DIR = ASSETS_DIR / "dossier_presets"

#: our columns; the first five are needed (procedure: its name or its code)
COLUMNS = ("code", "procedure_code", "procedure_name", "field", "channel", "applicant",
           "received_at", "due_at", "resolved_at", "returned_at", "status")
REQUIRED = ("code", "received_at", "status")
DATE_COLUMNS = ("received_at", "due_at", "resolved_at", "returned_at")
DEFAULT_DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S",
                        "%Y-%m-%d %H:%M", "%Y-%m-%d")
#: our words each value table maps to
OURS: dict[str, tuple[str, ...]] = {
    "channel": tuple(channel.value for channel in Channel),
    "status": tuple(status.value for status in DossierStatus),
}


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)
    #: column → {folded file word: ours}
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    date_formats: tuple[str, ...] = DEFAULT_DATE_FORMATS
    #: where it came from, for messages
    name: str = ""
    #: columns a file may lack (then they are not imported): a preset's columns other than
    #: the required ones; a column named in one's own mapping file must be there
    optional: frozenset[str] = frozenset()
    #: columns a mapping file drops from the preset under it (``applicant = ""``)
    dropped: frozenset[str] = frozenset()

    def word(self, column: str, text: str) -> str | None:
        """Our word for the file's ``text`` in ``column`` (ours as they are also accepted)."""
        folded = fold(text)
        table = self.values.get(column, {})
        if folded in table:
            return table[folded]
        ours = {fold(word): word for word in OURS.get(column, ())}
        return ours.get(folded)

    def merged(self, other: Mapping) -> Mapping:
        """This mapping with ``other``'s columns, words and date formats on top."""
        values = {column: dict(words) for column, words in self.values.items()}
        for column, words in other.values.items():
            values.setdefault(column, {}).update(words)
        formats = other.date_formats if other.date_formats != DEFAULT_DATE_FORMATS \
            else self.date_formats
        columns = {key: value for key, value in self.columns.items()
                   if key not in other.dropped}
        columns.update(other.columns)
        return Mapping(columns, values, formats,
                       " + ".join(part for part in (self.name, other.name) if part),
                       optional=(self.optional - set(other.columns)) | other.optional,
                       dropped=self.dropped | other.dropped)

    def as_optional(self) -> Mapping:
        """This mapping (a preset) with every column but the required ones optional."""
        return replace(self, optional=frozenset(set(self.columns) - set(REQUIRED)))


def _bad(where: str, vi: str, en: str) -> InvalidOperation:
    return InvalidOperation(f"Tệp ánh xạ {where}: {vi}", f"Mapping file {where}: {en}")


def parse_mapping(data: dict[str, Any], where: str) -> Mapping:
    """A mapping from a TOML document's data, every key checked."""
    unknown = set(data) - {"date_formats", "columns", "values", "source", "note"}
    if unknown:
        raise _bad(where, f"khóa không biết: {', '.join(sorted(unknown))}.",
                   f"unknown keys: {', '.join(sorted(unknown))}.")
    columns = data.get("columns", {})
    if not isinstance(columns, dict) or not all(
            isinstance(value, str) for value in columns.values()):
        raise _bad(where, "[columns] phải là các dòng cột_của_LấySố = \"tiêu đề trong tệp\".",
                   '[columns] must be lines our_column = "the file\'s header".')
    # `applicant = ""`: that column is not imported (dropped from the preset under it)
    dropped = frozenset(key for key, value in columns.items()
                        if isinstance(value, str) and not value.strip())
    if dropped & set(REQUIRED):
        names = ", ".join(sorted(dropped & set(REQUIRED)))
        raise _bad(where, f"không bỏ được cột bắt buộc: {names}.",
                   f"a required column cannot be dropped: {names}.")
    wrong = sorted(set(columns) - set(COLUMNS))
    if wrong:
        raise _bad(where, f"[columns] có cột không biết: {', '.join(wrong)} (các cột: "
                   f"{', '.join(COLUMNS)}).",
                   f"[columns] has unknown columns: {', '.join(wrong)} (columns: "
                   f"{', '.join(COLUMNS)}).")
    values: dict[str, dict[str, str]] = {}
    raw_values = data.get("values", {})
    if not isinstance(raw_values, dict):
        raise _bad(where, "[values] phải là các bảng [values.channel], [values.status].",
                   "[values] must hold tables [values.channel], [values.status].")
    for column, words in raw_values.items():
        if column not in OURS or not isinstance(words, dict):
            raise _bad(where, f"[values.{column}] không dùng được (chỉ channel, status).",
                       f"[values.{column}] cannot be used (only channel, status).")
        for theirs, ours in words.items():
            if ours not in OURS[column]:
                raise _bad(where, f"[values.{column}] “{theirs}” = “{ours}”: cần một trong "
                           f"{', '.join(OURS[column])}.",
                           f"[values.{column}] “{theirs}” = “{ours}”: expected one of "
                           f"{', '.join(OURS[column])}.")
            values.setdefault(column, {})[fold(str(theirs))] = str(ours)
    formats = data.get("date_formats", list(DEFAULT_DATE_FORMATS))
    if not isinstance(formats, list) or not formats or not all(
            isinstance(item, str) and "%" in item for item in formats):
        raise _bad(where, 'date_formats phải là danh sách như ["%d/%m/%Y %H:%M", "%d/%m/%Y"].',
                   'date_formats must be a list like ["%d/%m/%Y %H:%M", "%d/%m/%Y"].')
    return Mapping({key: value.strip() for key, value in columns.items() if value.strip()},
                   values, tuple(formats), where, dropped=dropped)


def load_mapping(path: str | Path) -> Mapping:
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise _bad(str(path), f"không đọc được ({error.strerror}).",
                   f"cannot be read ({error.strerror}).") from error
    except tomllib.TOMLDecodeError as error:
        raise _bad(str(path), f"lỗi cú pháp TOML: {error}.", f"TOML syntax error: {error}.") \
            from error
    return parse_mapping(data, str(path))


def preset_names() -> list[str]:
    return sorted(path.stem for path in PRESETS_DIR.glob("*.toml"))


def load_preset(name: str) -> Mapping:
    path = PRESETS_DIR / f"{name.strip()}.toml"
    if not name.strip() or not path.is_file():
        names = ", ".join(preset_names()) or "—"
        raise InvalidOperation(f"Không có mẫu ánh xạ “{name}” (có: {names}).",
                               f"No preset “{name}” (there are: {names}).")
    return load_mapping(path).as_optional()


def mapping_for(mapping: str | Path | None = None, preset: str | None = None) -> Mapping:
    """The preset, the mapping file on top of it; at least one of the two."""
    if not mapping and not preset:
        raise InvalidOperation(
            "Cần tệp ánh xạ (--mapping) hoặc mẫu có sẵn (--preset "
            f"{' | '.join(preset_names()) or '…'}).",
            "A mapping file (--mapping) or a preset (--preset) is needed.")
    result = load_preset(preset) if preset else Mapping()
    if mapping:
        result = result.merged(load_mapping(mapping))
    missing = [column for column in REQUIRED if column not in result.columns]
    if "procedure_name" not in result.columns and "procedure_code" not in result.columns:
        missing.append("procedure_name")
    if missing:
        raise _bad(result.name or "—", f"thiếu cột bắt buộc trong [columns]: "
                   f"{', '.join(missing)}.", f"required columns missing from [columns]: "
                   f"{', '.join(missing)}.")
    return result
