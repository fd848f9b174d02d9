"""Similar-proposal hints on realistic German examples."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.similarity import MIN_QUERY_LENGTH, STOPWORDS, find_similar, normalise

FAST = settings(max_examples=50, database=None, deadline=None)

PROPOSALS = [
    (1, "Kitaplätze ausbauen"),
    (2, "Radwege sicherer machen"),
    (3, "Mehr Spielplätze schaffen"),
    (4, "Mehr Plätze in Kitas"),
    (5, "Mehr Sitzbänke im Park"),
    (6, "Straßenbeleuchtung verbessern"),
    (7, "Ganztagsbetreuung in der Grundschule ausbauen"),
    (8, "Längere Öffnungszeiten im Jugendzentrum"),
    (9, "Bushaltestellen barrierefrei umbauen"),
    (10, "Familienzentrum einrichten"),
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Mehr   Kita-Plätze schaffen!! ", "mehr kitaplätze schaffen"),
        ("STRASSE Straße", "strasse strasse"),
        ("„Grün“ – für alle 🚲 + mehr", "grün für alle mehr"),
        ("ＫＩＴＡ", "kita"),
        ("Bänke, Banke", "bänke banke"),  # umlauts are kept
        ("Café", "café"),
        ("\u200c", "\u200c"),
        ("", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Mehr Kita-Plätze schaffen", {1, 4}),
        ("Radwege sicher machen", {2}),
        ("Sichere Radwege zur Schule", {2}),
        ("Strassenbeleuchtung", {6}),
        ("Ganztagsbetreuung an Grundschulen ausbauen", {7}),
        ("Jugendzentrum länger öffnen", {8}),
        ("Barrierefreie Bushaltestellen", {9}),
        ("Wochenmarkt am Samstag", set()),
        ("Mehr Angebote für Senioren", set()),
    ],
)
def test_realistic_duplicates_are_found_and_others_are_not(query: str, expected: set[int]) -> None:
    assert {proposal for proposal, _ in find_similar(query, PROPOSALS)} == expected


def test_filler_words_do_not_make_proposals_alike() -> None:
    found = dict(find_similar("Mehr Kita-Plätze schaffen", PROPOSALS))
    assert 3 not in found  # "Mehr Spielplätze schaffen" shares only the filler
    assert 2 not in found and 5 not in found
    assert {"mehr", "schaffen", "und", "the"} <= STOPWORDS


def test_best_first_then_by_id_and_limited() -> None:
    candidates = [(5, "Radwege sicher"), (9, "Radwege sicherer machen"), (4, "Radwege sicher"),
                  (7, "Radwege"), (2, "Radwege sicherer")]
    found = find_similar("Radwege sicherer machen", candidates, limit=10)
    # 9 is the same text, 2 and 7 are its subsets (token set): all 100, by id; then 4 and 5 tie.
    assert [p for p, _ in found] == [2, 7, 9, 4, 5]
    assert [s for _, s in found[:3]] == [100.0] * 3
    assert found[3][1] == found[4][1] < 100.0
    assert find_similar("Radwege sicherer machen", candidates) == found[:3]
    assert find_similar("Radwege sicherer machen", candidates, limit=0) == []


def test_min_score() -> None:
    candidates = [(1, "Kitaplätze ausbauen"), (2, "Mehr Plätze in Kitas")]
    loose = find_similar("Mehr Kita-Plätze schaffen", candidates, min_score=0)
    strict = find_similar("Mehr Kita-Plätze schaffen", candidates, min_score=95)
    assert len(loose) == 2 and strict == [(1, 100.0)]
    assert all(score >= 95 for _, score in strict)


@pytest.mark.parametrize("query", ["", "Kit", " a-b-c ", "!!!", "🚲🚲🚲🚲"])
def test_short_queries_find_nothing(query: str) -> None:
    assert len(normalise(query)) < MIN_QUERY_LENGTH
    assert find_similar(query, [(1, query), (2, "Kita")]) == []


def test_a_query_of_filler_words_still_matches_itself() -> None:
    assert find_similar("Mehr schaffen", [(1, "mehr schaffen"), (2, "Radwege")]) == [(1, 100.0)]


def test_candidates_may_be_a_generator_and_empty_ones_are_skipped() -> None:
    generator = ((i, text) for i, text in [(1, "Kitaplätze"), (2, "!!!"), (3, "")])
    assert find_similar("Kitaplätze", generator) == [(1, 100.0)]
    assert find_similar("Kitaplätze", []) == []


def test_many_candidates() -> None:
    candidates = [(i, f"Vorschlag Nummer {i} für den Stadtteil") for i in range(5000)]
    candidates.append((99999, "Kitaplätze ausbauen"))
    assert find_similar("Kita-Plätze ausbauen", candidates) == [(99999, 100.0)]


@FAST
@given(st.text(min_size=MIN_QUERY_LENGTH, max_size=40))
def test_a_text_always_finds_itself(text: str) -> None:
    found = find_similar(text, [(1, text)])
    assert found in ([(1, 100.0)], []) and (found or len(normalise(text)) < MIN_QUERY_LENGTH)


@FAST
@given(st.text(max_size=40))
def test_normalise_is_idempotent_and_tidy(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert once == once.strip() and "  " not in once and once == once.casefold()
