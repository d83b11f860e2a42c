"""CenterService: set up and list sites, services (queues) and counters, and change them.

Every change appends a ``config.changed`` event (what changed, before and after, by whom) in
its transaction: the display reloads on it, and the log keeps who did what, when.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shared.clock import business_day
from shared.db.database import Database
from shared.errors import InvalidOperation
from shared.events import EventKind, record
from shared.lookups import get_counter, get_service, get_site
from shared.models import Counter, CounterService, CounterStatus, Service, ServiceField, Site
from shared.queue_reads import counter_state
from shared.ticket_numbers import check_number_format, check_numbers_free
from shared.ticket_numbers import format_number as format_number  # re-exported for the queue
from shared.views import CounterState, ServiceView, SiteView

_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")

#: ``set_service(daily_cap=...)``: leave the cap as it is.
UNCHANGED: Any = object()


#: The kinds of code in English ("Invalid site code", not "Invalid cơ sở code").
_KINDS_EN = {"cơ sở": "site", "dịch vụ": "service"}


def _check_code(kind: str, code: str) -> None:
    if not _CODE.match(code):
        raise InvalidOperation(
            f"Mã {kind} không hợp lệ: {code!r} (chữ, số, '-', '_', '.'; tối đa 32 ký tự)",
            f"Invalid {_KINDS_EN.get(kind, kind)} code: {code!r} "
            "(letters, digits, '-', '_', '.'; 32 at most)",
        )


_AGENCY_PREFIXES = ("ủy ban nhân dân ", "uỷ ban nhân dân ", "ubnd ")


def place_name(site: Site) -> str:
    """The place of a form's date line: the site's own, else the agency's unit ("UBND phường
    Bến Thành" → "Phường Bến Thành"), else ""."""
    if site.place.strip():
        return site.place.strip()
    return _agency_place(site.agency_name)


def _agency_place(agency_name: str) -> str:
    agency = agency_name.strip()
    for prefix in _AGENCY_PREFIXES:
        if agency.casefold().startswith(prefix):
            unit = agency[len(prefix):].strip()
            return unit[:1].upper() + unit[1:]
    return ""


def site_view(site: Site) -> SiteView:
    return SiteView(site.id, site.code, site.name, site.agency_name, site.agency_code,
                    site.address, place_name(site))


def service_view(session: Session, service: Service, site_code: str) -> ServiceView:
    fields = tuple(
        session.scalars(
            select(ServiceField.field).where(ServiceField.service_id == service.id)
        )
    )
    return ServiceView(service.id, site_code, service.code, service.name, service.name_en,
                       service.prefix, service.number_format, service.daily_cap, service.icon,
                       fields, service.active, service.start_number)


def counter_services(session: Session, counter_id: int) -> list[Service]:
    return list(
        session.scalars(
            select(Service)
            .join(CounterService, CounterService.service_id == Service.id)
            .where(CounterService.counter_id == counter_id)
            .order_by(CounterService.position, Service.code)
        )
    )


