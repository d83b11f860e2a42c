"""shared/dossier_codes.py with the DossierService (SQLite and PostgreSQL): the province's code
at receipt, checked and unique; local codes as a per-site setting, marked where they show."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from shared.db.database import Database
from shared.dossier_codes import code_label, local_codes, set_local_codes, suffix_matches
from shared.dossiers import Applicant, DossierService
from shared.errors import InvalidOperation
from shared.models import Dossier, DossierSequence, Event
from tests.shared import dossier_center
from tests.shared.dossier_center import AGENCY, THREE_DAYS

center_db = dossier_center.center_db
AN = Applicant("Nguyễn Văn An")


def test_the_provinces_code_is_cleaned_kept_and_takes_no_local_number(
        center_db: Database) -> None:
    view = DossierService(center_db).receive("cs1", THREE_DAYS, AN,
                                             code=" g22.123-250310-0007 \n")
    assert (view.code, view.origin) == ("G22.123-250310-0007", "province")
    with center_db.reading() as session:
        assert session.scalar(select(func.count()).select_from(DossierSequence)) == 0


@pytest.mark.parametrize("typed", ["ABC", "H48 0001!", "----------", "Ạ-250310-0007"])
def test_a_bad_code_is_refused_and_nothing_written(center_db: Database, typed: str) -> None:
    with pytest.raises(InvalidOperation, match="không hợp lệ"):
        DossierService(center_db).receive("cs1", THREE_DAYS, AN, code=typed)
    with center_db.reading() as session:
        assert session.scalar(select(func.count(Dossier.id))) == 0


def test_a_code_is_unique(center_db: Database) -> None:
    service = DossierService(center_db)
    service.receive("cs1", THREE_DAYS, AN, code="G22.123-250310-0007")
    with pytest.raises(InvalidOperation, match="đã có trong hệ thống"):
        service.receive("cs1", THREE_DAYS, AN, code="g22.123-250310-0007")


def test_local_codes_are_a_per_site_setting_and_marked(center_db: Database) -> None:
    """On by default (as before): a local code in the national format, origin "local",
    marked "mã nội bộ". Off: a code is required; the other site keeps its own setting; the
    change is an event naming who."""
    service = DossierService(center_db)
    local = service.receive("cs1", THREE_DAYS, AN)
    assert local.code == f"{AGENCY}-250310-0001" and local.origin == "local"
    assert code_label(local.code, local.origin) == f"{local.code} (mã nội bộ)"
    assert code_label("G22-1", "province") == "G22-1"
    set_local_codes(center_db, "cs1", False, actor="admin")
    assert not local_codes(center_db, "cs1") and local_codes(center_db, "cs2")
    with pytest.raises(InvalidOperation, match="Cần nhập hoặc quét mã hồ sơ"):
        service.receive("cs1", THREE_DAYS, AN)
    assert service.receive("cs2", THREE_DAYS, AN).origin == "local"
    with center_db.reading() as session:
        data = session.scalars(select(Event.data).where(Event.kind == "config.changed")).one()
    assert data["key"] == "dossier.local_codes" and data["after"] is False
    assert data["by"] == "admin"


def test_a_code_is_found_by_its_last_parts() -> None:
    code = "000.00.53.H48-220921-0099"
    assert suffix_matches(code, "0099") and suffix_matches(code, "220921.0099")
    assert suffix_matches(code, "220921-0099") and suffix_matches(code, code.lower())
    assert not suffix_matches(code, "099") and not suffix_matches(code, "0098")
    assert not suffix_matches(code, "") and not suffix_matches(code, "1.220921.0099")


def test_the_cli_turns_local_codes_off_and_lists_mark_local_codes(
        tmp_path: object, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``layso dossier local-codes off`` then a receive without a code fails with the reason;
    ``layso dossier list`` marks a local code."""
    import json
    from pathlib import Path

    from shared.cli.main import main
    from shared.db.migrate import upgrade
    from tests.shared.dossier_center import seed_center

    assert isinstance(tmp_path, Path)
    monkeypatch.setenv("LAYSO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("LAYSO_CONFIG", raising=False)
    monkeypatch.delenv("LAYSO_LANGUAGE", raising=False)
    url = f"sqlite:///{tmp_path / 'layso.db'}"
    db = Database(url)
    upgrade(db)
    seed_center(db)
    db.dispose()
    base = ["--db", url, "--site", "cs1", "dossier"]
    receive = [*base, "receive", "--procedure", THREE_DAYS, "--name", "An"]
    assert main(receive) == 0
    assert main([*base, "list"]) == 0
    assert "(mã nội bộ)" in capsys.readouterr().out
    assert main([*base, "local-codes", "off", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"site": "cs1", "local_codes": False}
    assert main(receive) != 0
    assert "Cần nhập hoặc quét mã hồ sơ" in capsys.readouterr().err
    assert main([*receive, "--code", "G22.1-261123-0009"]) == 0
