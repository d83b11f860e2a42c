"""Finding a site, service or counter by the code or number people use, in one query each.

The statements are built once, with bound parameters: every queue operation starts with one of
these lookups, and building a statement costs more client CPU than its round trip
(bench/README.md, "Queue").
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from shared.errors import NotFound
from shared.models import Counter, Service, Site

_SITE = select(Site).where(Site.code == bindparam("code"))
_SERVICE = select(Service).where(Service.site_id == bindparam("site_id"),
                                 Service.code == bindparam("code"))
_COUNTER = select(Counter).where(Counter.site_id == bindparam("site_id"),
                                 Counter.number == bindparam("number"))


def get_site(session: Session, code: str) -> Site:
    site = session.scalar(_SITE, {"code": code})
    if site is None:
        raise NotFound(f"Không có cơ sở (điểm) mã {code!r}.", f"No site with code {code!r}.")
    return site


def get_service(session: Session, site: Site, code: str) -> Service:
    service = session.scalar(_SERVICE, {"site_id": site.id, "code": code})
    if service is None:
        raise _no_service(site.code, code)
    return service


def site_or_service_missing(session: Session, site_code: str, code: str) -> NotFound:
    """The error for a site-and-service lookup that found nothing (``queue_sql.SITE_SERVICE``),
    naming whichever is missing: raised here if it is the site, returned if the service."""
    get_site(session, site_code)
    return _no_service(site_code, code)


def _no_service(site_code: str, code: str) -> NotFound:
    return NotFound(f"Không có dịch vụ (hàng đợi) mã {code!r} tại {site_code}.",
                    f"No service with code {code!r} at {site_code}.")


def get_counter(session: Session, site: Site, number: int) -> Counter:
    counter = session.scalar(_COUNTER, {"site_id": site.id, "number": number})
    if counter is None:
        raise NotFound(
            f"Không có quầy số {number} tại {site.code}.",
            f"No counter number {number} at {site.code}.",
        )
    return counter
