"""A coverage floor for the bundled catalog: the facts found on official pages for the
procedures people come for most (the ``common`` list of assets/catalog/synonyms.toml) stay in
assets/catalog/procedures.csv. A later edit that drops a document list, a time limit, a fee,
a legal basis or the citation of a row listed here fails this test; filling a fact that is
still missing only needs a new entry here (assets/catalog/README.md has the same table)."""

from __future__ import annotations

import re
import tomllib

import pytest

from shared.catalog_csv import ProcedureRow, parse_catalog
from shared.paths import CATALOG_DIR

ALL = frozenset({"documents", "steps", "time_limit", "fee", "legal_basis"})

#: Per code of the ``common`` list: the facts the bundled file states (each from the pages its
#: ``source`` cites after "Nội dung:"). Missing facts are left empty on purpose, the kiosk
#: then names the counter to ask (README: "Coverage of the common procedures").
EXPECTED: dict[str, frozenset[str]] = {
    "2.000815": ALL, "1.001193": ALL, "2.000884": ALL, "1.004873": ALL, "1.000894": ALL,
    "1.000656": ALL, "2.000635": ALL, "1.012814": ALL, "2.001035": ALL - {"time_limit"},
    "1.004859": ALL - {"time_limit"}, "2.001009": ALL - {"documents"},
    "2.001406": ALL - {"time_limit"}, "1.001776": frozenset({"documents", "steps",
                                                              "legal_basis"}),
    "1.001022": ALL, "1.000689": ALL, "1.004884": ALL - {"time_limit"},
    "1.004772": ALL, "2.000908": ALL, "2.000942": ALL, "2.001016": ALL, "2.001019": ALL,
    "2.000913": ALL, "2.000927": ALL, "1.001731": ALL, "1.001699": ALL, "1.001653": ALL,
    "1.011607": ALL, "1.012812": ALL, "1.004746": ALL - {"time_limit"}, "1.005461": ALL,
    "1.004837": ALL, "1.004845": ALL, "2.001263": ALL,
    "1.007073": frozenset({"steps", "legal_basis"}),
    "2.000986": frozenset(), "2.001023": frozenset(),  # liên thông: left out on purpose
    "1.010803": ALL, "1.010824": frozenset({"documents", "steps", "legal_basis"}),
    "1.001758": ALL - {"legal_basis"}, "2.001157": frozenset({"steps", "legal_basis"}),
    "1.001612": ALL,
}

#: Sites cited after "Nội dung:" that are not government pages, each with why it stays: no
#: official page with the same content was found (assets/catalog/README.md).
NOT_GOVERNMENT = {
    ("1.001776", "familaw.net"), ("1.001776", "anninhthudo.vn"),  # Nghị định 20/2021 quoted
    ("2.001157", "baomoi.net.vn"),  # Quyết định 639/QĐ-BNV quoted
    ("1.007073", "m.thuvienphapluat.vn"),  # copy of Quyết định 447/QĐ-UBND (Thanh Hóa)
}


def _rows() -> dict[str, ProcedureRow]:
    return {row.code: row for row in parse_catalog(CATALOG_DIR / "procedures.csv")}


def _facts(row: ProcedureRow) -> frozenset[str]:
    present = {"documents": bool(row.documents), "steps": bool(row.steps),
               "time_limit": row.time_limit is not None and bool(row.time_unit),
               "fee": bool(row.fee), "legal_basis": bool(row.legal_basis)}
    return frozenset(name for name, ok in present.items() if ok)


def _common() -> list[str]:
    text = (CATALOG_DIR / "synonyms.toml").read_text("utf-8")
    return list(tomllib.loads(text)["common"])


def test_the_table_lists_exactly_the_common_procedures() -> None:
    common = _common()
    assert len(common) >= 40
    assert set(common) == set(EXPECTED)
    assert set(common) <= set(_rows())


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_a_common_procedure_keeps_the_facts_found_for_it(code: str) -> None:
    row = _rows()[code]
    assert EXPECTED[code] <= _facts(row), f"{code} lost {sorted(EXPECTED[code] - _facts(row))}"
    if EXPECTED[code]:
        assert row.source and "Nội dung: http" in row.source, code


def test_at_least_28_common_procedures_state_all_five_facts() -> None:
    rows = _rows()
    complete = [code for code in _common() if _facts(rows[code]) == ALL]
    assert len(complete) >= 28, complete


def test_common_procedures_cite_government_pages_for_their_content() -> None:
    """After "Nội dung:" every site is a .gov.vn page (the national database included),
    except the few listed in NOT_GOVERNMENT."""
    rows = _rows()
    for code in _common():
        source = rows[code].source or ""
        if "Nội dung:" not in source:
            continue
        cited = source.split("Nội dung:", 1)[1]
        for host in re.findall(r"https?://([^/\s;|]+)", cited):
            if not host.endswith(".gov.vn"):
                assert (code, host) in NOT_GOVERNMENT, (code, host)