class CenterService:
    """Sites, services and counters: the set-up an admin does, and its changes.

    ``actor`` names who makes the changes (the CLI passes the OS user): it goes into each
    change's event.
    """

    def __init__(self, db: Database, *, actor: str = "") -> None:
        self.db = db
        self.actor = actor

    def _changed(self, session: Session, site_id: int, change: str, **data: Any) -> None:
        record(session, EventKind.CONFIG_CHANGED, self.db.now(session), site_id=site_id,
               change=change, by=self.actor, **data)

    # -- sites ----------------------------------------------------------------------------
    def add_site(self, code: str, name: str, *, agency_name: str = "", agency_code: str = "",
                 address: str = "", place: str = "") -> SiteView:
        _check_code("cơ sở", code)
        _check_name(name)
        with self.db.transaction() as session:
            if session.scalar(select(Site).where(Site.code == code)) is not None:
                raise _site_exists(code)
            site = Site(code=code, name=name, agency_name=agency_name,
                        agency_code=agency_code or code, address=address, place=place)
            session.add(site)
            session.flush()
            self._changed(session, site.id, "site.added", site=code, name=name)
            return site_view(site)

    def set_place(self, code: str, place: str) -> SiteView:
        """The place name printed on the forms' date line ("" = from the agency name)."""
        with self.db.transaction() as session:
            site = get_site(session, code)
            before, site.place = site.place, place.strip()
            self._changed(session, site.id, "site.place", site=code, before=before,
                          after=site.place)
            return site_view(site)

    def set_site(self, code: str, *, name: str | None = None, agency_name: str | None = None,
                 agency_code: str | None = None, address: str | None = None,
                 place: str | None = None) -> SiteView:
        """Change a site's names, agency code, address or place (``None`` keeps a value; an
        empty agency code becomes the site's code, as in :meth:`add_site`; a place the agency
        name gives anyway is stored empty, so that it follows the agency name). The code
        itself never changes: the apps' settings name it."""
        if name is not None:
            _check_name(name)
        with self.db.transaction() as session:
            site = get_site(session, code)
            before = _site_data(site)
            if name is not None:
                site.name = name.strip()
            if agency_name is not None:
                site.agency_name = agency_name.strip()
            if agency_code is not None:
                site.agency_code = agency_code.strip() or code
            if address is not None:
                site.address = address.strip()
            if place is not None:  # the agency's own place is kept as "": it follows it
                site.place = "" if place.strip() == _agency_place(site.agency_name) \
                    else place.strip()
            after = _site_data(site)
            if after != before:
                self._changed(session, site.id, "site.changed", site=code, before=before,
                              after=after)
            return site_view(site)

    def sites(self) -> list[SiteView]:
        with self.db.reading() as session:
            return [site_view(site) for site in session.scalars(select(Site).order_by(Site.id))]

    def site(self, code: str) -> SiteView:
        with self.db.reading() as session:
            return site_view(get_site(session, code))

    # -- services -------------------------------------------------------------------------
    def add_service(self, site: str, code: str, name: str, *, name_en: str = "",
                    prefix: str = "", number_format: str = "{prefix}{n:03d}",
                    start_number: int = 1, daily_cap: int | None = None, icon: str = "",
                    fields: Sequence[str] = ()) -> ServiceView:
        """A new queue. Its numbers must differ for every sequence of a day and from every
        other service's of the site (prefix and format: shared/ticket_numbers.py)."""
        _check_code("dịch vụ", code)
        _check_name(name)
        _check_cap(daily_cap)
        mine = check_number_format(number_format, prefix, start_number)
        with self.db.transaction() as session:
            site_row = _locked_site(session, site)
            if session.scalar(select(Service.id).where(Service.site_id == site_row.id,
                                                       Service.code == code)) is not None:
                raise _service_exists(code, site)
            check_numbers_free(session, site_row, None, code, prefix, mine,
                               business_day(self.db.now(session)))
            order = len(list(session.scalars(select(Service.id).where(
                Service.site_id == site_row.id))))
            service = Service(site_id=site_row.id, code=code, name=name, name_en=name_en,
                              prefix=prefix, number_format=number_format,
                              start_number=start_number, daily_cap=daily_cap, icon=icon,
                              sort_order=order)
            session.add(service)
            session.flush()
            for field_name in dict.fromkeys(fields):
                session.add(ServiceField(service_id=service.id, field=field_name))
            session.flush()
            view = service_view(session, service, site_row.code)
            self._changed(session, site_row.id, "service.added", service=code,
                          after=_service_data(view))
            return view

    def set_service(self, site: str, code: str, *, name: str | None = None,
                    name_en: str | None = None, prefix: str | None = None,
                    number_format: str | None = None, start_number: int | None = None,
                    daily_cap: int | None = UNCHANGED, icon: str | None = None,
                    active: bool | None = None) -> ServiceView:
        """Change a service; ``None`` (``UNCHANGED`` for the cap) leaves a value as it is.

        A new prefix or format is checked as in :meth:`add_service`, also against the numbers
        other services already issued today. Tickets already issued keep their numbers.
        """
        if name is not None:
            _check_name(name)
        if daily_cap is not UNCHANGED:
            _check_cap(daily_cap)
        with self.db.transaction() as session:
            site_row = _locked_site(session, site)
            service = get_service(session, site_row, code)
            before = service_view(session, service, site_row.code)
            new_prefix = service.prefix if prefix is None else prefix
            new_format = service.number_format if number_format is None else number_format
            new_start = service.start_number if start_number is None else start_number
            if (new_prefix, new_format, new_start) != (service.prefix, service.number_format,
                                                       service.start_number):
                mine = check_number_format(new_format, new_prefix, new_start)
                check_numbers_free(session, site_row, service, code, new_prefix, mine,
                                   business_day(self.db.now(session)))
            service.prefix, service.number_format = new_prefix, new_format
            service.start_number = new_start
            if name is not None:
                service.name = name.strip()
            if name_en is not None:
                service.name_en = name_en.strip()
            if icon is not None:
                service.icon = icon
            if daily_cap is not UNCHANGED:
                service.daily_cap = daily_cap
            if active is not None:
                service.active = active
            session.flush()
            after = service_view(session, service, site_row.code)
            if after != before:
                self._changed(session, site_row.id, "service.changed", service=code,
                              before=_service_data(before), after=_service_data(after))
            return after

    def set_service_fields(self, site: str, code: str, fields: Sequence[str]) -> ServiceView:
        """The catalog fields ("lĩnh vực") a service handles, replacing the old list."""
        with self.db.transaction() as session:
            site_row = get_site(session, site)
            service = get_service(session, site_row, code)
            before = service_view(session, service, site_row.code).fields
            session.execute(delete(ServiceField).where(ServiceField.service_id == service.id))
            for field_name in dict.fromkeys(name.strip() for name in fields if name.strip()):
                session.add(ServiceField(service_id=service.id, field=field_name))
            session.flush()
            view = service_view(session, service, site_row.code)
            self._changed(session, site_row.id, "service.fields", service=code,
                          before=list(before), after=list(view.fields))
            return view

    def services(self, site: str, *, include_inactive: bool = False) -> list[ServiceView]:
        """The site's services in their order (active ones only unless asked)."""
        with self.db.reading() as session:
            site_row = get_site(session, site)
            statement = select(Service).where(Service.site_id == site_row.id)
            if not include_inactive:
                statement = statement.where(Service.active.is_(True))
            rows = session.scalars(statement.order_by(Service.sort_order, Service.code))
            return [service_view(session, row, site_row.code) for row in rows]

    # -- counters -------------------------------------------------------------------------
    def add_counter(self, site: str, number: int, name: str,
                    services: Sequence[str]) -> CounterState:
        _check_counter_number(number)
        with self.db.transaction() as session:
            site_row = get_site(session, site)
            counter = Counter(site_id=site_row.id, number=number, name=name or f"Quầy {number}")
            session.add(counter)
            try:
                session.flush()
            except IntegrityError as error:
                raise _counter_exists(number, site) from error
            self._assign(session, site_row, counter, services)
            state = counter_state(session, counter)
            self._changed(session, site_row.id, "counter.added", counter=number,
                          name=state.name, services=list(state.services))
            return state

    def set_counter_services(self, site: str, number: int,
                             services: Sequence[str]) -> CounterState:
        """The services a counter serves, in order (the first is called first)."""
        with self.db.transaction() as session:
            site_row = get_site(session, site)
            counter = get_counter(session, site_row, number)
            before = [service.code for service in counter_services(session, counter.id)]
            session.execute(delete(CounterService).where(CounterService.counter_id == counter.id))
            self._assign(session, site_row, counter, services)
            state = counter_state(session, counter)
            self._changed(session, site_row.id, "counter.services", counter=number,
                          counter_id=counter.id, before=before, after=list(state.services))
            return state

    def set_counter(self, site: str, number: int, *, name: str | None = None,
                    active: bool | None = None) -> CounterState:
        """Rename a counter, or take it out of use (``active=False``: closed, off the wall and
        the lists; refused while a clerk is logged in there or it holds a ticket)."""
        if name is not None:
            _check_name(name)
        with self.db.transaction() as session:
            site_row = get_site(session, site)
            counter = get_counter(session, site_row, number)
            before = {"name": counter.name, "active": counter.active}
            if active is False and counter.active:
                if counter.current_ticket_id is not None or counter.clerk_id is not None:
                    raise InvalidOperation(
                        f"Quầy {number} đang có cán bộ đăng nhập hoặc đang phục vụ một số: "
                        "hãy kết thúc và đăng xuất trước khi ngừng dùng quầy.",
                        f"Counter {number} has a clerk logged in or a ticket being served: "
                        "finish and log out before taking it out of use.",
                    )
                counter.status = CounterStatus.CLOSED
            if name is not None:
                counter.name = name.strip()
            if active is not None:
                counter.active = active
            session.flush()
            after = {"name": counter.name, "active": counter.active}
            if after != before:
                self._changed(session, site_row.id, "counter.changed", counter=number,
                              counter_id=counter.id, before=before, after=after)
            return replace(counter_state(session, counter), active=counter.active)

    def counters(self, site: str, *, include_inactive: bool = False) -> list[CounterState]:
        """The site's counters by number (those in use only unless asked), each with its
        services in order and whether it is in use."""
        with self.db.reading() as session:
            site_row = get_site(session, site)
            statement = select(Counter).where(Counter.site_id == site_row.id)
            if not include_inactive:
                statement = statement.where(Counter.active.is_(True))
            return [replace(counter_state(session, row), active=row.active)
                    for row in session.scalars(statement.order_by(Counter.number))]

    def counter(self, site: str, number: int) -> CounterState:
        with self.db.reading() as session:
            counter = get_counter(session, get_site(session, site), number)
            return replace(counter_state(session, counter), active=counter.active)

    @staticmethod
    def _assign(session: Session, site: Site, counter: Counter,
                services: Sequence[str]) -> None:
        _check_counter_services(services)
        for position, code in enumerate(dict.fromkeys(services)):
            service = get_service(session, site, code)
            session.add(CounterService(counter_id=counter.id, service_id=service.id,
                                       position=position))
        session.flush()


