"""The checks of ``make lint`` catch what they are there for (issue 18).

``make lint`` runs ruff, mypy (strict on domain/ and exports/) and import-linter, all configured
in pyproject.toml. Each check is shown failing on a deliberate violation and passing without it:
the layer contracts on a throw-away ``workshop_app`` package in ``tmp_path`` that has the real
package's layers and the real contract configuration, ruff and mypy on a small file with and
without a mistake. Real subprocess runs of the installed tools, nothing mocked.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"
BIN = Path(sys.executable).parent
BLUEPRINTS = ("api", "auth", "facilitator", "moderator", "organizer", "pages", "participant", "public",
              "responsible", "screen")
CONTRACTS = ("domain-pure", "services-below-web", "blueprints-independent", "live-below-web")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_COLOR": "1", **env}
    completed = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120, env=environment,
                               check=False)
    # lint-imports colours its report even when not on a terminal; the assertions read plain text.
    completed.stdout = _ANSI.sub("", completed.stdout)
    return completed


# --------------------------------------------------------------------------- import-linter

def _contract_config() -> str:
    """The ``[tool.importlinter]`` tables of the real pyproject.toml, as they are written there."""
    lines, inside = [], False
    for line in PYPROJECT.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            inside = line.lstrip("[").startswith("tool.importlinter")
        if inside:
            lines.append(line)
    return "\n".join(lines) + "\n"


def _toy_package(root: Path, violation: tuple[str, str] | None = None) -> Path:
    """A ``workshop_app`` with every layer the contracts name, importing only what is allowed.

    ``violation``: (module path inside the package, source) written on top of that.
    """
    files = {
        "__init__.py": "",
        "domain/__init__.py": "",
        "domain/rules.py": "import re\n",
        "services/__init__.py": "",
        "services/votes.py": "from workshop_app.domain import rules\nimport sqlalchemy\n",
        "live/__init__.py": "",
        "live/rooms.py": "from workshop_app.services import votes\nimport flask_socketio\n",
    }
    for name in BLUEPRINTS:
        files[f"{name}/__init__.py"] = ""
        files[f"{name}/views.py"] = ("import flask\nfrom workshop_app.services import votes\n"
                                     "from workshop_app.live import rooms\n")
    if violation:
        files[violation[0]] = violation[1]
    package = root / "workshop_app"
    for path, source in files.items():
        (package / path).parent.mkdir(parents=True, exist_ok=True)
        (package / path).write_text(source, encoding="utf-8")
    config = root / "pyproject.toml"
    config.write_text(_contract_config(), encoding="utf-8")
    return config


def _lint_imports(config: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    selected = [arg for contract in contracts for arg in ("--contract", contract)]
    # PYTHONPATH first: the toy package shadows the installed (editable) workshop_app.
    return _run([str(BIN / "lint-imports"), "--config", str(config), "--no-cache", *selected],
                config.parent, PYTHONPATH=str(config.parent))


def test_the_config_has_the_four_contracts() -> None:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    assert tuple(c["id"] for c in config["contracts"]) == CONTRACTS
    assert config["include_external_packages"] is True  # needed to forbid flask and sqlalchemy


def test_the_toy_package_keeps_every_contract(tmp_path: Path) -> None:
    """The baseline: a layered package without violations passes, so each failure below is its violation's."""
    completed = _lint_imports(_toy_package(tmp_path))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "4 kept, 0 broken" in completed.stdout


@pytest.mark.parametrize(
    ("contract", "path", "source", "chain"),
    [
        ("domain-pure", "domain/web.py", "import flask\n", "workshop_app.domain.web -> flask"),
        ("domain-pure", "domain/store.py", "from sqlalchemy import select\n", "-> sqlalchemy"),
        ("domain-pure", "domain/rows.py", "from workshop_app.services import votes\n", "-> workshop_app.services"),
        ("services-below-web", "services/push.py", "from workshop_app.live import rooms\n",
         "workshop_app.services.push -> workshop_app.live.rooms"),
        ("services-below-web", "services/page.py", "from workshop_app.pages import views\n",
         "workshop_app.services.page -> workshop_app.pages.views"),
        ("blueprints-independent", "api/forms.py", "from workshop_app.organizer import views\n",
         "workshop_app.api.forms -> workshop_app.organizer.views"),
        ("live-below-web", "live/screen.py", "import workshop_app.screen.views\n",
         "workshop_app.live.screen -> workshop_app.screen.views"),
    ],
    ids=["domain-flask", "domain-sqlalchemy", "domain-services", "services-live", "services-blueprint",
         "blueprint-blueprint", "live-blueprint"],
)
def test_a_violation_breaks_its_contract(tmp_path: Path, contract: str, path: str, source: str,
                                         chain: str) -> None:
    config = _toy_package(tmp_path, (path, source))
    completed = _lint_imports(config, contract)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "1 broken" in completed.stdout
    assert chain in completed.stdout


