"""The user audit of issue 12's import (SQLite and PostgreSQL): an update changes only what the
file has (no channel column never turns a counter dossier online; the catalog's procedure
name is never replaced by a file's free text, and the kiosk shows the catalog's); the OpenCPS
preset reads a report without its optional columns, and ``applicant = ""`` drops one; a due
date at midnight is the end of that day from an XLSX and from a CSV alike."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from shared.db.database import Database
from shared.dossier_import import import_file, mapping_for
from shared.dossier_lookup import find_dossier
from shared.models import Channel, Dossier, DossierOrigin, DossierStatus, Procedure
from tests.shared import dossier_center
from tests.shared.dossier_center import AGENCY, SAME_DAY, at, clock_of

center_db = dossier_center.center_db

CODE = f"{AGENCY}-250303-0201"
#: the OpenCPS dynamic report's columns (assets/dossier_presets/opencps.toml), as in the
#: auditor's opencps.csv; "Nội dung" is the free-text dossier name holding a citizen's name
OPENCPS_HEADERS = ["STT", "Mã hồ sơ", "Mã thủ tục", "Nội dung", "Chủ hồ sơ",
                   "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày hoàn thành", "Ngày trả",
                   "Trạng thái"]
OPENCPS_ROW = ["1", CODE, SAME_DAY, "Hồ sơ đăng ký khai sinh cho cháu Nguyễn Bảo An",
               "Nguyễn Văn Ba", "03/03/2025 08:10:00", "14/03/2025 17:00:00", "", "",
               "Đang xử lý"]


def _csv(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    lines = [",".join(headers)] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def _counter_dossier(db: Database, code: str = CODE) -> None:
    """A dossier received at a counter here, in person, with the catalog's procedure."""
    with db.transaction() as session:
        from shared.lookups import get_site

        session.add(Dossier(
            code=code, site_id=get_site(session, "cs1").id, procedure_code=SAME_DAY,
            procedure_name="Đăng ký khai sinh", channel=Channel.IN_PERSON,
            status=DossierStatus.RECEIVED, received_at=at("2025-03-03 08:10"),
            due_at=at("2025-03-14 17:00"), field="Hộ tịch", origin=DossierOrigin.PROVINCE,
            documents=[]))


def _dossier(db: Database, code: str = CODE) -> Dossier:
    with db.reading() as session:
        row = session.scalar(select(Dossier).where(Dossier.code == code))
        assert row is not None
        session.expunge(row)
        return row


def test_an_import_without_a_channel_keeps_a_counter_dossier_in_person(
        center_db: Database, tmp_path: Path) -> None:
    """The preset has no channel column: a new dossier is online, an existing in-person one
    stays in person (and its field, absent from the file, stays too)."""
    _counter_dossier(center_db)
    other = [*OPENCPS_ROW]
    other[0], other[1] = "2", f"{AGENCY}-250303-0202"
    path = _csv(tmp_path / "opencps.csv", OPENCPS_HEADERS, [OPENCPS_ROW, other])
    result = import_file(center_db, "cs1", path, mapping_for(None, "opencps"))
    assert result.ok, result.errors
    kept = _dossier(center_db)
    assert kept.channel == Channel.IN_PERSON and kept.field == "Hộ tịch"
    assert _dossier(center_db, other[1]).channel == Channel.ONLINE


