"""Soft hyphens for the projector: long words break at syllables, nothing else changes."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.hyphenation import SOFT_HYPHEN, hyphenate


def test_long_german_compounds_get_syllable_breaks_only():
    text = hyphenate("Grundschulkinderbetreuungsangebote in den Ferien", "de")
    word = text.split(" ")[0]
    assert SOFT_HYPHEN in word and word.replace(SOFT_HYPHEN, "") == "Grundschulkinderbetreuungsangebote"
    parts = word.split(SOFT_HYPHEN)
    assert parts[:3] == ["Grund", "schul", "kin"] and len(parts[0]) >= 4 and len(parts[-1]) >= 4  # no stub at an end
    assert text.endswith(" in den Ferien")  # short words stay whole


def test_languages_without_a_dictionary_and_short_text_stay_as_they_are():
    assert hyphenate("المزيد من أماكن رياض الأطفال", "ar") == "المزيد من أماكن رياض الأطفال"
    assert hyphenate("Kita-Plätze", "de") == "Kita-Plätze"
    assert hyphenate("Mehrgenerationenhaus", None) == "Mehrgenerationenhaus"
    assert SOFT_HYPHEN in hyphenate("Mehrgenerationenhaus", "de-DE")


@settings(max_examples=80, database=None, deadline=None)
@given(st.text(max_size=80), st.sampled_from(["de", "en", "ru", "uk", "tr", "ar", "xx"]))
def test_removing_the_soft_hyphens_gives_the_text_back(text, language):
    assert hyphenate(text.replace(SOFT_HYPHEN, ""), language).replace(SOFT_HYPHEN, "") == text.replace(SOFT_HYPHEN, "")
