"""``/admin/setup``: the first-run wizard, a checklist from an empty database to a kiosk that
can issue a number. Each step links to its page and is ticked when done."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from server.admin.readiness import readiness
from server.admin.render import page
from server.admin.sessions import AdminOnlySession
from server.state import server_state
from shared.center import CenterService
from shared.center_settings import CenterSettingsService

router = APIRouter(prefix="/admin", include_in_schema=False)


@router.get("/setup")
def setup(request: Request, session: AdminOnlySession) -> Response:
    db = server_state(request).db
    ready = readiness(db)
    # Opening hours: optional (each PC's file applies), ticked once every site has its own.
    sites = CenterService(db).sites()
    centers = CenterSettingsService(db)
    hours_set = bool(sites) and all(centers.get(site.code).hours is not None for site in sites)
    steps = [
        ("/admin/sites", "Trung tâm và các cơ sở: tên, mã cơ quan", "The center and its sites: "
         "name, agency code", ready.sites > 0),
        ("/admin/services", "Dịch vụ: tên, tiền tố số, lĩnh vực", "Services: name, number "
         "prefix, fields", ready.services > 0),
        ("/admin/counters", "Quầy và các dịch vụ mỗi quầy phục vụ", "Counters and the services "
         "each serves", ready.counters_serving > 0),
        ("/admin/clerks", "Cán bộ tại quầy", "Desk clerks", ready.desk_clerks > 0),
        ("/admin/catalog", "Danh mục thủ tục (tải lên CSV hoặc XLSX)", "The procedure catalog "
         "(upload CSV or XLSX)", ready.procedures > 0),
        ("/admin/settings#hours", "Giờ làm việc: các ca thứ Hai–thứ Sáu, sáng thứ Bảy, giờ "
         "cấp số", "Opening hours: weekday sessions, Saturday morning, when numbers are issued",
         True if hours_set else None),
        ("/admin/calendar", "Lịch nghỉ: ngày lễ, ngày nghỉ, ngày làm bù", "The working "
         "calendar: holidays, days off, make-up days", None),
    ]
    return page(request, "setup.html", session, steps=steps, ready=ready)
