"""A small center that tests build on.

Site "HQ" (agency code 000.00.53.H48):
- services HT "Hộ tịch" (A, fields Hộ tịch), CT "Chứng thực" (B), DD "Đất đai" (C);
- counters 1 (HT then CT), 2 (CT), 3 (DD then HT), all open;
- clerks lan (counter 1), minh (counter 2), hoa (counter 3), password "matkhau1";
  boss (supervisor), admin (admin).
"""

from __future__ import annotations

from shared.center import CenterService
from shared.clerks import ClerkService
from shared.db.database import Database
from shared.models import Role

PASSWORD = "matkhau1"
SITE = "HQ"


def build_center(db: Database) -> None:
    center = CenterService(db)
    center.add_site(SITE, "Trung tâm Phục vụ hành chính công phường Bến Thành",
                    agency_name="UBND phường Bến Thành", agency_code="000.00.53.H48")
    center.add_service(SITE, "HT", "Hộ tịch", name_en="Civil status", prefix="A",
                       fields=["Hộ tịch"])
    center.add_service(SITE, "CT", "Chứng thực", name_en="Certification", prefix="B",
                       fields=["Chứng thực"])
    center.add_service(SITE, "DD", "Đất đai", name_en="Land", prefix="C", fields=["Đất đai"])
    center.add_counter(SITE, 1, "Quầy 1", ["HT", "CT"])
    center.add_counter(SITE, 2, "Quầy 2", ["CT"])
    center.add_counter(SITE, 3, "Quầy 3", ["DD", "HT"])
    clerks = ClerkService(db)
    for username, name, number in (("lan", "Nguyễn Thị Lan", 1), ("minh", "Trần Văn Minh", 2),
                                   ("hoa", "Lê Thị Hoa", 3)):
        clerks.add(username, name, PASSWORD, site=SITE, pin="1234")
        clerks.login(username, PASSWORD, SITE, number)
    clerks.add("boss", "Phạm Văn Quân", PASSWORD, role=Role.SUPERVISOR, site=SITE)
    clerks.add("admin", "Quản trị", PASSWORD, role=Role.ADMIN)
