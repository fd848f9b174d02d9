"""Supply chain: `make test` ends with `make audit`, which runs pip-audit against the installed
environment, bandit over our code and the vendored-file manifest check; CI runs `make test`.
(The manifest itself — versions and SHA-256 of vendored JavaScript — is checked in
test_vendor_manifest.py.)"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _target(name: str) -> str:
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{name}:.*?(?=^\S|\Z)", makefile, re.S | re.M)
    assert match, f"Makefile has no {name} target"
    return match.group(0)


def test_make_test_runs_the_audit():
    assert "$(MAKE) --no-print-directory audit" in _target("test") or "audit" in _target("test").split(":")[1]


def test_audit_runs_pip_audit_bandit_and_the_manifest_check():
    audit = _target("audit")
    assert "pip_audit" in audit or "pip-audit" in audit
    assert "--skip-editable" in audit or " -r " in audit  # the project itself is not on PyPI
    assert "bandit" in audit and "-r workshop_app" in audit
    assert "vendor_manifest.py --check" in audit


def test_ci_runs_make_test():
    assert re.search(r"\bmake\b.*\btest\b", (ROOT / ".ci" / "run").read_text())


def test_audit_tools_are_dev_dependencies_and_runtime_deps_have_floors():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    dev = " ".join(project["optional-dependencies"]["dev"])
    assert "pip-audit" in dev and "bandit" in dev
    for requirement in project["dependencies"]:
        assert ">=" in requirement, f"{requirement}: a minimum version lets pip-audit fixes be pinned"
