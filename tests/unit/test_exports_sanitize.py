"""Sanitising user text for the export formats (pure functions, plus hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from workshop_app.exports.sanitize import (
    FORMULA_TRIGGERS,
    neutralize_formula,
    spreadsheet_text,
    strip_xml_invalid,
)


def _xml_valid(char: str) -> bool:
    code = ord(char)
    return (
        char in "\t\n\r"
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def test_strip_removes_c0_controls_but_keeps_tab_newline_cr() -> None:
    assert strip_xml_invalid("a\x00b\x07c\x1fd\x0be\x0cf") == "abcdef"
    assert strip_xml_invalid("a\tb\nc\rd") == "a\tb\nc\rd"


def test_strip_removes_noncharacters_and_lone_surrogates() -> None:
    assert strip_xml_invalid("x\ufffey\uffffz") == "xyz"
    assert strip_xml_invalid("a\ud800b\udfffc") == "abc"


def test_strip_keeps_umlauts_arabic_cyrillic_emoji_and_private_use() -> None:
    text = "Kita-Plätze für Familien رياض أطفال أكثر Більше місць 😀 \ue000 \ufffd"
    assert strip_xml_invalid(text) == text


def test_neutralize_prefixes_every_trigger() -> None:
    for trigger in FORMULA_TRIGGERS:
        assert neutralize_formula(f"{trigger}1") == f"'{trigger}1"
    assert neutralize_formula('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert neutralize_formula("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"


def test_neutralize_leaves_ordinary_text_alone() -> None:
    for text in ("Kita-Plätze", "1+1=2", " =1", "'=1", "", "رياض"):
        assert neutralize_formula(text) == text


def test_spreadsheet_text_strips_before_neutralizing() -> None:
    # Stripping the NUL exposes the "=", which must then be neutralised.
    assert spreadsheet_text("\x00=1+1") == "'=1+1"
    assert spreadsheet_text("\x07@SUM(A1)") == "'@SUM(A1)"


# Any code point, surrogates included, with the interesting ones made frequent.
_CHARS = st.one_of(
    st.characters(exclude_categories=()),
    st.sampled_from(list("=+-@\t\r\n\x00\x08\x0b\x1f\ufffe\uffff\ud800\udfff'")),
)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_CHARS))
def test_any_text_becomes_xml_valid_and_spreadsheet_safe(text: str) -> None:
    stripped = strip_xml_invalid(text)
    assert all(_xml_valid(char) for char in stripped)
    assert stripped == "".join(char for char in text if _xml_valid(char))
    assert strip_xml_invalid(stripped) == stripped
    # lxml (behind openpyxl, python-docx and odfdo) accepts the result as element text.
    etree.Element("cell").text = stripped

    cell = spreadsheet_text(text)
    assert not cell.startswith(FORMULA_TRIGGERS)
    assert cell in (stripped, "'" + stripped)
    etree.Element("cell").text = cell
