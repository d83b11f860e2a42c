"""The in-memory index: a search typed letter by letter (narrowed from the previous
keystroke's candidates) finds exactly what the same query finds from scratch."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.catalog_csv import parse_catalog
from shared.catalog_index import CatalogIndex, ProcedureView
from shared.paths import CATALOG_DIR


def _views() -> list[ProcedureView]:
    return [ProcedureView(row.code, row.name, row.field, row.level, row.time_limit,
                          row.time_unit, row.fee, row.online_level, tuple(row.documents),
                          tuple(row.steps), row.portal_url, row.source)
            for row in parse_catalog(CATALOG_DIR / "procedures.csv")]


VIEWS = _views()
TYPED = ["dang ky khai sinh", "Đăng ký kết hôn", "chung thuc ban sao", "1.001193",
         "inh", "uong", "giay xac nhan tinh trang hon nhan", "ho  kinh doanh", "thu tuc d"]


def _typed_then_fresh(query: str) -> tuple[list[list[str]], list[list[str]]]:
    typing = CatalogIndex(VIEWS)
    typed = [[view.code for view in typing.search(query[:end])]
             for end in range(1, len(query) + 1)]
    fresh = [[view.code for view in CatalogIndex(VIEWS).search(query[:end])]
             for end in range(1, len(query) + 1)]
    return typed, fresh


def test_typing_letter_by_letter_finds_what_a_fresh_search_finds() -> None:
    """Narrowing never loses a match: e.g. "inh" matches inside words ("sinh") although "in"
    (two letters, no word starts with it) matches nothing; every prefix of real queries gives
    the same ranked list."""
    for query in TYPED:
        typed, fresh = _typed_then_fresh(query)
        assert typed == fresh, query
    assert CatalogIndex(VIEWS).search("dang ky khai sinh")[0].name == "Thủ tục đăng ký khai sinh"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abcdđghiklmnostuyáàảãạêếệôơưăk .1", min_size=1, max_size=12))
def test_any_typed_query_equals_its_fresh_search(query: str) -> None:
    typed, fresh = _typed_then_fresh(query)
    assert typed == fresh


def test_a_new_catalog_forgets_the_previous_search() -> None:
    """After replace(), a query extending the last one searches the new procedures."""
    index = CatalogIndex(VIEWS[:5])
    index.search("thu tuc")
    index.replace(VIEWS)
    assert len(index.search("thu tuc dang ky khai sinh")) > 0