def test_free_text_never_becomes_the_procedure_name_and_the_kiosk_shows_the_catalogs(
        center_db: Database, tmp_path: Path) -> None:
    """"Nội dung" is not read by the preset; even a mapping that maps the procedure's name
    never replaces the catalog's name of a known code; the kiosk shows the catalog's."""
    _counter_dossier(center_db)
    new = [*OPENCPS_ROW]
    new[0], new[1] = "2", f"{AGENCY}-250303-0203"
    path = _csv(tmp_path / "opencps.csv", OPENCPS_HEADERS, [OPENCPS_ROW, new])
    assert import_file(center_db, "cs1", path, mapping_for(None, "opencps")).ok
    for code in (CODE, new[1]):
        assert _dossier(center_db, code).procedure_name == "Đăng ký khai sinh"
    mine = tmp_path / "mine.toml"
    mine.write_text('[columns]\nprocedure_name = "Nội dung"\n', encoding="utf-8")
    new[9] = "Chờ bổ sung"
    path = _csv(tmp_path / "opencps2.csv", OPENCPS_HEADERS, [OPENCPS_ROW, new])
    result = import_file(center_db, "cs1", path, mapping_for(mine, "opencps"))
    assert result.ok, result.errors
    assert _dossier(center_db, new[1]).procedure_name == "Đăng ký khai sinh"
    assert _dossier(center_db).procedure_name == "Đăng ký khai sinh"
    # a dossier stored with some other name still shows the catalog's at the kiosk
    with center_db.transaction() as session:
        row = session.scalar(select(Dossier).where(Dossier.code == new[1]))
        assert row is not None
        row.procedure_name = "Hồ sơ cho cháu Nguyễn Bảo An"
    shown = find_dossier(center_db, "cs1", new[1])
    assert shown.procedure_name == "Đăng ký khai sinh"
    assert "Nguyễn" not in repr(shown)


def test_the_opencps_preset_reads_a_report_without_its_optional_columns(
        center_db: Database, tmp_path: Path) -> None:
    """A report without "Chủ hồ sơ" (the auditor's opencps-noapplicant.csv) imports; a
    mapping's ``applicant = ""`` drops that column even when the file has it."""
    headers = [h for h in OPENCPS_HEADERS if h != "Chủ hồ sơ"]
    row = [cell for index, cell in enumerate(OPENCPS_ROW) if index != 4]
    path = _csv(tmp_path / "noapplicant.csv", headers, [row])
    result = import_file(center_db, "cs1", path, mapping_for(None, "opencps"))
    assert result.ok and result.created == 1, result.errors
    assert _dossier(center_db).applicant_name == ""
    drop = tmp_path / "drop.toml"
    drop.write_text('[columns]\napplicant = ""\n', encoding="utf-8")
    mapping = mapping_for(drop, "opencps")
    assert "applicant" not in mapping.columns
    other = [*OPENCPS_ROW]
    other[1] = f"{AGENCY}-250303-0209"
    path = _csv(tmp_path / "with.csv", OPENCPS_HEADERS, [other])
    assert import_file(center_db, "cs1", path, mapping).created == 1
    assert _dossier(center_db, other[1]).applicant_name == ""
    # a required column stays required, and a column one's own mapping names must be there
    bad = tmp_path / "bad.toml"
    bad.write_text('[columns]\nstatus = ""\n', encoding="utf-8")
    with pytest.raises(Exception, match="bắt buộc"):
        mapping_for(bad, "opencps")
    mine = tmp_path / "mine.toml"
    mine.write_text('[columns]\nfield = "Lĩnh vực"\n', encoding="utf-8")
    with pytest.raises(Exception, match="Lĩnh vực"):
        import_file(center_db, "cs1", path, mapping_for(mine, "opencps"))


MIDNIGHT_TOML = """\
date_formats = ["%d/%m/%Y %H:%M", "%d/%m/%Y"]
[columns]
code = "Mã hồ sơ"
procedure_name = "Tên thủ tục"
received_at = "Ngày tiếp nhận"
due_at = "Ngày hẹn trả"
status = "Trạng thái"
[values.status]
"Đang xử lý" = "received"
"""


@pytest.mark.parametrize("due_text", ["14/03/2025 00:00", "14/03/2025"])
def test_a_midnight_due_date_is_the_end_of_that_day_in_xlsx_and_csv(
        center_db: Database, tmp_path: Path, due_text: str) -> None:
    """The auditor's due-midnight.xlsx (a date cell 14/03 00:00) and .csv (text) give the same
    due moment, the end of that day; re-importing the other format changes nothing."""
    clock_of(center_db).moment = at("2025-03-10 16:00")
    mapping_file = tmp_path / "small.toml"
    mapping_file.write_text(MIDNIGHT_TOML, encoding="utf-8")
    mapping = mapping_for(mapping_file)
    headers = ["Mã hồ sơ", "Tên thủ tục", "Ngày tiếp nhận", "Ngày hẹn trả", "Trạng thái"]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    sheet.append([CODE, "Đăng ký khai sinh", datetime(2025, 3, 3, 7, 0),
                  datetime(2025, 3, 14, 0, 0), "Đang xử lý"])
    xlsx = tmp_path / "due.xlsx"
    book.save(xlsx)
    csv_path = _csv(tmp_path / "due.csv", headers,
                    [[CODE, "Đăng ký khai sinh", "03/03/2025 07:00", due_text, "Đang xử lý"]])
    assert import_file(center_db, "cs1", xlsx, mapping).created == 1
    due = _dossier(center_db).due_at
    assert due == at("2025-03-14 23:59").replace(second=59)
    again = import_file(center_db, "cs1", csv_path, mapping)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert _dossier(center_db).due_at == due


