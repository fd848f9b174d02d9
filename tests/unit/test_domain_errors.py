"""Error objects and the catalogue of codes the web layer translates."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from workshop_app.domain import errors
from workshop_app.domain.errors import (
    CODES,
    BallotRejected,
    DomainError,
    InvalidDeadline,
    InvalidText,
    InvalidTransition,
)

DOMAIN_DIR = Path(errors.__file__).parent
ERROR_CLASSES = {"DomainError", "InvalidTransition", "BallotRejected", "InvalidText",
                 "InvalidDeadline"}


def _codes_raised_in_source() -> set[str]:
    """First string argument of every call to an error class (or helper) in the domain package."""
    found: set[str] = set()
    for path in DOMAIN_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in ERROR_CLASSES and isinstance(first, ast.Constant):
                found.add(str(first.value))
    return found


def test_error_carries_code_params_and_message() -> None:
    error = DomainError("over_budget", "Too much.", budget=5, total=7)
    assert (error.code, error.params, error.message) == ("over_budget", {"budget": 5, "total": 7},
                                                         "Too much.")
    assert str(error) == "Too much."
    assert "over_budget" in repr(error) and "'budget': 5" in repr(error)


def test_default_message_is_plain_english_from_code() -> None:
    error = DomainError("round_not_closed")
    assert error.message == "Round not closed"
    assert error.params == {}


@pytest.mark.parametrize("cls", [InvalidTransition, BallotRejected, InvalidText, InvalidDeadline])
def test_subclasses_are_domain_errors(cls: type[DomainError]) -> None:
    error = cls("required", x=1)
    assert isinstance(error, DomainError) and isinstance(error, Exception)
    assert error.code == "required" and error.params == {"x": 1}


def test_codes_are_unique_snake_case_strings() -> None:
    assert len(CODES) == len(set(CODES))
    for code in CODES:
        assert code.isascii() and code == code.lower() and " " not in code, code


def test_every_code_raised_is_catalogued() -> None:
    raised = _codes_raised_in_source()
    assert raised, "the scan found no error codes at all; it is broken"
    assert raised - set(CODES) == set()


def test_every_catalogued_code_is_used() -> None:
    assert set(CODES) - _codes_raised_in_source() == set()
