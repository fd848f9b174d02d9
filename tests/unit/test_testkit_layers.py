"""The test-data layering: the app ships without test data, and ``tests`` and ``bench`` share
``testkit`` instead of importing each other (the cycle they used to have). Read as source (ast), so
that the check needs neither package importable."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: package → the top-level packages it must not import
FORBIDDEN = {
    "workshop_app": {"tests", "bench", "testkit"},
    "testkit": {"tests", "bench"},
    "bench": {"tests"},
    "tests": {"bench"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_no_forbidden_layer(package):
    offending = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        if bad := imported_packages(path) & FORBIDDEN[package]:
            offending[str(path.relative_to(ROOT))] = sorted(bad)
    assert not offending, f"{package} must not import {sorted(FORBIDDEN[package])}: {offending}"


def test_the_check_sees_an_import(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("import os\nfrom bench import common\nfrom .near import thing\n")
    assert imported_packages(sample) == {"os", "bench"}


def test_sample_documents_are_not_in_the_app():
    assert not list((ROOT / "workshop_app").rglob("samples*.py"))
