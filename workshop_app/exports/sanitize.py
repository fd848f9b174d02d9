"""Make user text safe for the export formats.

Two separate concerns:

* ``strip_xml_invalid`` — XLSX, ODS, DOCX and ODT are XML inside; a single character that
  XML 1.0 forbids makes the library raise or, worse, writes a file that the office suite
  refuses to open. Participants paste from anywhere, so every user text goes through it, in
  every format (PDF, CSV and JSON too, so that all formats carry the same text).
* ``neutralize_formula`` — spreadsheet applications evaluate a cell that starts with a
  formula trigger, also when it came from CSV ("CSV injection"). For CSV, XLSX and ODS a
  leading apostrophe makes such text inert (OWASP). DOCX, ODT, PDF and JSON keep the text
  as written.
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_TRIGGERS", "neutralize_formula", "spreadsheet_text", "strip_xml_invalid"]

# Everything outside XML 1.0's Char production:
#   #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
# i.e. the C0 controls except TAB/LF/CR, lone surrogates, and U+FFFE/U+FFFF.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# OWASP's list: = + - @ and TAB, CR. A cell starting with any of these may be parsed as a
# formula (or DDE call) by Excel or LibreOffice.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def strip_xml_invalid(text: str) -> str:
    """Remove the characters that XML 1.0 does not allow; everything else is kept."""
    return _XML_INVALID.sub("", text)


def neutralize_formula(text: str) -> str:
    """Prefix text that a spreadsheet could evaluate with an apostrophe."""
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def spreadsheet_text(text: str) -> str:
    """What a spreadsheet cell gets: XML-valid first, then neutralised.

    The order matters: stripping can expose a trigger ("\\x00=1" becomes "=1").
    """
    return neutralize_formula(strip_xml_invalid(text))
