"""``/admin/services``: a site's services (queues), the inactive ones too: list, add, edit the
names, number prefix and format, start number, daily cap, whether it issues numbers, and the
catalog fields ("lĩnh vực") it handles. Through ``CenterService`` as ``layso service``, so a
format or prefix that could print a number twice is refused with the CLI's message; each
change is a ``config.changed`` event naming the console account (the kiosk reloads on it)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from server.admin.sessions import AdminFormSession, AdminSession, Session
from server.admin.setup_forms import (
    PostedForm,
    Range,
    add_errors,
    back_to,
    center_service,
    checked,
    form_page,
    no_site_page,
    refused,
    render,
    saved_notice,
    text,
    too_long,
    translate,
    whole_number,
)
from server.admin.site_choice import setup_site
from server.state import server_state
from shared.catalog import CatalogService
from shared.center import service_field_errors
from shared.errors import LaysoError, NotFound
from shared.tables import SERVICES
from shared.ticket_numbers import format_number
from shared.views import ServiceView, SiteView

router = APIRouter(prefix="/admin/services", include_in_schema=False)

DEFAULT_FORMAT = "{prefix}{n:03d}"
#: Which field a core message is about (server.admin.setup_forms.field_of).
PHRASES = (
    ("code", ("mã dịch vụ", "đã có dịch vụ mã")),
    ("name", ("tên không được",)),
    ("start_number", ("số bắt đầu",)),
    ("prefix", ("tiền tố", "có thể trùng với dịch vụ", "đã được cấp hôm nay")),
    ("number_format", ("định dạng số",)),
    ("daily_cap", ("giới hạn số",)),
    ("name_en", ()),
)
#: The text fields' labels on the form, for a text longer than its column.
LABELS = {"name": ("Tên dịch vụ", "Name"), "name_en": ("Tên tiếng Anh", "English name"),
          "number_format": ("Định dạng số", "Number format")}
#: The numbers' sane ranges, checked before the core's checks (a number of 20 digits was
#: refused as a number format; a cap beyond the column as «daily_cap» at the top).
START = Range(0, 999_999, "Số bắt đầu phải từ {low} đến {high}.",
              "The first sequence must be from {low} to {high}.")
CAP = Range(1, 999_999, "Giới hạn số mỗi ngày phải từ {low} đến {high}.",
            "The daily cap must be from {low} to {high}.")


def example(service: ServiceView) -> str:
    """The day's first number, as the kiosk prints it."""
    return format_number(service.number_format, service.prefix, service.start_number)


@router.get("")
def services(request: Request, session: Session, saved: str | None = None) -> Response:
    if (empty := no_site_page(request, session)) is not None:
        return empty
    sites, site = setup_site(request)
    notice = saved_notice(request, saved, "Đã lưu dịch vụ {}.", "Service {} saved.")
    rows = center_service(request).services(site.code, include_inactive=True)
    return render(request, "services.html", session, sites=sites, site=site, services=rows,
                  example=example, notice=notice)


@router.get("/add")
def add_form(request: Request, session: Session) -> Response:
    _, site = setup_site(request)
    values = {"number_format": DEFAULT_FORMAT, "start_number": "1", "fields": []}
    return _form(request, session, site, None, values, {})


@router.post("/add")
def add(request: Request, session: AdminFormSession, form: PostedForm) -> Response:
    _, site = setup_site(request)
    values, numbers, errors = _read(request, form)
    _check_fields(request, values, numbers, errors, code=values["code"], site=site)
    if not errors:
        try:
            view = center_service(request, session).add_service(
                site.code, values["code"], values["name"], name_en=values["name_en"],
                prefix=values["prefix"], number_format=values["number_format"],
                start_number=numbers["start_number"] or 0, daily_cap=numbers["daily_cap"],
                fields=values["fields"])
        except LaysoError as error:
            refused(request, error, PHRASES, errors)
        else:
            return back_to(request, "/admin/services", site=site.code, saved=view.code)
    return _form(request, session, site, None, values, errors)


