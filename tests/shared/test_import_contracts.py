"""The import-linter contract "Only shared/ui/ itself may import shared/ui/" (pyproject.toml)
covers every module of shared/ outside shared/ui/, present and future: checked on a copy of
shared/ where one module at a time is made to import shared.ui."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = "Only shared/ui/ itself may import shared/ui/"


def _contract() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [c for c in config["tool"]["importlinter"]["contracts"]
                  if c["name"] == CONTRACT]
    return dict(contract)


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports with only that contract, on the copy of shared/ in ``tree``."""
    lines = ['[tool.importlinter]', 'root_packages = ["shared"]', '',
             '[[tool.importlinter.contracts]]']
    lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}"
              for key, value in _contract().items()]
    (tree / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(tree))
    return subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
                          cwd=tree, env=env, capture_output=True, text=True, check=False)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of shared/ to break."""
    folder = tmp_path
    shutil.copytree(ROOT / "shared", folder / "shared",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return folder


def test_the_contract_names_the_whole_core_not_a_list() -> None:
    """The source is every child of ``shared`` (a wildcard, so a module added later is
    covered), with no import exempted."""
    contract = _contract()
    assert contract["source_modules"] == ["shared.*"]
    assert contract["forbidden_modules"] == ["shared.ui"]
    assert "ignore_imports" not in contract


def test_the_contract_holds_on_the_real_tree(tree: Path) -> None:
    """As the code stands, no module of the core imports shared/ui/."""
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr


#: The modules the contract's old list of names missed, and one that does not exist yet.
MISSED = ["board", "ratings", "textfold", "catalog_csv", "catalog_index", "queue_reads",
          "dossier_views", "i18n", "logs", "paths", "clock", "errors", "brand_new_module"]


def test_any_core_module_importing_shared_ui_breaks_it(tree: Path) -> None:
    """Each of the twelve modules the old list missed, and a module added later: an import
    of shared.ui from it breaks the contract (one run, each named in the report)."""
    for module in MISSED:
        path = tree / "shared" / f"{module}.py"
        original = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(original + "\nimport shared.ui.theme  # noqa\n", encoding="utf-8")
    result = _lint(tree)
    assert result.returncode != 0 and "BROKEN" in result.stdout
    for module in MISSED:
        assert f"shared.{module} is not allowed to import shared.ui" in result.stdout, module