def test_an_indirect_route_counts_too(tmp_path: Path) -> None:
    """services → a helper module → a blueprint is as forbidden as the direct import."""
    config = _toy_package(tmp_path, ("services/helper.py", "from workshop_app.auth import views\n"))
    (tmp_path / "workshop_app/services/mail.py").write_text("from workshop_app.services import helper\n")
    completed = _lint_imports(config, "services-below-web")
    assert completed.returncode == 1
    assert "workshop_app.services.helper -> workshop_app.auth.views" in completed.stdout


@pytest.mark.parametrize("contract", CONTRACTS)
def test_the_real_package_keeps_the_contract(contract: str) -> None:
    completed = _run([str(BIN / "lint-imports"), "--no-cache", "--contract", contract], ROOT)
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr


# --------------------------------------------------------------------------- ruff and mypy

_CLEAN = '''"""A clean module."""

from collections.abc import Sequence


def total(values: Sequence[int]) -> int:
    return sum(values)
'''


def _ruff(path: Path) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-m", "ruff", "check", "--no-cache", "--config", str(PYPROJECT), str(path)],
                ROOT)


def test_ruff_passes_a_clean_file(tmp_path: Path) -> None:
    clean = tmp_path / "clean.py"
    clean.write_text(_CLEAN, encoding="utf-8")
    completed = _ruff(clean)
    assert completed.returncode == 0, completed.stdout


@pytest.mark.parametrize(
    ("source", "rule"),
    [
        ("import os\n", "F401"),  # unused import
        ('NAMES = [\n    "a"\n    "b",\n]\n', "ISC004"),  # a missing comma joins two items
        ("def f(items=[]):\n    return items\n", "B006"),  # a mutable default shared by every call
        ("def f():\n    try:\n        return 1\n    except Exception:\n        return 2\n", "BLE001"),
        ("from datetime import datetime\n\nNOW = datetime.now()\n", "DTZ005"),  # a naive "now"
    ],
    ids=["F401", "ISC004", "B006", "BLE001", "DTZ005"],
)
def test_ruff_fails_on_a_violation(tmp_path: Path, source: str, rule: str) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(source, encoding="utf-8")
    completed = _ruff(bad)
    assert completed.returncode == 1
    assert re.search(rf"\b{rule}\b", completed.stdout), completed.stdout


def _mypy(path: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-m", "mypy", "--config-file", str(PYPROJECT), "--cache-dir", str(cache),
                 str(path)], ROOT)


def test_mypy_is_strict(tmp_path: Path) -> None:
    """The strict settings apply: a clean module passes, an unannotated function does not."""
    clean, bad = tmp_path / "clean.py", tmp_path / "bad.py"
    clean.write_text(_CLEAN, encoding="utf-8")
    bad.write_text('"""Not annotated."""\n\n\ndef total(values):\n    return sum(values)\n', encoding="utf-8")
    passed = _mypy(clean, tmp_path / "cache")
    assert passed.returncode == 0, passed.stdout
    failed = _mypy(bad, tmp_path / "cache")
    assert failed.returncode == 1
    assert "[no-untyped-def]" in failed.stdout


# --------------------------------------------------------------------------- make test runs them

def test_make_test_runs_lint_before_the_suite() -> None:
    makefile = ROOT / "Makefile"
    recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile.read_text(encoding="utf-8"), re.MULTILINE)
    assert recipe is not None
    steps = recipe.group(1).splitlines()
    lint = next(i for i, step in enumerate(steps) if step.strip().endswith(" lint"))
    first_pytest = next(i for i, step in enumerate(steps) if "pytest" in step)
    assert lint < first_pytest
    lint_recipe = re.search(r"^lint:.*\n((?:\t.*\n)+)", makefile.read_text(encoding="utf-8"), re.MULTILINE)
    assert lint_recipe is not None
    for tool in ("ruff check", "mypy", "lint-imports"):
        assert tool in lint_recipe.group(1)