@router.get("/{code}/edit")
def edit_form(request: Request, code: str, session: Session) -> Response:
    _, site = setup_site(request)
    service = _find(request, site, code)
    values: dict[str, Any] = {
        "name": service.name, "name_en": service.name_en, "prefix": service.prefix,
        "number_format": service.number_format, "start_number": str(service.start_number),
        "daily_cap": "" if service.daily_cap is None else str(service.daily_cap),
        "active": service.active, "fields": list(service.fields)}
    return _form(request, session, site, service, values, {})


@router.post("/{code}/edit")
def edit(request: Request, code: str, session: AdminFormSession, form: PostedForm) -> Response:
    _, site = setup_site(request)
    service = _find(request, site, code)
    values, numbers, errors = _read(request, form)
    _check_fields(request, values, numbers, errors, code=None, site=site)
    if not errors:
        center = center_service(request, session)
        try:
            center.set_service(
                site.code, code, name=values["name"], name_en=values["name_en"],
                prefix=values["prefix"], number_format=values["number_format"],
                start_number=numbers["start_number"], daily_cap=numbers["daily_cap"],
                active=values["active"])
            if tuple(values["fields"]) != service.fields:
                center.set_service_fields(site.code, code, values["fields"])
        except LaysoError as error:
            refused(request, error, PHRASES, errors)
        else:
            return back_to(request, "/admin/services", site=site.code, saved=code)
    return _form(request, session, site, service, values, errors)


def _all(request: Request, site: SiteView) -> list[ServiceView]:
    return center_service(request).services(site.code, include_inactive=True)


def _find(request: Request, site: SiteView, code: str) -> ServiceView:
    for service in _all(request, site):
        if service.code == code:
            return service
    raise NotFound(f"Không có dịch vụ mã {code!r} tại {site.code}.",
                   f"No service with code {code!r} at {site.code}.")


def _read(request: Request, form: FormData
          ) -> tuple[dict[str, Any], dict[str, int | None], dict[str, str]]:
    """What was typed (to show again), the numbers in it, and errors of numbers not typed as
    numbers (every other check is the core's)."""
    values: dict[str, Any] = {name: text(form, name) for name in (
        "code", "name", "name_en", "prefix", "number_format", "start_number", "daily_cap",
        "other_fields")}
    values["active"] = checked(form, "active")
    picked = [value.strip() for value in form.getlist("field") if isinstance(value, str)]
    typed = [part.strip() for part in values["other_fields"].replace("\n", ",").split(",")]
    values["fields"] = list(dict.fromkeys(name for name in picked + typed if name))
    values["other_fields"] = ""  # shown again as ticked boxes
    errors: dict[str, str] = {}
    numbers = {"start_number": whole_number(request, form, "start_number", errors, blank=1,
                                            within=START),
               "daily_cap": whole_number(request, form, "daily_cap", errors, within=CAP)}
    return values, numbers, errors


def _check_fields(request: Request, values: dict[str, Any], numbers: dict[str, int | None],
                  errors: dict[str, str], *, code: str | None, site: SiteView) -> None:
    """Each field's core check on its own: every error shows at once, next to its field (a
    new code also against the site's services)."""
    if code == "":
        errors["code"] = translate(request, "Hãy nhập mã dịch vụ.", "Enter the service's code.")
    too_long(request, SERVICES, values, LABELS, errors)
    taken = [] if code is None else [service.code for service in _all(request, site)]
    add_errors(request, service_field_errors(
        code=code, name=values["name"], prefix=values["prefix"],
        number_format=values["number_format"], start_number=numbers["start_number"],
        daily_cap=numbers["daily_cap"], site=site.code, taken=taken), errors)


def _form(request: Request, session: AdminSession, site: SiteView,
          service: ServiceView | None, values: dict[str, Any],
          errors: dict[str, str]) -> Response:
    fields = CatalogService(server_state(request).db).fields()
    catalog = [(item.field, item.count) for item in fields if item.field.strip()]
    known = {name for name, _ in catalog}
    extra = [(name, 0) for name in values.get("fields", []) if name not in known]
    return form_page(request, "services_form.html", session, errors, site=site,
                     service=service, values=values, field_choices=catalog + extra)
