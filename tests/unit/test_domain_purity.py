"""The domain package imports only the standard library and rapidfuzz.

Two independent proofs: a static scan of every import statement, and a fresh interpreter that
imports every domain module and then looks at ``sys.modules``. The fresh interpreter stubs the
``workshop_app`` package itself, so the app factory in ``workshop_app/__init__.py`` (which does
import Flask) is not run and cannot hide or cause a finding.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "workshop_app" / "domain"
ROOT = DOMAIN.parents[1]
EXPECTED_MODULES = {"__init__", "errors", "phases", "joincodes", "ballots", "tally", "merge",
                    "similarity", "text", "deadlines"}
ALLOWED_THIRD_PARTY = {"rapidfuzz"}
FORBIDDEN_PREFIXES = ("flask", "sqlalchemy", "werkzeug", "wtforms", "jinja2", "alembic",
                      "gevent", "socketio", "engineio", "babel")

CHECK_SCRIPT = """
import importlib, json, sys, types
sys.path.insert(0, {root!r})
package = types.ModuleType("workshop_app")
package.__path__ = [{package!r}]
sys.modules["workshop_app"] = package
for name in {modules!r}:
    importlib.import_module(name)
print(json.dumps(sorted(sys.modules)))
"""


def import_problems(source: str) -> list[str]:
    """Imports in ``source`` that a domain module must not have."""
    problems = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 1:  # sibling domain module
                continue
            names = [f"{'.' * node.level}{node.module or ''}"]
        elif isinstance(node, ast.Call):
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            if name in {"__import__", "import_module"}:
                problems.append(f"dynamic import via {name}")
            continue
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if name == "workshop_app.domain" or name.startswith("workshop_app.domain."):
                continue
            if top and (top in sys.stdlib_module_names or top in ALLOWED_THIRD_PARTY
                        or top == "__future__"):
                continue
            problems.append(name)
    return problems


def domain_modules() -> list[str]:
    return sorted(
        "workshop_app.domain" if path.stem == "__init__" else f"workshop_app.domain.{path.stem}"
        for path in DOMAIN.glob("*.py")
    )


def loaded_modules(extra: tuple[str, ...] = ()) -> set[str]:
    script = CHECK_SCRIPT.format(root=str(ROOT), package=str(DOMAIN.parent),
                                 modules=[*domain_modules(), *extra])
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                               timeout=60, check=True, cwd=ROOT)
    return set(json.loads(completed.stdout))


def forbidden(modules: set[str]) -> set[str]:
    outside_domain = {m for m in modules if m.startswith("workshop_app.")
                      and not m.startswith("workshop_app.domain")}
    return outside_domain | {m for m in modules if m.split(".")[0].startswith(FORBIDDEN_PREFIXES)}


def test_all_domain_modules_are_checked() -> None:
    """Discovery finds at least the known modules; any module added later is checked too."""
    assert {path.stem for path in DOMAIN.glob("*.py")} >= EXPECTED_MODULES
    assert len(domain_modules()) == len(list(DOMAIN.glob("*.py")))


@pytest.mark.parametrize("path", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_static_imports_are_standard_library_or_rapidfuzz(path: Path) -> None:
    assert import_problems(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    ["import flask", "from sqlalchemy import select", "import werkzeug.security",
     "from wtforms import Form", "from workshop_app.models import Vote", "from .. import models",
     "from ..services import votes", "import workshop_app", "import numpy",
     "__import__('flask')", "importlib.import_module('sqlalchemy')"],
)
def test_static_scan_catches_forbidden_imports(source: str) -> None:
    assert import_problems(source) != []


@pytest.mark.parametrize(
    "source",
    ["import re", "from collections.abc import Mapping", "from .errors import DomainError",
     "from rapidfuzz import fuzz", "from workshop_app.domain.errors import CODES",
     "from __future__ import annotations"],
)
def test_static_scan_accepts_allowed_imports(source: str) -> None:
    assert import_problems(source) == []


def test_fresh_interpreter_loads_no_framework() -> None:
    modules = loaded_modules()
    assert set(domain_modules()) <= modules
    assert "rapidfuzz" in modules
    assert forbidden(modules) == set()


def test_runtime_check_would_notice_a_framework() -> None:
    pytest.importorskip("werkzeug")
    assert "werkzeug" in forbidden(loaded_modules(extra=("werkzeug",)))
