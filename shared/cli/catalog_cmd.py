"""``layso catalog``: import a procedure catalog file, search it, show a procedure, list fields.

    layso catalog import FILE [--json] a CSV or XLSX file: all rows valid or nothing imported
                                       (problems listed with their line or worksheet row)
    layso catalog search QUERY [--json] [--limit N]
    layso catalog show CODE [--json]
    layso catalog fields [--json]

Global options of shared/cli/main.py are honoured: ``--db URL`` (else the configured
database), ``--config``, ``--language vi|en`` and ``--json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from shared.cli import context
from shared.errors import CatalogError, LaysoError

if TYPE_CHECKING:
    from shared.catalog import CatalogService, ProcedureView

COMMANDS = {"catalog": "danh mục thủ tục (procedure catalog)"}

_UNITS = {"vi": {"working_days": "ngày làm việc", "days": "ngày", "hours": "giờ"},
          "en": {"working_days": "working days", "days": "days", "hours": "hours"}}
_LABELS = {
    "vi": ("Mã", "Tên", "Lĩnh vực", "Cấp thực hiện", "Thời hạn", "Lệ phí", "Mức độ trực tuyến",
           "Hồ sơ", "Các bước", "Cổng dịch vụ công", "Nguồn", "Ghi chú", "Chưa xác định",
           "trong ngày"),
    "en": ("Code", "Name", "Field", "Level", "Time limit", "Fee", "Online level", "Documents",
           "Steps", "National portal", "Source", "Note", "To be confirmed", "same day"),
}


def register(subparsers: Any) -> None:
    """Add the ``catalog`` command and its sub-commands to the main parser's subparsers."""
    parser = subparsers.add_parser("catalog", help=COMMANDS["catalog"])
    commands = parser.add_subparsers(dest="catalog_command", required=True)
    importing = commands.add_parser("import", help="nhập tệp danh mục CSV hoặc XLSX "
                                       "(import a CSV or XLSX file)")
    importing.add_argument("file")
    importing.add_argument("--json", action="store_true")
    importing.set_defaults(func=run_import)
    search = commands.add_parser("search", help="tìm thủ tục (search procedures)")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true")
    search.set_defaults(func=run_search)
    show = commands.add_parser("show", help="xem một thủ tục (show one procedure)")
    show.add_argument("code")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)
    fields = commands.add_parser("fields", help="các lĩnh vực (list the fields)")
    fields.add_argument("--json", action="store_true")
    fields.set_defaults(func=run_fields)


def _language(args: argparse.Namespace) -> str:
    """The global ``--language``, else the configured language, else Vietnamese."""
    from shared.config import load_settings

    chosen: str | None = getattr(args, "language", None)
    if chosen:
        return chosen
    try:
        return load_settings(getattr(args, "config", None)).language
    except LaysoError:
        return "vi"


def _wants_json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False) or getattr(args, "json_global", False))


def _catalog(args: argparse.Namespace) -> CatalogService:
    """The catalog of the global ``--db`` URL, else of the configured database."""
    from shared.catalog import CatalogService

    return CatalogService(context.database(args))


def _failed(args: argparse.Namespace, error: LaysoError) -> int:
    print(f"layso: {error.localized(_language(args))}", file=sys.stderr)
    if isinstance(error, CatalogError):
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
    return 2


def run_import(args: argparse.Namespace) -> int:
    from shared.views import to_json

    try:
        report = _catalog(args).import_csv(args.file)
    except LaysoError as error:
        return _failed(args, error)
    if _wants_json(args):
        print(json.dumps(to_json(report), ensure_ascii=False, indent=2))
    elif _language(args) == "en":
        print(f"Imported {report.total} procedures: {report.added} added, "
              f"{report.updated} updated, {report.unchanged} unchanged.")
    else:
        print(f"Đã nhập {report.total} thủ tục: {report.added} mới, {report.updated} cập nhật, "
              f"{report.unchanged} không đổi.")
    return 0


def run_search(args: argparse.Namespace) -> int:
    try:
        results = _catalog(args).search(args.query, args.limit)
    except LaysoError as error:
        return _failed(args, error)
    if _wants_json(args):
        print(json.dumps([{"code": view.code, "name": view.name, "field": view.field}
                          for view in results], ensure_ascii=False, indent=2))
    else:
        for view in results:
            print(f"{view.code:<12} {view.name}  [{view.field}]")
    return 0


def format_time_limit(view: ProcedureView, language: str = "vi") -> str:
    """"3 ngày làm việc", "0 ngày làm việc (trong ngày)" or "Chưa xác định"."""
    labels = _LABELS[language]
    if view.time_limit is None or view.time_unit is None:
        return labels[12]
    text = f"{view.time_limit} {_UNITS[language].get(view.time_unit, view.time_unit)}"
    return f"{text} ({labels[13]})" if view.time_limit == 0 else text


def run_show(args: argparse.Namespace) -> int:
    from shared.views import to_json

    try:
        view = _catalog(args).get(args.code)
    except LaysoError as error:
        return _failed(args, error)
    if _wants_json(args):
        print(json.dumps(to_json(view), ensure_ascii=False, indent=2))
        return 0
    language = _language(args)
    labels = _LABELS[language]
    unknown = labels[12]
    values = (view.code, view.name, view.field, view.level or "", format_time_limit(view,
              language), view.fee or unknown, view.online_level or "", view.documents,
              view.steps, view.portal_url, view.source or "", view.note or "")
    for label, value in zip(labels[:12], values, strict=True):
        if isinstance(value, tuple):
            print(f"{label}:")
            for number, item in enumerate(value, start=1):
                print(f"  {number}. {item}")
        elif value:
            print(f"{label}: {value}")
    if view.legal_basis:
        print("Legal basis:" if language == "en" else "Căn cứ pháp lý:")
        for number, item in enumerate(view.legal_basis, start=1):
            print(f"  {number}. {item}")
    return 0


def run_fields(args: argparse.Namespace) -> int:
    try:
        fields = _catalog(args).fields()
    except LaysoError as error:
        return _failed(args, error)
    if _wants_json(args):
        print(json.dumps([{"field": item.field, "count": item.count} for item in fields],
                         ensure_ascii=False, indent=2))
    else:
        for item in fields:
            print(f"{item.count:>4}  {item.field}")
    return 0
