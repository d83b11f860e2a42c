"""Tests for shared/catalog.py, shared/catalog_csv.py and shared/catalog_index.py."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from shared.catalog import CatalogService
from shared.catalog_csv import parse_catalog, parse_catalog_bytes
from shared.db.database import Database
from shared.errors import CatalogError, NotFound
from shared.models import Event, Procedure, Service, ServiceField, Site
from shared.paths import CATALOG_DIR
from shared.textfold import fold

HEADER = "code,name,field,time_limit,time_unit,fee,documents\n"
KHAI_SINH = "Thủ tục đăng ký khai sinh"


@pytest.fixture
def catalog(db: Database) -> CatalogService:
    """A catalog service over the real 80 reference procedures."""
    service = CatalogService(db)
    service.import_csv(CATALOG_DIR / "procedures.csv")
    return service


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "catalog.csv"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def _count(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Procedure)) or 0


# -- the CSV format --------------------------------------------------------------------------
def test_parse_accepts_a_bom_and_splits_documents_on_bars_and_newlines() -> None:
    """A UTF-8 BOM is ignored; documents separated by | or newlines become a list."""
    data = ("\ufeff" + HEADER + '1.001193,Đăng ký khai sinh,Hộ tịch,0,working_days,Miễn,'
            '"Tờ khai | Giấy chứng sinh\nCCCD"\n').encode()
    [row] = parse_catalog_bytes(data)
    assert row.code == "1.001193"
    assert row.documents == ("Tờ khai", "Giấy chứng sinh", "CCCD")
    assert row.time_limit == 0 and row.time_unit == "working_days"
    assert row.portal_url.endswith("ma_thu_tuc=1.001193")


def test_parse_treats_an_empty_time_limit_as_unknown() -> None:
    """An empty time_limit means "not known" (None), and then time_unit may be empty."""
    [row] = parse_catalog_bytes((HEADER + "1.000419,Khai tử lưu động,Hộ tịch,,,,\n").encode())
    assert row.time_limit is None and row.time_unit is None


def test_parse_reports_every_bad_row_with_its_line_number() -> None:
    """Each kind of bad row is reported with its line; all problems come in one error."""
    text = (HEADER
            + "1.001193,Khai sinh,Hộ tịch,0,working_days,,\n"       # 2 good
            + "1.001193,Khai sinh lại,Hộ tịch,5,days,,\n"           # 3 duplicate code
            + "1.000656,Khai tử,Hộ tịch,3,weeks,,\n"                # 4 unknown unit
            + "1.000894,Kết hôn,Hộ tịch,-1,days,,\n"                # 5 negative limit
            + "1.004837,,Hộ tịch,3,days,,\n"                        # 6 missing name
            + "ABC,Giám hộ,Hộ tịch,3,days,,\n"                      # 7 bad code format
            + "1.004845,Chấm dứt giám hộ,Hộ tịch,3\n"               # 8 wrong column count
            + "1.004859,Cải chính,Hộ tịch,ba,days,,\n"              # 9 not a number
            + "1.004873,Xác nhận hôn nhân,Hộ tịch,3,,,\n"           # 10 limit without unit
            + "1.004880,Nhận cha mẹ con,Hộ tịch,99999999999,days,,\n")  # 11 absurd limit
    with pytest.raises(CatalogError) as caught:
        parse_catalog_bytes(text.encode())
    problems = caught.value.problems
    assert [problem.split(":")[0] for problem in problems] == [
        f"Dòng {line}" for line in range(3, 12)]
    assert "trùng với dòng 2" in problems[0]
    assert "weeks" in problems[1]
    assert "số âm" in problems[2]
    assert "thiếu tên" in problems[3]
    assert "sai dạng" in problems[4]
    assert "có 4 cột" in problems[5]
    assert "không phải số nguyên" in problems[6]
    assert "thiếu đơn vị" in problems[7]
    assert "quá lớn" in problems[8]
    assert "chưa nhập thủ tục nào" in caught.value.message


def test_parse_reports_undecodable_bytes_with_their_line() -> None:
    """A file that is not UTF-8 (e.g. saved as Windows-1258) is refused, naming the line."""
    data = HEADER.encode() + b"1.001193,\xd0\xe3ng k\xfd,H\xf4\xf2,0,days,,\n"  # cp1258
    with pytest.raises(CatalogError) as caught:
        parse_catalog_bytes(data)
    assert caught.value.problems[0].startswith("Dòng 2: có byte không phải UTF-8")


def test_parse_reports_missing_and_unknown_columns() -> None:
    """A header without a required column, or with an unknown one, is a problem on line 1."""
    with pytest.raises(CatalogError) as caught:
        parse_catalog_bytes(b"code,name,field,time_limt\n")
    assert caught.value.problems == [
        "Dòng 1: thiếu cột bắt buộc: time_limit, time_unit",
        "Dòng 1: cột không được hỗ trợ: time_limt",
    ]


def test_line_numbers_count_newlines_inside_quoted_cells() -> None:
    """A row after a multi-line documents cell is reported at its real line in the file."""
    text = (HEADER + '1.001193,Khai sinh,Hộ tịch,0,days,,"a\nb\nc"\n'
            + "1.000656,Khai tử,Hộ tịch,-2,days,,\n")
    with pytest.raises(CatalogError) as caught:
        parse_catalog_bytes(text.encode())
    assert caught.value.problems[0].startswith("Dòng 5:")


def test_bundled_catalog_cites_an_official_page_for_every_fact_it_states() -> None:
    """assets/catalog/procedures.csv parses; every row that states documents, steps, a time
    limit, a fee or a legal basis cites the web pages it comes from in ``source`` (after
    "Nội dung:"); the rows without any keep the reference list's values only (nothing
    invented)."""
    rows = parse_catalog(CATALOG_DIR / "procedures.csv")
    assert len(rows) == 80
    with (CATALOG_DIR / "procedures.csv").open(encoding="utf-8") as file:
        names = {row["code"]: row["name"] for row in csv.DictReader(file)}
    for row in rows:
        assert row.source
        cited = "Nội dung: http" in row.source
        if row.documents or row.steps or row.legal_basis:
            assert cited, row.code
        if not cited and row.time_limit is not None:  # the reference's own plain value
            assert f"Thời hạn theo nguồn: {row.time_limit}" in (row.note or ""), row.code
        assert names[row.code] == row.name
    with_documents = {row.code for row in rows if row.documents}
    assert {"2.000815", "1.001193", "1.004873", "1.000894", "1.000656"} <= with_documents
    copies = next(row for row in rows if row.code == "2.000815")
    assert copies.time_limit == 0 and copies.fee is not None and "2.000 đồng/trang" in copies.fee
    assert any("bản chính" in item.lower() for item in copies.documents)


def test_demo_services_cover_every_field_of_the_bundled_catalog_once() -> None:
    """Each field of the bundled catalog belongs to exactly one demo service."""
    services = tomllib.loads((CATALOG_DIR / "demo-services.toml").read_text("utf-8"))["service"]
    owners = [field for service in services for field in service["fields"]]
    assert len(owners) == len(set(owners))
    assert {row.field for row in parse_catalog(CATALOG_DIR / "procedures.csv")} <= set(owners)


# -- import into the database -----------------------------------------------------------------
def test_bad_file_imports_nothing(db: Database, tmp_path: Path) -> None:
    """One bad row among good ones: CatalogError, and not a single procedure is stored."""
    path = _write(tmp_path, HEADER + "1.001193,Khai sinh,Hộ tịch,0,days,,\n"
                  + "1.000656,Khai tử,Hộ tịch,0,fortnights,,\n")
    with pytest.raises(CatalogError):
        CatalogService(db).import_csv(path)
    assert _count(db) == 0


def test_reimport_updates_procedures_by_code(db: Database, tmp_path: Path) -> None:
    """Importing again updates known codes, adds new ones, keeps the rest, in one event each."""
    service = CatalogService(db)
    first = service.import_csv(_write(tmp_path, HEADER + "1.001193,Khai sinh,Hộ tịch,,,,\n"
                                      + "1.000656,Khai tử,Hộ tịch,0,working_days,,\n"))
    assert (first.added, first.updated, first.unchanged) == (2, 0, 0)
    second = service.import_csv(_write(
        tmp_path, HEADER + "1.001193,Đăng ký khai sinh,Hộ tịch,0,working_days,Miễn,A|B\n"
        + "1.000656,Khai tử,Hộ tịch,0,working_days,,\n"
        + "1.000894,Đăng ký kết hôn,Hộ tịch,0,working_days,,\n"))
    assert (second.added, second.updated, second.unchanged, second.total) == (1, 1, 1, 3)
    khai_sinh = service.get("1.001193")
    assert khai_sinh.name == "Đăng ký khai sinh" and khai_sinh.fee == "Miễn"
    assert khai_sinh.time_limit == 0 and khai_sinh.documents == ("A", "B")
    assert service.search("ket hon")[0].code == "1.000894"  # the index was refreshed
    with db.reading() as session:
        kinds = session.scalars(select(Event.kind)).all()
    assert kinds == ["catalog.imported", "catalog.imported"]


def test_reimport_keeps_the_columns_the_file_does_not_have(db: Database,
                                                          tmp_path: Path) -> None:
    """A file with the required columns and ``fee`` updates those; level, online_level,
    documents, steps, portal_url, source and note keep what the first import stored."""
    service = CatalogService(db)
    full = ("code,name,field,time_limit,time_unit,level,fee,online_level,documents,steps,"
            "portal_url,source,note\n"
            "1.001193,Khai sinh,Hộ tịch,0,working_days,Cấp xã,8.000 đồng,Toàn trình,A|B,S1|S2,"
            "https://example.org/ks,Nghị định 123,Ghi chú\n")
    service.import_csv(_write(tmp_path, full))
    report = service.import_csv(_write(
        tmp_path, "code,name,field,time_limit,time_unit,fee\n"
        "1.001193,Đăng ký khai sinh,Hộ tịch,1,working_days,Miễn\n"
        "1.000656,Khai tử,Hộ tịch,0,working_days,\n"))
    assert (report.added, report.updated, report.unchanged) == (1, 1, 0)
    view = service.get("1.001193")
    assert (view.name, view.time_limit, view.fee) == ("Đăng ký khai sinh", 1, "Miễn")
    assert (view.level, view.online_level, view.source, view.note) == (
        "Cấp xã", "Toàn trình", "Nghị định 123", "Ghi chú")
    assert (view.documents, view.steps, view.portal_url) == (
        ("A", "B"), ("S1", "S2"), "https://example.org/ks")
    added = service.get("1.000656")  # a new code gets every column, absent ones empty
    assert added.level is None and added.portal_url.endswith("ma_thu_tuc=1.000656")
    again = service.import_csv(_write(tmp_path, "code,name,field,time_limit,time_unit\n"
                                      "1.001193,Đăng ký khai sinh,Hộ tịch,1,working_days\n"))
    assert (again.updated, again.unchanged) == (0, 1)
    assert service.get("1.001193").fee == "Miễn"


@pytest.mark.parametrize("query", ["dang ky khai sinh", "khai sinh", "KHAI SINH",
                                   "đăng ký khai sinh", "Thủ tục đăng ký khai sinh"])
def test_search_puts_the_birth_registration_first(catalog: CatalogService, query: str) -> None:
    """With or without accents, any case: "Thủ tục đăng ký khai sinh" is the first result."""
    results = catalog.search(query)
    assert results[0].name == KHAI_SINH
    assert len(results) > 3  # the other birth procedures follow


def test_search_d_matches_d_with_stroke(catalog: CatalogService) -> None:
    """"d" finds names with "đ" (Đất đai, đăng ký): "đ" folds to "d"; "đ" finds those only."""
    names = [view.name for view in catalog.search("dat dai", limit=50)]
    assert "Hòa giải tranh chấp đất đai" in names
    first_letters = [{word[0] for word in fold(view.name).split()}
                     for view in catalog.search("d", limit=80)]
    assert first_letters and all("d" in letters for letters in first_letters)
    # Typed with its stroke, "đ" only begins words spelt with it (đăng, đất), not "dịch".
    with_stroke = catalog.search("đ", limit=80)
    assert with_stroke and set(with_stroke) <= set(catalog.search("d", limit=80))
    assert all(any(word.startswith("đ") for word in view.name.lower().split())
               for view in with_stroke)


def test_search_by_code(catalog: CatalogService) -> None:
    """A full code finds its procedure first; a partial code lists codes that start with it."""
    assert catalog.search("1.001193")[0].name == KHAI_SINH
    assert {view.code for view in catalog.search("2.0008")} == {
        "2.000815", "2.000884"}


def test_search_while_typing_keeps_the_target_first(catalog: CatalogService) -> None:
    """Typing "khai sinh" letter by letter, the birth registration leads from "khai s" on."""
    for end in range(len("khai s"), len("khai sinh") + 1):
        assert catalog.search("khai sinh"[:end])[0].name == KHAI_SINH


def test_search_of_nothing_returns_nothing(catalog: CatalogService) -> None:
    """An empty or blank query, or one that matches no name, returns an empty list."""
    assert catalog.search("") == catalog.search("   ") == catalog.search("xyzzy") == []


def test_fields_and_browse_by_field(catalog: CatalogService) -> None:
    """fields() counts procedures per field; by_field() lists one field's procedures."""
    counts = {item.field: item.count for item in catalog.fields()}
    assert counts["Hộ tịch"] == 19 and counts["Chứng thực"] == 11
    assert sum(counts.values()) == 80
    land = catalog.by_field("Đất đai")
    assert [view.code for view in land] == ["1.012814", "1.012812"]  # by folded name


def test_get_unknown_code_raises_not_found(catalog: CatalogService) -> None:
    """A code not in the catalog is a NotFound with a Vietnamese message."""
    with pytest.raises(NotFound, match="Không có thủ tục"):
        catalog.get("9.999999")


def test_service_for_procedure_follows_the_field_mapping(catalog: CatalogService,
                                                        db: Database) -> None:
    """A procedure leads to the site's service that handles its field, or None if none does."""
    with db.transaction() as session:
        site = Site(code="S1", name="Cơ sở 1")
        session.add(site)
        session.flush()
        civil = Service(site_id=site.id, code="HT", name="Hộ tịch", prefix="A")
        session.add(civil)
        session.flush()
        session.add(ServiceField(service_id=civil.id, field="Hộ tịch"))
    found = catalog.service_for_procedure("S1", "1.001193")
    assert found is not None and found.code == "HT" and found.fields == ("Hộ tịch",)
    assert catalog.service_for_procedure("S1", "2.000815") is None  # Chứng thực: no service