def _locked_site(session: Session, code: str) -> Site:
    """The site, its row locked (PostgreSQL) so two changes of its services check in turn."""
    site = get_site(session, code)
    session.scalar(select(Site.id).where(Site.id == site.id).with_for_update())
    return site


def _check_name(name: str) -> None:
    if not name.strip():
        raise InvalidOperation("Tên không được để trống.", "The name must not be empty.")


def _check_counter_number(number: int) -> None:
    if number < 1:
        raise InvalidOperation("Số quầy phải lớn hơn 0.", "Counter numbers start at 1.")


def _check_counter_services(services: Sequence[str]) -> None:
    if not services:
        raise InvalidOperation("Quầy phải phục vụ ít nhất một dịch vụ.",
                               "A counter must serve at least one service.")


def _site_exists(code: str) -> InvalidOperation:
    return InvalidOperation(f"Đã có cơ sở mã {code!r}.", f"Site {code!r} exists.")


def _service_exists(code: str, site: str) -> InvalidOperation:
    return InvalidOperation(f"Đã có dịch vụ mã {code!r} tại {site}.",
                            f"Service {code!r} exists at {site}.")


def _counter_exists(number: int, site: str) -> InvalidOperation:
    return InvalidOperation(f"Đã có quầy số {number} tại {site}.",
                            f"Counter {number} exists at {site}.")


