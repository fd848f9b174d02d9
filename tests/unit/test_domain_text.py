"""Cleaning typed text: normalisation, refusals with codes, XML safety."""

from __future__ import annotations

import unicodedata
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.errors import InvalidText
from workshop_app.domain.text import clean_choice, clean_text, strip_xml_invalid

FAST = settings(max_examples=80, database=None, deadline=None)


def _code(value: object, **kwargs: object) -> str:
    with pytest.raises(InvalidText) as caught:
        clean_text(value, **{"max_length": 100, **kwargs})  # type: ignore[arg-type]
    return caught.value.code


@pytest.mark.parametrize("value", [None, 5, b"bytes", ["a"], 1.5])
def test_only_str_is_text(value: object) -> None:
    assert _code(value) == "not_text"


def test_strips_and_normalises_to_nfc() -> None:
    decomposed = "Gru\u0308n"  # u + combining diaeresis
    assert clean_text(f"  {decomposed}  ", max_length=10) == "Grün"
    assert unicodedata.is_normalized("NFC", clean_text(decomposed, max_length=10))


def test_newlines_are_unified_in_multiline_text() -> None:
    raw = "Zeile 1\r\nZeile 2\rZeile 3\u2028Zeile 4\n\tEingerückt"
    assert clean_text(raw, max_length=100, multiline=True) == (
        "Zeile 1\nZeile 2\nZeile 3\nZeile 4\n\tEingerückt")


@pytest.mark.parametrize("raw", ["a\nb", "a\r\nb", "a\rb", "a\tb", "a\u2029b"])
def test_single_line_rejects_breaks_and_tabs(raw: str) -> None:
    assert _code(raw) == "control_characters"


def test_single_line_forgives_a_trailing_newline_from_paste() -> None:
    assert clean_text("Mehr Bänke\r\n", max_length=20) == "Mehr Bänke"


@pytest.mark.parametrize(
    "char", ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f",
             "\ufffe", "\uffff", "\ud800", "\udfff"])
@pytest.mark.parametrize("multiline", [False, True])
def test_rejects_controls_noncharacters_and_lone_surrogates(char: str, multiline: bool) -> None:
    for raw in (f"a{char}b", f"{char}ab", f"ab{char}"):
        with pytest.raises(InvalidText) as caught:
            clean_text(raw, max_length=10, multiline=multiline)
        assert caught.value.code == "control_characters"
        assert caught.value.params == {"char": f"U+{ord(char):04X}"}


@pytest.mark.parametrize(
    "text",
    ["می\u200cخواهم",  # Farsi with ZWNJ
     "\u202bمرحبا\u202c", "abc\u200fdef", "\u2066isolated\u2069", "👩‍👩‍👧 Familien", "Straße"],
)
def test_keeps_format_characters_that_languages_need(text: str) -> None:
    assert clean_text(text, max_length=50) == text


@pytest.mark.parametrize("raw", ["", "   ", "\n\t \r\n", "\u3000"])
def test_required(raw: str) -> None:
    assert _code(raw, multiline=True) == "required"
    assert clean_text(raw, max_length=5, required=False, multiline=True) == ""


def test_too_long_counts_code_points_after_normalisation() -> None:
    assert clean_text("u\u0308" * 5, max_length=5) == "ü" * 5  # 10 code points before NFC
    assert clean_text("  abcde  ", max_length=5) == "abcde"
    with pytest.raises(InvalidText) as caught:
        clean_text("abcdef", max_length=5)
    assert caught.value.code == "too_long"
    assert caught.value.params == {"max_length": 5, "length": 6}
    assert clean_text("🚲" * 5, max_length=5) == "🚲" * 5  # astral: one code point each


@FAST
@given(st.text(max_size=60), st.booleans())
def test_result_is_idempotent_clean_and_xml_safe(raw: str, multiline: bool) -> None:
    try:
        cleaned = clean_text(raw, max_length=60, required=False, multiline=multiline)
    except InvalidText as error:
        assert error.code in {"control_characters", "too_long"}
        return
    assert clean_text(cleaned, max_length=60, required=False, multiline=multiline) == cleaned
    assert cleaned == cleaned.strip() and "\r" not in cleaned
    assert strip_xml_invalid(cleaned) == cleaned
    if not multiline:
        assert "\n" not in cleaned and "\t" not in cleaned


def test_strip_xml_invalid() -> None:
    raw = "a\x00b\x08c\td\ne\rf\x0bg\ufffeh\uffffi\ud800j\U0001F600k\x85l"
    assert strip_xml_invalid(raw) == "abc\td\ne\rfghij\U0001F600k\x85l"


@FAST
@given(st.text())
def test_strip_xml_invalid_output_always_parses(raw: str) -> None:
    cleaned = strip_xml_invalid(raw)
    element = ElementTree.Element("p")
    element.text = cleaned
    parsed = ElementTree.fromstring(ElementTree.tostring(element, encoding="unicode"))
    # XML parsers turn \r\n and lone \r into \n; everything else must come back unchanged.
    assert (parsed.text or "") == cleaned.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize(
    ("value", "expected"), [("dots", "dots"), (" approval ", "approval")])
def test_clean_choice_accepts_offered_options(value: str, expected: str) -> None:
    assert clean_choice(value, ("dots", "approval")) == expected


@pytest.mark.parametrize("value", ["Dots", "", None, 1, "votes", ["dots"]])
def test_clean_choice_rejects_anything_else(value: object) -> None:
    with pytest.raises(InvalidText) as caught:
        clean_choice(value, {"dots", "approval"})
    assert caught.value.code == "invalid_choice"
    assert caught.value.params == {"allowed": ["approval", "dots"]}
