"""CenterService: set up and list sites, services (queues) and counters."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shared.db.database import Database
from shared.errors import InvalidOperation, NotFound
from shared.models import Counter, CounterService, Service, ServiceField, Site
from shared.views import CounterState, ServiceView, SiteView

_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")


def format_number(number_format: str, prefix: str, n: int) -> str:
    """The printed ticket number: ``format_number("{prefix}{n:03d}", "A", 12) == "A012"``."""
    return number_format.format(prefix=prefix, n=n)


def check_number_format(number_format: str, prefix: str) -> None:
    try:
        sample = format_number(number_format, prefix, 12)
    except (KeyError, IndexError, ValueError) as error:
        raise InvalidOperation(
            f"Định dạng số thứ tự không hợp lệ: {number_format!r} (dùng {{prefix}} và {{n}}, "
            "ví dụ {prefix}{n:03d})",
            f"Invalid number format: {number_format!r} (use {{prefix}} and {{n}}, "
            "e.g. {prefix}{n:03d})",
        ) from error
    if "12" not in sample or len(sample) > 16:
        raise InvalidOperation(
            f"Định dạng số thứ tự phải chứa {{n}}: {number_format!r}",
            f"The number format must contain {{n}}: {number_format!r}",
        )


def _check_code(kind: str, code: str) -> None:
    if not _CODE.match(code):
        raise InvalidOperation(
            f"Mã {kind} không hợp lệ: {code!r} (chữ, số, '-', '_', '.'; tối đa 32 ký tự)",
            f"Invalid {kind} code: {code!r} (letters, digits, '-', '_', '.'; 32 at most)",
        )


def get_site(session: Session, code: str) -> Site:
    site = session.scalar(select(Site).where(Site.code == code))
    if site is None:
        raise NotFound(f"Không có cơ sở (điểm) mã {code!r}.", f"No site with code {code!r}.")
    return site


def get_service(session: Session, site: Site, code: str) -> Service:
    service = session.scalar(
        select(Service).where(Service.site_id == site.id, Service.code == code)
    )
    if service is None:
        raise NotFound(
            f"Không có dịch vụ (hàng đợi) mã {code!r} tại {site.code}.",
            f"No service with code {code!r} at {site.code}.",
        )
    return service


def get_counter(session: Session, site: Site, number: int) -> Counter:
    counter = session.scalar(
        select(Counter).where(Counter.site_id == site.id, Counter.number == number)
    )
    if counter is None:
        raise NotFound(
            f"Không có quầy số {number} tại {site.code}.",
            f"No counter number {number} at {site.code}.",
        )
    return counter


_AGENCY_PREFIXES = ("ủy ban nhân dân ", "uỷ ban nhân dân ", "ubnd ")


def place_name(site: Site) -> str:
    """The place of a form's date line: the site's own, else the agency's unit ("UBND phường
    Bến Thành" → "Phường Bến Thành"), else ""."""
    if site.place.strip():
        return site.place.strip()
    agency = site.agency_name.strip()
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
                       fields)


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
    """Sites, services and counters: the set-up an admin does once."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add_site(self, code: str, name: str, *, agency_name: str = "", agency_code: str = "",
                 address: str = "", place: str = "") -> SiteView:
        _check_code("cơ sở", code)
        with self.db.transaction() as session:
            if session.scalar(select(Site).where(Site.code == code)) is not None:
                raise InvalidOperation(f"Đã có cơ sở mã {code!r}.", f"Site {code!r} exists.")
            site = Site(code=code, name=name, agency_name=agency_name,
                        agency_code=agency_code or code, address=address, place=place)
            session.add(site)
            session.flush()
            return site_view(site)

    def set_place(self, code: str, place: str) -> SiteView:
        """The place name printed on the forms' date line ("" = from the agency name)."""
        with self.db.transaction() as session:
            site = get_site(session, code)
            site.place = place.strip()
            return site_view(site)

    def sites(self) -> list[SiteView]:
        with self.db.reading() as session:
            return [site_view(site) for site in session.scalars(select(Site).order_by(Site.id))]

    def site(self, code: str) -> SiteView:
        with self.db.reading() as session:
            return site_view(get_site(session, code))

    def add_service(self, site: str, code: str, name: str, *, name_en: str = "",
                    prefix: str = "", number_format: str = "{prefix}{n:03d}",
                    start_number: int = 1, daily_cap: int | None = None, icon: str = "",
                    fields: Sequence[str] = ()) -> ServiceView:
        _check_code("dịch vụ", code)
        check_number_format(number_format, prefix)
        if daily_cap is not None and daily_cap < 1:
            raise InvalidOperation("Giới hạn số mỗi ngày phải lớn hơn 0.",
                                   "The daily cap must be greater than 0.")
        with self.db.transaction() as session:
            site_row = get_site(session, site)
            order = len(list(session.scalars(select(Service.id).where(
                Service.site_id == site_row.id))))
            service = Service(site_id=site_row.id, code=code, name=name, name_en=name_en,
                              prefix=prefix, number_format=number_format,
                              start_number=start_number, daily_cap=daily_cap, icon=icon,
                              sort_order=order)
            session.add(service)
            try:
                session.flush()
            except IntegrityError as error:
                raise InvalidOperation(f"Đã có dịch vụ mã {code!r} tại {site}.",
                                       f"Service {code!r} exists at {site}.") from error
            for field_name in dict.fromkeys(fields):
                session.add(ServiceField(service_id=service.id, field=field_name))
            session.flush()
            return service_view(session, service, site_row.code)

    def set_service_fields(self, site: str, code: str, fields: Sequence[str]) -> ServiceView:
        with self.db.transaction() as session:
            site_row = get_site(session, site)
            service = get_service(session, site_row, code)
            session.execute(delete(ServiceField).where(ServiceField.service_id == service.id))
            for field_name in dict.fromkeys(fields):
                session.add(ServiceField(service_id=service.id, field=field_name))
            session.flush()
            return service_view(session, service, site_row.code)

    def services(self, site: str) -> list[ServiceView]:
        with self.db.reading() as session:
            site_row = get_site(session, site)
            rows = session.scalars(select(Service).where(
                Service.site_id == site_row.id, Service.active.is_(True)
            ).order_by(Service.sort_order, Service.code))
            return [service_view(session, row, site_row.code) for row in rows]

    def add_counter(self, site: str, number: int, name: str,
                    services: Sequence[str]) -> CounterState:
        if number < 1:
            raise InvalidOperation("Số quầy phải lớn hơn 0.", "Counter numbers start at 1.")
        with self.db.transaction() as session:
            site_row = get_site(session, site)
            counter = Counter(site_id=site_row.id, number=number, name=name or f"Quầy {number}")
            session.add(counter)
            try:
                session.flush()
            except IntegrityError as error:
                raise InvalidOperation(f"Đã có quầy số {number} tại {site}.",
                                       f"Counter {number} exists at {site}.") from error
            self._assign(session, site_row, counter, services)
            return CounterState(counter.id, site_row.code, counter.number, counter.name,
                                counter.status, tuple(services))

    def set_counter_services(self, site: str, number: int,
                             services: Sequence[str]) -> CounterState:
        with self.db.transaction() as session:
            site_row = get_site(session, site)
            counter = get_counter(session, site_row, number)
            session.execute(delete(CounterService).where(CounterService.counter_id == counter.id))
            self._assign(session, site_row, counter, services)
            return CounterState(counter.id, site_row.code, counter.number, counter.name,
                                counter.status, tuple(services))

    @staticmethod
    def _assign(session: Session, site: Site, counter: Counter,
                services: Sequence[str]) -> None:
        if not services:
            raise InvalidOperation("Quầy phải phục vụ ít nhất một dịch vụ.",
                                   "A counter must serve at least one service.")
        for position, code in enumerate(dict.fromkeys(services)):
            service = get_service(session, site, code)
            session.add(CounterService(counter_id=counter.id, service_id=service.id,
                                       position=position))
        session.flush()
