"""One vocabulary: every state, status and method code has words, and the exports use the same."""
from __future__ import annotations

import pytest
from babel.support import Translations
from flask_babel import force_locale

from workshop_app import create_app
from workshop_app.domain.ballots import Method
from workshop_app.domain.deadlines import MeasureStatus
from workshop_app.domain.phases import Phase, ProposalState, RoundState, WorkshopState
from workshop_app.exports.labels import LANGUAGES
from workshop_app.vocabulary import TERMS, audit_action, audit_value, term

ENUMS = {"workshop_state": WorkshopState, "phase": Phase, "proposal_state": ProposalState,
         "round_state": RoundState, "method": Method, "measure_status": MeasureStatus}


@pytest.mark.parametrize("kind", sorted(ENUMS))
def test_every_code_has_words(kind) -> None:
    assert set(TERMS[kind]) == {member.value for member in ENUMS[kind]}


@pytest.mark.parametrize("kind", ["phase", "proposal_state", "round_state", "method",
                                  "measure_status", "author", "join_mode"])
def test_exports_speak_the_same_english_words(kind) -> None:
    """The exports' English wording is the vocabulary's message id (the catalogues translate it)."""
    for code, msgid in TERMS[kind].items():
        key = f"{kind}.{code}"
        assert key in LANGUAGES["en"], key
        if kind not in ("proposal_state", "round_state"):  # exports keep their own neutral nouns
            assert LANGUAGES["en"][key].lower() == msgid._args[0].lower(), key


def test_exports_german_status_words_match_the_catalogue_where_translated() -> None:
    catalogue = Translations.load("workshop_app/translations", ["de"])
    for code, msgid in TERMS["measure_status"].items():
        german = catalogue.gettext(msgid._args[0])
        if german != msgid._args[0]:  # translated (the lead updates the catalogues)
            assert german == LANGUAGES["de"][f"measure_status.{code}"]


def test_words_never_show_raw_codes() -> None:
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context(), force_locale("en"):
        assert term("measure_status", "in_progress") == "in progress"
        assert term("measure_status", "") == "–"
        assert term("measure_status", "unheard_of") == "unheard of"
        assert audit_action("process.create") == "Process created"
        assert "." not in audit_action("round.open") and "_" not in audit_action("workshop.timer_start")
        assert audit_action("goal.council_papers") == "Goal: council papers"
        assert audit_value("Measure", "status", "in_progress") == "in progress"
        assert audit_value("Workshop", "state", "draft") == "in preparation"
        assert audit_value("Measure", "title", "in_progress") == "in_progress"  # user text as written


def test_german_pages_say_umgesetzt_once_the_catalogue_knows_it() -> None:
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context(), force_locale("de"):
        assert term("measure_status", "in_progress") == "in Umsetzung"
        assert term("measure_status", "done") in ("umgesetzt", "implemented")  # never "erledigt"
