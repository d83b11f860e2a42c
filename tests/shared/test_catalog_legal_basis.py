"""The ``legal_basis`` column: imported from CSV and XLSX, kept beside the note (no schema
change), left alone by a file without the column, edited like the other facts."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook

from shared.catalog import CatalogService, pack_note, unpack_note
from shared.db.database import Database

HEADER = "code,name,field,time_limit,time_unit,documents,legal_basis,note\n"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalog.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_legal_basis_is_imported_item_by_item_beside_the_note(db: Database,
                                                                  tmp_path: Path) -> None:
    catalog = CatalogService(db)
    catalog.import_csv(_write(tmp_path, HEADER + '1.001193,Đăng ký khai sinh,Hộ tịch,0,'
                              'working_days,Tờ khai,"Luật Hộ tịch 2014, Điều 16|Nghị định '
                              '123/2015/NĐ-CP",Ghi chú của trung tâm\n'))
    view = catalog.get("1.001193")
    assert view.legal_basis == ("Luật Hộ tịch 2014, Điều 16", "Nghị định 123/2015/NĐ-CP")
    assert view.note == "Ghi chú của trung tâm"
    assert catalog.search("khai sinh")[0].legal_basis == view.legal_basis


def test_a_file_without_the_column_keeps_the_legal_basis_and_a_new_note_replaces_only_the_note(
        db: Database, tmp_path: Path) -> None:
    catalog = CatalogService(db)
    catalog.import_csv(_write(tmp_path, HEADER + "1.001193,Đăng ký khai sinh,Hộ tịch,0,"
                              "working_days,Tờ khai,Luật Hộ tịch 2014,cũ\n"))
    catalog.import_csv(_write(tmp_path, "code,name,field,time_limit,time_unit,note\n"
                              "1.001193,Đăng ký khai sinh,Hộ tịch,0,working_days,mới\n"))
    view = catalog.get("1.001193")
    assert (view.note, view.legal_basis) == ("mới", ("Luật Hộ tịch 2014",))
    catalog.import_csv(_write(tmp_path, "code,name,field,time_limit,time_unit,legal_basis\n"
                              "1.001193,Đăng ký khai sinh,Hộ tịch,0,working_days,\n"))
    view = catalog.get("1.001193")
    assert (view.note, view.legal_basis) == ("mới", ())


def test_an_xlsx_upload_carries_the_legal_basis(db: Database) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code", "name", "field", "time_limit", "time_unit", "legal_basis"])
    sheet.append(["2.000815", "Chứng thực bản sao", "Chứng thực", 0, "working_days",
                  "Nghị định 23/2015/NĐ-CP\nThông tư 226/2016/TT-BTC"])
    data = io.BytesIO()
    book.save(data)
    catalog = CatalogService(db)
    catalog.import_bytes(data.getvalue(), source="catalog.xlsx")
    assert catalog.get("2.000815").legal_basis == ("Nghị định 23/2015/NĐ-CP",
                                                   "Thông tư 226/2016/TT-BTC")


def test_editing_the_legal_basis_keeps_the_note_and_is_logged(db: Database,
                                                               tmp_path: Path) -> None:
    catalog = CatalogService(db, actor="quan")
    catalog.import_csv(_write(tmp_path, HEADER + "1.001193,Đăng ký khai sinh,Hộ tịch,0,"
                              "working_days,Tờ khai,,ghi chú\n"))
    after = catalog.update_procedure("1.001193", legal_basis=["Luật Hộ tịch 2014", "  "])
    assert (after.note, after.legal_basis) == ("ghi chú", ("Luật Hộ tịch 2014",))


def test_pack_and_unpack_are_inverse() -> None:
    for note, basis in ((None, ()), ("n", ()), (None, ("a", "b")), ("x\ny", ("a",))):
        assert unpack_note(pack_note(note, basis)) == (note, basis)
