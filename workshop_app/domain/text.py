"""Cleaning free text that people type on phones.

Text arrives from many languages and keyboards and leaves again in HTML, DOCX, XLSX, PDF and JSON.
So it is normalised once on the way in (NFC, one newline convention, no surrounding whitespace) and
anything that would break an export or hide content is refused with a clear code rather than
silently altered. Format characters such as ZWNJ (U+200C) and bidi marks are *kept*: Farsi and
Arabic words need them, and the UI isolates user text (``dir="auto"``, ``<bdi>``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from typing import Final

from .errors import InvalidText

__all__ = ["clean_choice", "clean_field", "clean_text", "strip_xml_invalid"]

# C0 controls except TAB/LF/CR, DEL, C1 controls, lone surrogates and the two noncharacters that
# are invalid in XML. CR is converted before the check; TAB and LF depend on ``multiline``.
_FORBIDDEN: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SINGLE_LINE_FORBIDDEN: Final = re.compile("[\t\n]")
# U+2028/U+2029 are line breaks to browsers and Word; treat them as the newlines they are.
_NEWLINES: Final = re.compile("\r\n|[\r\u2028\u2029]")
# Complement of the XML 1.0 ``Char`` production.
_XML_INVALID: Final = re.compile(
    "[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _reject_controls(text: str, pattern: re.Pattern[str]) -> None:
    found = pattern.search(text)
    if found is not None:
        raise InvalidText(
            "control_characters",
            "The text contains characters that cannot be stored.",
            char=f"U+{ord(found.group()):04X}",
        )


def clean_text(
    value: object, *, max_length: int, required: bool = True, multiline: bool = False
) -> str:
    """Return ``value`` normalised for storage, or raise :class:`InvalidText`.

    Steps: must be ``str`` (``not_text``); lone surrogates and control characters other than tab
    and newline are refused anywhere, even at the edges (``control_characters``), because a
    stripped control character usually means a broken client worth hearing about; NFC; ``\\r\\n``,
    ``\\r``, U+2028 and U+2029 become ``\\n``; surrounding whitespace is stripped; single-line text
    must then contain no tab or newline (``control_characters``); empty text is ``required``
    unless optional (then ``""``); more than ``max_length`` code points is ``too_long``. Length
    counts code points after normalisation, which is what the database column limits.
    """
    if not isinstance(value, str):
        raise InvalidText("not_text", "Expected text.", type=type(value).__name__)
    _reject_controls(value, _FORBIDDEN)  # before NFC: normalisation cannot cope with surrogates
    text = _NEWLINES.sub("\n", unicodedata.normalize("NFC", value)).strip()
    if not multiline:
        _reject_controls(text, _SINGLE_LINE_FORBIDDEN)
    if not text:
        if required:
            raise InvalidText("required", "This field is required.")
        return ""
    if len(text) > max_length:
        raise InvalidText(
            "too_long",
            f"At most {max_length} characters are allowed.",
            max_length=max_length,
            length=len(text),
        )
    return text


def clean_field(value: object, field: str, *, max_length: int, required: bool = True,
                multiline: bool = False) -> str:
    """:func:`clean_text` of one form field: ``None`` counts as empty, and a refusal names the
    ``field`` (so the form can mark it); the participants' proposal and measure texts use it."""
    try:
        return clean_text("" if value is None else value, max_length=max_length,
                          required=required, multiline=multiline)
    except InvalidText as error:
        error.params["field"] = field
        raise


def strip_xml_invalid(text: str) -> str:
    """Remove characters that XML 1.0 forbids, so DOCX/XLSX/ODF writers never choke.

    Needed for data stored before :func:`clean_text` existed or imported from elsewhere; text that
    passed :func:`clean_text` is already clean and comes back unchanged.
    """
    return _XML_INVALID.sub("", text)


def clean_choice(value: object, allowed: Collection[str]) -> str:
    """Return ``value`` if it is one of ``allowed`` (exact match after stripping whitespace)."""
    if isinstance(value, str) and (choice := value.strip()) in allowed:
        return choice
    raise InvalidText(
        "invalid_choice", "Please choose one of the offered options.", allowed=sorted(allowed)
    )
