"""``/admin/counters``: a site's counters (desks), those out of use too: list, add, rename,
take out of use, and the services each serves in the order it calls them. Through
``CenterService`` as ``layso counter add|set|services``; each change is a ``config.changed``
event naming the console account (the counter's window and the wall reload on it). A
counter's services changed on /admin/live for the rest of the day are shown beside its usual
ones here (they end by themselves)."""

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
from shared.center import counter_field_errors
from shared.counter_day import CounterDayServices
from shared.errors import LaysoError
from shared.tables import COUNTERS
from shared.views import CounterState, ServiceView, SiteView

router = APIRouter(prefix="/admin/counters", include_in_schema=False)

#: Which field a core message is about (server.admin.setup_forms.field_of).
PHRASES = (
    ("number", ("số quầy", "đã có quầy số")),
    ("name", ("tên không được",)),
    ("services", ("ít nhất một dịch vụ", "không có dịch vụ")),
    ("active", ("đang có cán bộ đăng nhập",)),
)
#: The name's label on the form, for a name longer than its column.
LABELS = {"name": ("Tên quầy", "Name")}
#: A counter's number: called on the wall and by voice (the column would take 2**31 - 1).
NUMBER = Range(1, 9999, "Số quầy phải từ {low} đến {high}.",
               "Counter numbers go from {low} to {high}.")


@router.get("")
def counters(request: Request, session: Session, saved: str | None = None) -> Response:
    if (empty := no_site_page(request, session)) is not None:
        return empty
    sites, site = setup_site(request)
    notice = saved_notice(request, saved, "Đã lưu quầy {}.", "Counter {} saved.")
    center = center_service(request)
    names = {service.code: service.name
             for service in center.services(site.code, include_inactive=True)}
    return render(request, "counters.html", session, sites=sites, site=site,
                  counters=center.counters(site.code, include_inactive=True),
                  today=CounterDayServices(server_state(request).db).today(site.code),
                  service_names=names, notice=notice)


@router.get("/add")
def add_form(request: Request, session: Session) -> Response:
    _, site = setup_site(request)
    counters = center_service(request).counters(site.code, include_inactive=True)
    taken = [state.number for state in counters]
    values = {"number": str(max(taken, default=0) + 1), "services": []}
    return _form(request, session, site, None, values, {})


@router.post("/add")
def add(request: Request, session: AdminFormSession, form: PostedForm) -> Response:
    _, site = setup_site(request)
    center = center_service(request, session)
    values, errors = _read(request, form, _services(request, site))
    number = whole_number(request, form, "number", errors, within=NUMBER)
    too_long(request, COUNTERS, values, LABELS, errors)
    if number is None and "number" not in errors:
        errors["number"] = translate(request, "Hãy nhập số quầy, ví dụ 4.",
                                     "Enter the counter's number, e.g. 4.")
    # Each field's check on its own: every error at once, next to its field.
    taken = [state.number for state in center.counters(site.code, include_inactive=True)]
    add_errors(request, counter_field_errors(
        site=site.code, number=number, name=None, services=values["services"],
        taken=taken), errors)
    if not errors and number is not None:
        try:
            center.add_counter(site.code, number, values["name"], values["services"])
        except LaysoError as error:
            refused(request, error, PHRASES, errors)
        else:
            return back_to(request, "/admin/counters", site=site.code, saved=number)
    return _form(request, session, site, None, values, errors)


@router.get("/{number}/edit")
def edit_form(request: Request, number: int, session: Session) -> Response:
    _, site = setup_site(request)
    counter = center_service(request).counter(site.code, number)
    values = {"name": counter.name, "active": counter.active,
              "services": list(counter.services)}
    return _form(request, session, site, counter, values, {})


@router.post("/{number}/edit")
def edit(request: Request, number: int, session: AdminFormSession, form: PostedForm) -> Response:
    _, site = setup_site(request)
    center = center_service(request, session)
    counter = center.counter(site.code, number)
    values, errors = _read(request, form, _services(request, site))
    values["active"] = checked(form, "active")
    too_long(request, COUNTERS, values, LABELS, errors)
    add_errors(request, counter_field_errors(
        site=site.code, number=None, name=values["name"], services=values["services"]),
        errors)
    if errors:
        return _form(request, session, site, counter, values, errors)
    try:
        center.set_counter(site.code, number, name=values["name"], active=values["active"])
        if tuple(values["services"]) != counter.services:
            center.set_counter_services(site.code, number, values["services"])
    except LaysoError as error:
        refused(request, error, PHRASES, errors)
        return _form(request, session, site, counter, values, errors)
    return back_to(request, "/admin/counters", site=site.code, saved=number)


def _services(request: Request, site: SiteView) -> list[ServiceView]:
    return center_service(request).services(site.code, include_inactive=True)


def _read(request: Request, form: FormData, services: list[ServiceView]
          ) -> tuple[dict[str, Any], dict[str, str]]:
    """The name, and the services given a place in the order (``order_<code>``: 1 is called
    first), by that place."""
    errors: dict[str, str] = {}
    places: list[tuple[int, int, str]] = []
    for index, service in enumerate(services):
        place = whole_number(request, form, f"order_{service.code}", errors)
        if place is not None:
            places.append((place, index, service.code))
    if any(name.startswith("order_") for name in errors):
        errors = {"services": next(iter(errors.values()))}
    values = {"number": text(form, "number"), "name": text(form, "name"),
              "services": [code for _, _, code in sorted(places)]}
    return values, errors


def _form(request: Request, session: AdminSession, site: SiteView,
          counter: CounterState | None, values: dict[str, Any],
          errors: dict[str, str]) -> Response:
    services = _services(request, site)
    chosen: list[str] = values.get("services", [])
    # The counter's services first, in their order; then the others the site has.
    rows = sorted(services, key=lambda service: (
        chosen.index(service.code) if service.code in chosen else len(chosen),
        not service.active))
    return form_page(request, "counters_form.html", session, errors, site=site,
                     counter=counter, values=values, service_rows=rows,
                     places=range(1, len(services) + 1))
