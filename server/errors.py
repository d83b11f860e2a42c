"""Errors as the API and pages give them: JSON ``{"error", "message", "message_en"}`` with the
right status, or a small page for a browser; a database outage is a 503 the client may retry.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.errors import (
    AuthError,
    ConfigError,
    DatabaseUnavailable,
    InvalidOperation,
    LaysoError,
    NotFound,
    SchemaMismatch,
)

log = logging.getLogger(__name__)

#: Core error class -> (HTTP status, error code).
STATUS: list[tuple[type[LaysoError], int, str]] = [
    (NotFound, 404, "not_found"),
    (InvalidOperation, 409, "invalid_operation"),
    (AuthError, 401, "unauthorized"),
    (DatabaseUnavailable, 503, "database_unavailable"),
    (SchemaMismatch, 503, "schema_mismatch"),
    (ConfigError, 500, "config_error"),
]


class ApiError(LaysoError):
    """An error the web layer raises itself (no token, wrong scope, too many requests)."""

    def __init__(self, status: int, code: str, message: str, message_en: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message, message_en)
        self.status = status
        self.code = code
        self.headers = headers or {}


def error_body(code: str, message: str, message_en: str) -> dict[str, str]:
    return {"error": code, "message": message, "message_en": message_en}


def classify(error: LaysoError) -> tuple[int, str, dict[str, str]]:
    if isinstance(error, ApiError):
        return error.status, error.code, error.headers
    for kind, status, code in STATUS:
        if isinstance(error, kind):
            headers = {"Retry-After": "5"} if status == 503 else {}
            return status, code, headers
    return 400, "error", {}


def wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", "")


def respond(request: Request, status: int, code: str, message: str, message_en: str,
            headers: dict[str, str] | None = None) -> Response:
    if wants_html(request):
        from server.pages import error_page

        return error_page(request, status, message, message_en, headers)
    return JSONResponse(error_body(code, message, message_en), status, headers=headers)


async def _layso_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, LaysoError)
    status, code, headers = classify(error)
    if status >= 500:
        log.warning("%s %s: %s %s", request.method, request.url.path, error.message,
                    error.detail)
    return respond(request, status, code, error.message, error.message_en, headers)


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    items = error.errors()[:5]
    vietnamese = "; ".join(_problem(item, "vi") for item in items)
    english = "; ".join(_problem(item, "en") for item in items)
    return respond(request, 422, "validation_error",
                   f"Yêu cầu không hợp lệ: {vietnamese}", f"Invalid request: {english}")


#: pydantic's error types in words: (Vietnamese, English); {x} from the error's context.
_KINDS: dict[str, tuple[str, str]] = {
    "missing": ("thiếu giá trị", "missing"),
    "extra_forbidden": ("trường không được phép", "not allowed"),
    "string_too_short": ("quá ngắn (tối thiểu {min_length} ký tự)",
                         "too short (at least {min_length} characters)"),
    "string_too_long": ("quá dài (tối đa {max_length} ký tự)",
                        "too long (at most {max_length} characters)"),
    "string_type": ("cần một chuỗi", "must be a string"),
    "int_parsing": ("cần một số nguyên", "must be a whole number"),
    "int_type": ("cần một số nguyên", "must be a whole number"),
    "greater_than_equal": ("phải lớn hơn hoặc bằng {ge}", "must be at least {ge}"),
    "enum": ("giá trị không hợp lệ (chọn {expected})", "invalid value (choose {expected})"),
    "literal_error": ("giá trị không hợp lệ (chọn {expected})",
                      "invalid value (choose {expected})"),
    "json_invalid": ("JSON không hợp lệ", "invalid JSON"),
    "model_attributes_type": ("cần một đối tượng JSON", "must be a JSON object"),
    "dict_type": ("cần một đối tượng JSON", "must be a JSON object"),
    "transfer_target": ("cần service hoặc counter (dịch vụ hoặc quầy chuyển đến)",
                        "service or counter is required"),
}


def _problem(item: dict[str, Any], language: str) -> str:
    where = ".".join(str(part) for part in item.get("loc", ())
                     if part != "body" and not isinstance(part, int))  # not a JSON offset
    if item.get("type") == "json_invalid":
        where = ""
    known = _KINDS.get(str(item.get("type", "")))
    if known is None:
        text = str(item.get("msg", ""))
    else:
        context = dict(item.get("ctx") or {})
        if language != "en" and isinstance(context.get("expected"), str):
            context["expected"] = context["expected"].replace(" or ", " hoặc ")
        try:
            text = known[language == "en"].format(**context)
        except (KeyError, IndexError):
            text = known[language == "en"].split(" (")[0]
    return f"{where}: {text}" if where else text


_HTTP_TEXT = {
    404: ("Không tìm thấy trang này.", "Page not found."),
    405: ("Phương thức không được hỗ trợ.", "Method not allowed."),
}


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    message, message_en = _HTTP_TEXT.get(error.status_code, (str(error.detail),) * 2)
    code = "not_found" if error.status_code == 404 else f"http_{error.status_code}"
    return respond(request, error.status_code, code, message, message_en,
                   dict(error.headers or {}))


async def _unexpected(request: Request, error: Exception) -> Response:
    log.exception("unexpected error in %s %s", request.method, request.url.path)
    return respond(request, 500, "internal_error",
                   "Lỗi không mong đợi; chi tiết trong tệp log của máy chủ.",
                   "Unexpected error; the details are in the server's log.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(LaysoError, _layso_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)

