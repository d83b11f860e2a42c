"""``/admin/catalog``: the procedure catalog, for administrators.

- ``GET /admin/catalog``: browse (by field, a page at a time) and search (the core's
  accent-insensitive search: "khai sinh" finds "Đăng ký khai sinh");
- ``POST /admin/catalog/import``: upload a CSV or XLSX file; every row valid or nothing is
  imported, and the problems are listed with their line numbers, as ``layso catalog import``;
- ``GET/POST /admin/catalog/<code>``: one procedure; edit its documents, steps, time limit
  (and unit), fee, legal basis and where they come from
  (``CatalogService.update_procedure``, logged with who made the change).
"""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from server.admin.render import page
from server.admin.sessions import AdminFormSession, AdminOnlySession, AdminSession
from server.pages import language
from server.state import server_state
from shared.catalog import CatalogService, ProcedureView
from shared.catalog_csv import MAX_TIME_LIMIT, TIME_UNITS
from shared.errors import CatalogError, LaysoError

router = APIRouter(prefix="/admin/catalog", include_in_schema=False)

#: Procedures per page when browsing.
PAGE_SIZE = 50
#: The largest catalog file accepted (the national list of a commune is well under 1 MB).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
#: The time limit's units as the form offers them: (value, Vietnamese, English).
UNITS = (("working_days", "ngày làm việc", "working days"), ("days", "ngày", "days"),
         ("hours", "giờ", "hours"))


def _catalog(request: Request, session: AdminSession | None = None) -> CatalogService:
    return CatalogService(server_state(request).db, actor=session.clerk.username if session else "")


@router.get("")
def browse(request: Request, session: AdminOnlySession, q: str = "", field: str = "",
           imported: str = "") -> Response:
    # After an import (post-redirect-get): what it did, shown once.
    notice = session.flash.pop("catalog_notice", None) if imported else None
    return _browse_page(request, session, q=q, field=field,
                        page_number=_int(request.query_params.get("page"), 1),
                        notice=notice)


def _browse_page(request: Request, session: AdminSession, *, q: str = "", field: str = "",
                 page_number: int = 1, status_code: int = 200, **context: object) -> Response:
    catalog = _catalog(request)
    fields = catalog.fields()
    if q.strip():
        found = catalog.search(q, limit=len(catalog.index) if field else PAGE_SIZE)
        if field:
            found = [view for view in found if view.field == field]
        pages, shown = 1, found[:PAGE_SIZE]
    else:
        everything = catalog.by_field(field) if field else sorted(
            catalog.index.all(), key=lambda view: view.code)
        pages = max(1, math.ceil(len(everything) / PAGE_SIZE))
        page_number = min(max(1, page_number), pages)
        shown = everything[(page_number - 1) * PAGE_SIZE: page_number * PAGE_SIZE]
    return page(request, "catalog.html", session, status_code=status_code, q=q, field=field,
                fields=fields, procedures=shown, pages=pages, page_number=page_number,
                total=len(catalog.index), units=UNITS, **context)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text or "")
    except ValueError:
        return default


@router.post("/import")
async def import_file(request: Request,
                      session: AdminFormSession,
                      file: UploadFile | None = None) -> Response:
    name = (file.filename or "") if file is not None else ""
    data = await file.read(MAX_UPLOAD_BYTES + 1) if file is not None else b""
    # The import and the page read the database: off the event loop (the boards' streams).
    return await run_in_threadpool(_import, request, session, name, data)


