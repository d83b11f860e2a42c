"""``/admin/setup``: the first-run wizard, a checklist from an empty database to a kiosk that
can issue a number. Each step links to its page and is ticked when done."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from server.admin.readiness import readiness
from server.admin.render import page
from server.admin.sessions import AdminOnlySession
from server.state import server_state

router = APIRouter(prefix="/admin", include_in_schema=False)


@router.get("/setup")
def setup(request: Request, session: AdminOnlySession) -> Response:
    ready = readiness(server_state(request).db)
    steps = [
        ("/admin/sites", "Trung tâm và các cơ sở: tên, mã cơ quan", "The center and its sites: "
         "name, agency code", ready.sites > 0),
        ("/admin/services", "Dịch vụ: tên, chữ đầu số, lĩnh vực", "Services: name, number "
         "prefix, fields", ready.services > 0),
        ("/admin/counters", "Quầy và các dịch vụ mỗi quầy phục vụ", "Counters and the services "
         "each serves", ready.counters_serving > 0),
        ("/admin/clerks", "Cán bộ tại quầy", "Desk clerks", ready.desk_clerks > 0),
        ("/admin/catalog", "Danh mục thủ tục (tải lên CSV hoặc XLSX)", "The procedure catalog "
         "(upload CSV or XLSX)", ready.procedures > 0),
        ("/admin/calendar", "Giờ làm việc và lịch nghỉ", "Opening hours and the working "
         "calendar", None),
    ]
    return page(request, "setup.html", session, steps=steps, ready=ready)