def test_the_catalog_name_is_taken_for_a_new_dossier_with_only_a_code(
        center_db: Database, tmp_path: Path) -> None:
    with center_db.reading() as session:
        assert session.scalar(select(Procedure.name).where(Procedure.code == SAME_DAY))
    headers = [h for h in OPENCPS_HEADERS if h != "Nội dung"]
    row = [cell for index, cell in enumerate(OPENCPS_ROW) if index != 3]
    row[2] = "9.999999"  # not in the catalog: its code stands for its name
    path = _csv(tmp_path / "r.csv", headers, [row])
    assert import_file(center_db, "cs1", path, mapping_for(None, "opencps")).created == 1
    assert _dossier(center_db).procedure_name == "9.999999"


def test_the_reports_online_split_counts_the_unknown_level(
        center_db: Database, tmp_path: Path) -> None:
    """"16 trực tuyến: 7 một phần, 1 toàn trình" left 8 unaccounted for: the dossiers whose
    procedure's online level the catalog does not say are counted too."""
    from shared.cli.report_cmd import report_text
    from shared.dossier_figures import month_bounds_of
    from shared.period_report import period_report
    from shared.report_export.tables import summary

    headers = [h for h in OPENCPS_HEADERS if h != "Nội dung"]
    rows = []
    for number in (1, 2):
        row = [cell for index, cell in enumerate(OPENCPS_ROW) if index != 3]
        row[0], row[1] = str(number), f"{AGENCY}-250303-02{number:02d}"
        rows.append(row)
    path = _csv(tmp_path / "r.csv", headers, rows)
    assert import_file(center_db, "cs1", path, mapping_for(None, "opencps")).created == 2
    clock_of(center_db).moment = at("2025-03-10 09:00")
    report = period_report(center_db, "cs1", *month_bounds_of(at("2025-03-10 09:00")))
    assert "(2 trực tuyến: 0 một phần, 0 toàn trình, 2 chưa rõ mức độ;" in report_text(report)
    table = {row[0]: row[1] for row in summary(report).rows}
    assert table["   + chưa rõ mức độ"] == 2


def test_a_row_dated_after_now_is_refused_clearly(center_db: Database, tmp_path: Path) -> None:
    """Received (or resolved, returned) after now: the line is named with the date and now,
    nothing is written; a due date in the future is of course fine."""
    clock_of(center_db).moment = at("2025-03-10 09:00")
    later = [*OPENCPS_ROW]
    later[5] = "12/03/2025 08:00:00"  # received in two days
    path = _csv(tmp_path / "future.csv", OPENCPS_HEADERS, [OPENCPS_ROW, later])
    result = import_file(center_db, "cs1", path, mapping_for(None, "opencps"))
    assert result.errors == ("Dòng 3: ngày tiếp nhận 12/03/2025 08:00 sau thời điểm hiện tại "
                             "(10/03/2025 09:00): kiểm tra tệp, hoặc đồng hồ của máy.",)
    with center_db.reading() as session:
        assert session.scalar(select(Dossier.id)) is None
    near = [*OPENCPS_ROW]
    near[5] = "10/03/2025 09:10:00"  # ten minutes ahead: clocks differ
    path = _csv(tmp_path / "near.csv", OPENCPS_HEADERS, [near])
    assert import_file(center_db, "cs1", path, mapping_for(None, "opencps")).created == 1
