"""The one coercion of form fields and query parameters (workshop_app.inputs) and the one table
from domain error codes to HTTP statuses (workshop_app.error_status)."""
from __future__ import annotations

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from workshop_app import inputs
from workshop_app.domain.errors import DomainError
from workshop_app.error_status import CONFLICT_CODES, STATUS_BY_CODE, status_for


@pytest.mark.parametrize("text", ["abc", "1.5", "-3", "12abc", "9999999999"])
def test_bad_number_text_is_refused_not_passed_on(text):
    # Passed on, such text reached a database comparison (a 500 on PostgreSQL).
    with pytest.raises(DomainError) as refused:
        inputs.optional_int(text, "budget")
    assert refused.value.code == "invalid_choice" and refused.value.params["field"] == "budget"


def test_numbers_and_empty_fields():
    assert inputs.optional_int("12", "x") == 12
    assert inputs.optional_int(" 7 ", "x") == 7
    assert inputs.optional_int("", "x") is None and inputs.optional_int(None, "x") is None


def test_checkbox():
    assert inputs.checkbox({"a": "on"}, "a") and inputs.checkbox({"a": "1"}, "a")
    assert not inputs.checkbox({}, "a") and not inputs.checkbox({"a": "off"}, "a")


def test_optional_date():
    assert inputs.optional_date("2027-03-31", "d") == date(2027, 3, 31)
    assert inputs.optional_date("", "d") is None
    with pytest.raises(DomainError) as refused:
        inputs.optional_date("31.03.2027", "d")
    assert refused.value.code == "invalid_date"


def test_merge_choice_never_merges_the_target_into_itself():
    form = MultiDict([("merge", "3"), ("merge", "5"), ("merge", ""), ("into", "5")])
    assert inputs.merge_choice(form) == ([3], 5)
    with pytest.raises(DomainError):
        inputs.merge_choice(MultiDict([("merge", "x"), ("into", "5")]))


def test_export_options_default_and_given_language():
    assert inputs.export_options({}, "pdf") == {"language": "de"}
    assert inputs.export_options({}, "pdf", default_language="en") == {"language": "en"}
    assert inputs.export_options({}, "pdf", default_language="tr") == {"language": "de"}
    assert inputs.export_options({"lang": "en"}, "pdf", default_language="de") == {"language": "en"}
    with pytest.raises(DomainError) as refused:
        inputs.export_options({"lang": "fr"}, "pdf")
    assert refused.value.params["field"] == "lang"


def test_export_options_delimiter_only_for_csv_but_always_checked():
    assert inputs.export_options({"delimiter": ";"}, "csv") == {"language": "de", "delimiter": ";"}
    assert inputs.export_options({"delimiter": ";"}, "xlsx") == {"language": "de"}
    with pytest.raises(DomainError):
        inputs.export_options({"delimiter": "|"}, "xlsx")


def test_one_status_per_code():
    assert status_for("round_open") == 409 and status_for(DomainError("workshop_full")) == 409
    assert status_for("not_joined") == 401 and status_for("proposal_not_found") == 404
    assert status_for("required") == 422
    assert not CONFLICT_CODES & set(STATUS_BY_CODE)