def _not_taken(value: object, taken: Collection[object], error: InvalidOperation) -> None:
    if value in taken:
        raise error


def _field_errors(checks: Sequence[tuple[str, Callable[[], object]]]
                  ) -> dict[str, InvalidOperation]:
    """Each check on its own: the first error of each field, by field name."""
    errors: dict[str, InvalidOperation] = {}
    for field, check in checks:
        if field in errors:
            continue
        try:
            check()
        except InvalidOperation as error:
            errors[field] = error
    return errors


def site_field_errors(*, code: str | None, name: str,
                      taken: Collection[str] = ()) -> dict[str, InvalidOperation]:
    """Every check of a site's own fields, each on its own, by field name (``code``, not
    checked when None: editing; ``name``): a form shows them all at once, where
    :meth:`CenterService.add_site` raises the first. ``taken``: the center's site codes."""
    checks: list[tuple[str, Callable[[], object]]] = [("name", lambda: _check_name(name))]
    if code is not None:
        checks[:0] = [("code", lambda: _check_code("cơ sở", code)),
                      ("code", lambda: _not_taken(code, taken, _site_exists(code)))]
    return _field_errors(checks)


def counter_field_errors(*, site: str, number: int | None, name: str | None,
                         services: Sequence[str], taken: Collection[int] = ()
                         ) -> dict[str, InvalidOperation]:
    """Every check of a counter's own fields, each on its own, by field name (``number``
    when adding, against ``taken``: the site's counter numbers; ``name`` when renaming: a
    new counter's empty name becomes "Quầy N"; ``services``): a form shows them all at
    once, where :meth:`CenterService.add_counter` and ``set_counter`` raise the first.
    ``None``: not checked."""
    checks: list[tuple[str, Callable[[], object]]] = [
        ("services", lambda: _check_counter_services(services))]
    if name is not None:
        checks.insert(0, ("name", lambda: _check_name(name)))
    if number is not None:
        checks[:0] = [("number", lambda: _check_counter_number(number)),
                      ("number", lambda: _not_taken(number, taken,
                                                    _counter_exists(number, site)))]
    return _field_errors(checks)


