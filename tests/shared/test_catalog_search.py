"""The kiosk's search in the citizen's words (shared/catalog_index.py, catalog_words.py,
catalog_synonyms.py): everyday queries find the procedure people mean in the top 3; plain
queries for what the catalog does not have find nothing; typos, kí/ký and the synonyms file."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.catalog import CatalogService, synonym_files
from shared.catalog_csv import parse_catalog
from shared.catalog_index import CatalogIndex, ProcedureView
from shared.catalog_synonyms import load_synonyms, parse_synonyms
from shared.catalog_words import words_of
from shared.db.database import Database
from shared.errors import CatalogError
from shared.paths import CATALOG_DIR


def _views() -> list[ProcedureView]:
    return [ProcedureView(row.code, row.name, row.field, row.level, row.time_limit,
                          row.time_unit, row.fee, row.online_level, row.documents, row.steps,
                          row.portal_url, row.source)
            for row in parse_catalog(CATALOG_DIR / "procedures.csv")]


INDEX = CatalogIndex(_views(), load_synonyms([CATALOG_DIR / "synonyms.toml"]))

#: (what a citizen types, the procedure they mean): it must be among the first three.
EVERYDAY = [
    # the brief's own examples
    ("sao y", "2.000815"),
    ("giấy độc thân", "1.004873"),
    ("làm khai sinh", "1.001193"),
    ("sổ đỏ", "1.012814"),
    ("đăng kí kết hôn", "1.000894"),
    ("chung thuc", "2.000815"),
    # common names
    ("sao y bản chính", "2.000815"),
    ("photo công chứng", "2.000815"),
    ("công chứng giấy tờ", "2.000815"),
    ("công chứng", "2.000815"),
    ("xac nhan doc than", "1.004873"),
    ("độc thân", "1.004873"),
    ("giấy khai sinh", "1.001193"),
    ("xin giấy khai sinh cho con", "1.001193"),
    ("làm giấy kết hôn", "1.000894"),
    ("giấy chứng tử", "1.000656"),
    ("báo tử", "1.000656"),
    ("bản sao giấy khai sinh", "2.000635"),
    ("trích lục", "2.000635"),
    ("sửa tên", "1.004859"),
    ("cải chính", "1.004859"),
    ("sổ hồng", "1.012814"),
    ("làm sổ đỏ", "1.012814"),
    ("tranh chấp đất", "1.012812"),
    ("nhận con", "1.001022"),
    ("chia thừa kế", "2.001406"),
    ("từ chối thừa kế", "2.001016"),
    ("di chúc", "2.001019"),
    ("mua bán đất", "2.001035"),
    ("chứng thực chữ kí", "2.000884"),
    ("trợ cấp người già", "1.001776"),
    ("tiền mai táng", "1.001731"),
    ("giấy khuyết tật", "1.001699"),
    ("hộ nghèo", "1.011607"),
    ("cận nghèo", "1.011607"),
    ("thờ cúng liệt sỹ", "1.010803"),
    ("con nuôi", "2.001263"),
    ("giám hộ", "1.004837"),
    ("mở quán", "1.001612"),
    ("chất độc da cam", "1.010816"),
    ("đk khai sinh", "1.001193"),
    # without accents, i/y, typed partly
    ("dang ki khai sinh", "1.001193"),
    ("dang ky ket hon", "1.000894"),
    ("khai tu", "1.000656"),
    ("khai s", "1.001193"),
    ("giay doc th", "1.004873"),
    ("1.004873", "1.004873"),
    # one typo per word
    ("khia sinh", "1.001193"),
    ("chng thuc ban sao", "2.000815"),
    ("dang ky ket hom", "1.000894"),
    ("xac nhan tinh trang hon nhna", "1.004873"),
    ("chứng thực bản sa0", "2.000815"),
    ("tro cap xa hoii", "1.001776"),
]


@pytest.mark.parametrize(("query", "code"), EVERYDAY)
def test_an_everyday_query_finds_the_procedure_in_the_top_three(query: str, code: str) -> None:
    """Each everyday query has its procedure among the first three results."""
    assert code in [view.code for view in INDEX.search(query, 3)], query


def test_the_table_has_at_least_forty_everyday_queries() -> None:
    assert len(EVERYDAY) >= 40


@pytest.mark.parametrize(("query", "code"), [
    ("chung thuc", "2.000815"), ("chứng thực", "2.000815"), ("đăng ký", "1.001193"),
    ("khai sinh", "1.001193"), ("ket hon", "1.000894"), ("dang ky k", "1.001193"),
    ("tro cap", "1.001776"), ("khuyet tat", "1.001699"),
])
def test_the_common_procedure_comes_first(query: str, code: str) -> None:
    """Among equally good matches the most common procedure leads ("chung thuc": the
    certified copy, not the will)."""
    assert INDEX.search(query)[0].code == code


def test_chung_thuc_puts_the_certified_copy_before_wills() -> None:
    codes = [view.code for view in INDEX.search("chung thuc", 20)]
    assert codes.index("2.000815") < codes.index("2.001019")


@pytest.mark.parametrize("query", [
    "xe máy", "hộ chiếu", "nộp thuế", "tạm trú", "căn cước", "lý lịch tư pháp", "điện nước",
    "mua xe", "trường học", "bằng lái", "thue", "xyzzy", "kết hợp",
])
def test_a_plain_query_for_what_the_catalog_lacks_finds_nothing_unrelated(query: str) -> None:
    """What the commune catalog does not have finds nothing, or only names with the query's
    words: no typo-correction or synonym invents a match ("tạm trú" is not "trước")."""
    words = words_of(query)
    for view in INDEX.search(query, 50):
        assert all(word in words_of(view.name) for word in words), (query, view.name)


@pytest.mark.parametrize("query", ["kết hôn", "khai tử", "di chúc", "giám hộ", "hộ nghèo",
                                   "chứng thực chữ ký", "khai sinh", "sổ đỏ"])
def test_a_plain_query_lists_only_names_with_its_phrase(query: str) -> None:
    """A correctly typed query lists names holding it as a phrase (or its synonym's), never
    ones that merely share a letter or a scattered word ("kết hôn" is not "kết hợp")."""
    results = INDEX.search(query, 50)
    assert results
    phrases = [" ".join(words_of(query))] + [
        " ".join(target) for alias, target in INDEX.synonyms.phrases
        if alias == tuple(words_of(query))]
    for view in results:
        name = " ".join(words_of(view.name))
        assert any(phrase in name for phrase in phrases), (query, view.name)


def test_i_and_y_are_one_spelling() -> None:
    """"kí"/"ký", "lí"/"lý", "sĩ"/"sỹ" are the same word, with or without accents."""
    assert INDEX.search("đăng kí khai sinh") == INDEX.search("đăng ký khai sinh")
    assert INDEX.search("dang ki") == INDEX.search("dang ky")
    assert INDEX.search("liệt sỹ")[0].code == INDEX.search("liệt sĩ")[0].code
    assert words_of("Kí, Lý, Mĩ, quý, tay") == ["ki", "li", "mi", "quy", "tay"]


def test_a_word_typed_with_its_marks_only_begins_words_spelt_so() -> None:
    """"trú" (the last word, as typed) is not the beginning of "trước"; "tr" still is."""
    assert INDEX.search("tạm trú") == []
    assert INDEX.search("tạm tr")  # still typing: "trước" may come
    assert all("đ" in view.name.lower() for view in INDEX.search("đ", 80))


def test_a_typo_is_forgiven_only_when_the_typed_words_find_nothing() -> None:
    """"ket hop" is a real word: no correction to "kết hôn"; a query of typos only (every
    word unknown) is not corrected at all."""
    assert all("kết hợp" in view.name for view in INDEX.search("ket hop", 50))
    assert INDEX.search("khia sinj") == []


def test_typing_letter_by_letter_is_the_same_as_searching_afresh() -> None:
    """The token cache never changes an answer: each prefix of everyday queries typed in a row
    gives what a fresh index gives."""
    typing = CatalogIndex(_views(), INDEX.synonyms)
    for query, _code in EVERYDAY[:20]:
        for end in range(1, len(query) + 1):
            fresh = CatalogIndex(_views(), INDEX.synonyms)
            assert typing.search(query[:end]) == fresh.search(query[:end]), query[:end]


def test_the_synonyms_file_lists_phrases_the_names_have_and_codes_the_catalog_has() -> None:
    """Every name phrase of the bundled synonyms is in some procedure's name (else it could
    never find anything) and every common code is in the bundled catalog."""
    synonyms = load_synonyms([CATALOG_DIR / "synonyms.toml"])
    names = [" " + " ".join(words_of(view.name)) + " " for view in _views()]
    targets = {target for _alias, target in synonyms.phrases}
    for target in targets:
        assert any(f" {' '.join(target)} " in name for name in names), target
    codes = {view.code for view in _views()}
    assert set(synonyms.common) <= codes
    assert len(synonyms.common) >= 40


def test_a_center_extends_the_synonyms_with_its_own_file(db: Database, tmp_path: Path) -> None:
    """A center's synonyms.toml adds its own words ("giấy tạm vắng" → its procedure) and its
    common procedures come first; the bundled words still work."""
    center = tmp_path / "synonyms.toml"
    center.write_text('common = ["2.001019"]\n[synonyms]\n"di chúc" = ["tờ di ngôn"]\n',
                      encoding="utf-8")
    catalog = CatalogService(db, synonyms=load_synonyms([CATALOG_DIR / "synonyms.toml",
                                                         center]))
    catalog.import_csv(CATALOG_DIR / "procedures.csv")
    assert catalog.search("tờ di ngôn")[0].code == "2.001019"
    assert catalog.search("chung thuc")[0].code == "2.001019"  # the center's common first
    assert catalog.search("sao y")[0].code == "2.000815"
    assert synonym_files()[0] == CATALOG_DIR / "synonyms.toml"
    assert synonym_files()[1].name == "synonyms.toml"


def test_a_broken_center_file_is_skipped_with_a_log_line(tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture
                                                          ) -> None:
    """A wrong center file never stops the kiosk: it is logged and the bundled words work."""
    center = tmp_path / "synonyms.toml"
    center.write_text('[synonyms]\n"di chúc" = 5\n', encoding="utf-8")
    synonyms = load_synonyms([CATALOG_DIR / "synonyms.toml", center])
    assert "synonyms.toml" in caplog.text
    assert CatalogIndex(_views(), synonyms).search("sao y")[0].code == "2.000815"
    with pytest.raises(CatalogError) as failed:
        parse_synonyms('colours = 1\n[synonyms]\n"x" = 5\n', "center.toml")
    assert any("colours" in problem for problem in failed.value.problems)
    assert any("danh sách chuỗi" in problem for problem in failed.value.problems)