def _import(request: Request, session: AdminSession, name: str, data: bytes) -> Response:
    """Import an uploaded file, all rows or none; the catalog page with what happened."""
    en = language(request) == "en"
    problems: list[str] = []
    if not data:
        error = ("Choose a CSV or XLSX file to import." if en
                 else "Hãy chọn một tệp CSV hoặc XLSX để nhập.")
    elif len(data) > MAX_UPLOAD_BYTES:
        error = (f"The file is larger than {MAX_UPLOAD_BYTES // 1024 // 1024} MB." if en else
                 f"Tệp lớn hơn {MAX_UPLOAD_BYTES // 1024 // 1024} MB.")
    else:
        try:
            report = _catalog(request, session).import_bytes(data, source=name)
        except CatalogError as failed:
            error, problems = failed.localized(language(request)), failed.problems
        except LaysoError as failed:
            error = failed.localized(language(request))
        else:
            notice = (f"Imported {name}: {report.total} procedures, {report.added} added, "
                      f"{report.updated} updated, {report.unchanged} unchanged." if en else
                      f"Đã nhập {name}: {report.total} thủ tục, {report.added} mới, "
                      f"{report.updated} cập nhật, {report.unchanged} không đổi.")
            # Post-redirect-get: a reload of the page shown does not upload the file again.
            session.flash["catalog_notice"] = notice
            query = "?imported=1" + ("&lang=en" if request.query_params.get("lang") == "en"
                                     else "")
            return RedirectResponse(f"/admin/catalog{query}", 303)
    return _browse_page(request, session, status_code=422, import_error=error,
                        import_problems=problems, import_name=name)


@router.get("/{code}")
def procedure(request: Request, code: str, session: AdminOnlySession) -> Response:
    view = _catalog(request).get(code)
    saved = request.query_params.get("saved") == "1"
    notice = ("Saved." if language(request) == "en" else "Đã lưu.") if saved else ""
    return _procedure_page(request, session, view, _values(view), {}, notice=notice)


def _values(view: ProcedureView) -> dict[str, str]:
    return {"documents": "\n".join(view.documents), "steps": "\n".join(view.steps),
            "time_limit": "" if view.time_limit is None else str(view.time_limit),
            "time_unit": view.time_unit or "", "fee": view.fee or "",
            "source": view.source or "", "legal_basis": "\n".join(view.legal_basis)}


def _procedure_page(request: Request, session: AdminSession, view: ProcedureView,
                    values: dict[str, str], errors: dict[str, str], status_code: int = 200,
                    **context: object) -> Response:
    return page(request, "catalog_procedure.html", session, status_code=status_code,
                procedure=view, values=values, errors=errors, units=UNITS, **context)


@router.post("/{code}")
def save_procedure(request: Request, code: str,
                   session: AdminFormSession,
                   documents: Annotated[str, Form()] = "", steps: Annotated[str, Form()] = "",
                   time_limit: Annotated[str, Form()] = "",
                   time_unit: Annotated[str, Form()] = "", fee: Annotated[str, Form()] = "",
                   source: Annotated[str, Form()] = "",
                   legal_basis: Annotated[str | None, Form()] = None) -> Response:
    en = language(request) == "en"
    catalog = _catalog(request, session)
    view = catalog.get(code)
    values = {"documents": documents, "steps": steps, "time_limit": time_limit.strip(),
              "time_unit": time_unit, "fee": fee, "source": source,
              "legal_basis": legal_basis or ""}
    errors: dict[str, str] = {}
    limit: int | None = None
    if values["time_limit"]:
        try:
            limit = int(values["time_limit"])
        except ValueError:
            errors["time_limit"] = ("Enter a whole number of days or hours (0 = same day), "
                                    "or leave it empty if not known." if en else
                                    "Hãy nhập số nguyên (0 = trong ngày), hoặc để trống nếu "
                                    "chưa rõ.")
        else:
            if not 0 <= limit <= MAX_TIME_LIMIT:
                errors["time_limit"] = (f"From 0 (same day) to {MAX_TIME_LIMIT}." if en else
                                        f"Từ 0 (trong ngày) đến {MAX_TIME_LIMIT}.")
        # The unit too, whatever the number typed: every error at once.
        if time_unit not in TIME_UNITS:
            errors["time_unit"] = ("Choose the unit of the time limit." if en
                                   else "Hãy chọn đơn vị của thời hạn.")
    if not errors:
        try:
            catalog.update_procedure(
                view.code, documents=documents.splitlines(), steps=steps.splitlines(),
                time_limit=limit, time_unit=time_unit if limit is not None else None,
                fee=fee, source=source,
                legal_basis=None if legal_basis is None else legal_basis.splitlines())
        except LaysoError as failed:
            errors["time_limit"] = failed.localized(language(request))
        else:
            return RedirectResponse(f"/admin/catalog/{view.code}?saved=1", 303)
    return _procedure_page(request, session, view, values, errors, status_code=422)
