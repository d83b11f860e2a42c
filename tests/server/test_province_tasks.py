"""``layso serve`` and the province (issue 12): the watched folder imports each file once as it
arrives, with a log of what was taken; the OpenCPS statistics are fetched in the background
and reach the board's JSON. Through the real app's lifespan (FastAPI's TestClient)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from shared.board import BoardReader
from shared.clock import FixedClock
from shared.config import load_settings
from shared.db.database import Database
from shared.dossier_import.folder import LOG_NAME, scan_folder
from shared.dossier_import.mapping import mapping_for
from shared.models import Dossier, DossierImport
from tests.center_data import SITE
from tests.shared.test_dossier_import import FIRST, LATER, MAPPING_TOML, write_csv
from tests.shared.test_province_source import Statistics, opencps  # noqa: F401


def wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def dossier_codes(db: Database) -> set[str]:
    with db.reading() as session:
        return set(session.scalars(select(Dossier.code)))


def imports(db: Database) -> list[DossierImport]:
    with db.reading() as session:
        return list(session.scalars(select(DossierImport).order_by(DossierImport.id)))


@pytest.fixture
def mapping_file(tmp_path: Path) -> Path:
    path = tmp_path / "mapping.toml"
    path.write_text(MAPPING_TOML, encoding="utf-8")
    return path


@pytest.fixture
def serve(center: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Any]]:
    """Start the app with [province] settings (the folder looked at every 0.2 s, a file
    taken 0.3 s after its last change); stopped at the end."""
    from fastapi.testclient import TestClient

    from server import province_tasks
    from server.app import create_app

    monkeypatch.setattr(province_tasks, "FOLDER_SECONDS", 0.2)
    monkeypatch.setattr(province_tasks, "SETTLE_SECONDS", 0.3)

    clients: list[Any] = []

    def start(**province: Any) -> Any:
        overrides = {"database_url": center.url, "site": SITE,
                     **{f"province.{key}": value for key, value in province.items()}}
        app = create_app(load_settings(environ={}, overrides=overrides), center)
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        return client

    yield start
    for client in clients:
        client.__exit__(None, None, None)


def test_the_watched_folder_imports_each_file_once_with_a_log(
        center: Database, serve: Callable[..., Any], tmp_path: Path,
        mapping_file: Path) -> None:
    """A file dropped in the folder is imported; the same content again (another name) is
    skipped; a later export updates; a bad file is refused once, logged, nothing written."""
    folder = tmp_path / "nhap"
    folder.mkdir()
    serve(import_dir=str(folder), mapping=str(mapping_file))
    write_csv(folder / "ds-1.csv", FIRST)
    wait_for(lambda: len(dossier_codes(center)) == 3)
    (folder / "ds-1-copy.csv").write_bytes((folder / "ds-1.csv").read_bytes())
    write_csv(folder / "ds-2.csv", LATER)
    wait_for(lambda: len(imports(center)) >= 2)
    bad = list(FIRST[0])
    bad[6] = "hôm qua"
    write_csv(folder / "ds-3.csv", [bad])
    wait_for(lambda: len(imports(center)) >= 3)
    time.sleep(0.3)
    taken = imports(center)
    assert [(row.file_name, row.created, row.updated, bool(row.errors)) for row in taken] == [
        ("ds-1.csv", 3, 0, False), ("ds-2.csv", 0, 2, False), ("ds-3.csv", 0, 0, True)]
    assert all(row.by == "folder" for row in taken)
    text = (folder / LOG_NAME).read_text(encoding="utf-8")
    assert "ds-1.csv: tạo mới 3, cập nhật 0, không đổi 0" in text
    assert "ds-2.csv: tạo mới 0, cập nhật 2, không đổi 1" in text
    assert "ds-3.csv: KHÔNG NHẬP (không ghi gì)" in text
    assert "Dòng 4: ngày tiếp nhận “hôm qua” không đúng định dạng" in text
    # the copy is skipped, said once (the folder is looked at every 0.2 s)
    assert text.count("ds-1-copy.csv: BỎ QUA — cùng nội dung với tệp đã nhập ds-1.csv") == 1
    assert "ds-3.csv: KHÔNG NHẬP" in text and text.count("ds-3.csv: KHÔNG NHẬP") == 1


def test_a_file_still_being_written_waits(center: Database, tmp_path: Path,
                                          mapping_file: Path) -> None:
    folder = tmp_path / "nhap"
    folder.mkdir()
    write_csv(folder / "ds.csv", FIRST)
    mapping = mapping_for(mapping_file)
    assert scan_folder(center, SITE, folder, mapping, settle_seconds=60) == []
    assert [r.created for r in scan_folder(center, SITE, folder, mapping,
                                           settle_seconds=0)] == [3]


def test_serve_fetches_the_opencps_figures_for_the_board(
        center: Database, serve: Callable[..., Any],
        opencps: tuple[str, Statistics]) -> None:  # noqa: F811
    url, answer = opencps
    client = serve(source="opencps", source_url=url, agency="000.00.53.H48",
                   timeout_seconds=2)
    wait_for(lambda: bool(answer.requests))
    wait_for(lambda: BoardReader(center, SITE).figures().dossiers.source.kind == "opencps")
    figures = BoardReader(center, SITE).figures().dossiers
    assert (figures.open_within_time, figures.finished_early) == (37, 1246)
    page = client.get(f"/board/{SITE}")
    assert page.status_code == 200
    assert "Hệ thống một cửa tỉnh (OpenCPS)" in page.text


def test_the_browser_board_shows_the_no_due_date_bucket_and_a_stale_source(
        center: Database, client: Any, tmp_path: Path, mapping_file: Path) -> None:
    """After an import 26 hours old: the page's figures hold "Đang giải quyết chưa có hạn"
    with its count and the source line marked "SỐ LIỆU CŨ"."""
    from shared.dossier_import import import_file

    clock = center.clock
    assert isinstance(clock, FixedClock)
    before = clock.moment
    clock.moment = before - timedelta(hours=26)
    import_file(center, SITE, write_csv(tmp_path / "a.csv", FIRST), mapping_for(mapping_file))
    clock.moment = before
    html = client.get(f"/board/{SITE}").text
    assert ("<div class=\"row muted detail\"><dt>Đang giải quyết chưa có hạn</dt><dd>1</dd>"
            "</div>" in html)
    assert 'class="source source-old"' in html and "SỐ LIỆU CŨ" in html
    assert "Nguồn: Hệ thống một cửa tỉnh (tệp nhập)" in html


def test_the_board_follows_the_stale_minutes_setting(
        center: Database, serve: Callable[..., Any], tmp_path: Path,
        mapping_file: Path) -> None:
    """``[province] stale_minutes = 60``: an import two hours old is stale on the browser
    board (the page and its JSON), as in ``layso status``; 25 hours is only the default."""
    from shared.dossier_import import import_file

    clock = center.clock
    assert isinstance(clock, FixedClock)
    before = clock.moment
    clock.moment = before - timedelta(hours=2)
    import_file(center, SITE, write_csv(tmp_path / "a.csv", FIRST), mapping_for(mapping_file))
    clock.moment = before
    html = serve(stale_minutes=60).get(f"/board/{SITE}").text
    assert 'class="source source-old"' in html and "SỐ LIỆU CŨ" in html
    html = serve().get(f"/board/{SITE}").text
    assert 'class="source"' in html and "SỐ LIỆU CŨ" not in html


def test_switching_the_source_back_to_local_drops_the_opencps_figures(
        center: Database, serve: Callable[..., Any],
        opencps: tuple[str, Statistics]) -> None:  # noqa: F811
    url, _answer = opencps
    serve(source="opencps", source_url=url, agency="000.00.53.H48", timeout_seconds=2)
    wait_for(lambda: BoardReader(center, SITE).figures().dossiers.source.kind == "opencps")
    client = serve(source="local")
    wait_for(lambda: BoardReader(center, SITE).figures().dossiers.source.kind != "opencps")
    assert "(OpenCPS)" not in client.get(f"/board/{SITE}").text


def test_a_refused_file_is_tried_again_when_it_or_the_mapping_changes(
        center: Database, tmp_path: Path, mapping_file: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    """Only an imported file counts as taken: a refused one is not tried every turn, but is
    once it is fixed (new content) or once the mapping knows its word; each refusal and skip
    is logged (the service's log and layso-nhap.log)."""
    from shared.dossier_import.folder import FolderState

    folder = tmp_path / "nhap"
    folder.mkdir()
    state = FolderState()
    mapping = mapping_for(mapping_file)
    odd = [list(row) for row in FIRST]
    odd[0][11] = "Đang thẩm định"  # a status word the mapping does not know yet
    write_csv(folder / "ds.csv", odd)

    def scan(with_mapping: Any = mapping) -> list[Any]:
        return scan_folder(center, SITE, folder, with_mapping, settle_seconds=0, state=state)

    assert [bool(r.errors) for r in scan()] == [True]
    assert scan() == []  # same file, same mapping: not tried again every turn
    assert dossier_codes(center) == set()
    wider = tmp_path / "wider.toml"
    wider.write_text(MAPPING_TOML + '"Đang thẩm định" = "received"\n', encoding="utf-8")
    assert [r.created for r in scan(mapping_for(wider))] == [3]  # the mapping changed
    assert scan(mapping_for(wider)) == []  # imported: taken
    # a refused file fixed and saved again is tried again too
    bad = [list(row) for row in LATER]
    bad[0][6] = "hôm qua"
    write_csv(folder / "ds-2.csv", bad)
    assert [bool(r.errors) for r in scan()] == [True]
    write_csv(folder / "ds-2.csv", LATER)
    assert [r.updated for r in scan()] == [2]
    text = (folder / LOG_NAME).read_text(encoding="utf-8")
    assert text.count("ds.csv: KHÔNG NHẬP") == 1 and text.count("ds-2.csv: KHÔNG NHẬP") == 1
    assert "sẽ thử lại" in text
    assert "refused" in caplog.text


def test_old_excel_files_and_copies_are_logged_not_skipped_silently(
        center: Database, tmp_path: Path, mapping_file: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    from shared.dossier_import.folder import FolderState

    folder = tmp_path / "nhap"
    folder.mkdir()
    state = FolderState()
    mapping = mapping_for(mapping_file)
    (folder / "ds-cu.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    write_csv(folder / "ds.csv", FIRST)
    for _turn in range(3):
        scan_folder(center, SITE, folder, mapping, settle_seconds=0, state=state)
    (folder / "ds-ban-sao.csv").write_bytes((folder / "ds.csv").read_bytes())
    for _turn in range(3):
        assert scan_folder(center, SITE, folder, mapping, settle_seconds=0, state=state) == []
    text = (folder / LOG_NAME).read_text(encoding="utf-8")
    assert text.count("ds-cu.xls: BỎ QUA — định dạng Excel cũ (.xls)") == 1
    assert "lưu lại dạng .xlsx" in text
    assert text.count("ds-ban-sao.csv: BỎ QUA — cùng nội dung với tệp đã nhập ds.csv") == 1
    assert "old Excel format" in caplog.text and "same content as ds.csv" in caplog.text