def _check_cap(daily_cap: int | None) -> None:
    if daily_cap is not None and daily_cap < 1:
        raise InvalidOperation("Giới hạn số mỗi ngày phải lớn hơn 0.",
                               "The daily cap must be greater than 0.")


def service_field_errors(*, code: str | None, name: str, prefix: str, number_format: str,
                         start_number: int | None, daily_cap: int | None, site: str = "",
                         taken: Collection[str] = ()) -> dict[str, InvalidOperation]:
    """Every check of a service's own fields, each on its own, by field name (``code``,
    ``name``, ``prefix``, ``number_format``, ``start_number``, ``daily_cap``): a form shows
    them all at once, where :meth:`CenterService.add_service` raises the first. ``None``: not
    checked (no code when editing; a number not typed as one). A new code is also checked
    against ``taken``, the codes of ``site``'s services. The checks against the numbers of
    the other services (numbers that could repeat) stay the service's."""
    # The prefix alone (with the usual format), then the format with the prefix, or a valid
    # one when the prefix is wrong (its error is the prefix's own).
    def check_prefix() -> None:
        check_number_format("{prefix}{n:03d}", prefix)

    prefix_wrong = bool(_field_errors([("prefix", check_prefix)]))
    checks: list[tuple[str, Callable[[], object]]] = [
        ("name", lambda: _check_name(name)),
        ("daily_cap", lambda: _check_cap(daily_cap)),
        ("prefix", check_prefix),
        ("number_format", lambda: check_number_format(
            number_format, "A" if prefix_wrong else prefix)),
    ]
    if code is not None:
        checks[:0] = [("code", lambda: _check_code("dịch vụ", code)),
                      ("code", lambda: _not_taken(code, taken, _service_exists(code, site)))]
    if start_number is not None:
        checks.append(("start_number",
                       lambda: check_number_format("{prefix}{n:03d}", "", start_number)))
    return _field_errors(checks)


def _site_data(site: Site) -> dict[str, object]:
    return {"name": site.name, "agency_name": site.agency_name,
            "agency_code": site.agency_code, "address": site.address, "place": site.place}


def _service_data(view: ServiceView) -> dict[str, object]:
    return {"name": view.name, "name_en": view.name_en, "prefix": view.prefix,
            "number_format": view.number_format, "start_number": view.start_number,
            "daily_cap": view.daily_cap, "icon": view.icon, "active": view.active,
            "fields": list(view.fields)}
