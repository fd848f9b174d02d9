"""Soft hyphens for long words, so that the projector breaks compounds at syllables
("Grundschulkinder­betreuungs­angebote"), never at arbitrary letters, and without depending on
the browser's own hyphenation dictionaries (Chromium on Linux ships none, and the venue may be
offline). Only words of at least ``MIN_WORD`` letters get them; text in a language without a
dictionary (Arabic, Persian) stays as it is. The result is plain text: the templates escape it
as usual, and U+00AD only shows (as "-") where the line actually breaks.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pyphen

SOFT_HYPHEN = "\u00ad"
MIN_WORD = 12
_WORD = re.compile(rf"[^\W\d_]{{{MIN_WORD},}}")


@lru_cache(maxsize=16)
def _dictionary(language: str) -> pyphen.Pyphen | None:
    code = (language or "").replace("-", "_")
    for candidate in (code, code.split("_")[0]):
        if candidate and candidate in pyphen.LANGUAGES:
            return pyphen.Pyphen(lang=candidate, left=4, right=4)
    return None


@lru_cache(maxsize=4096)
def hyphenate(text: str, language: str | None) -> str:
    """``text`` with soft hyphens at the syllable breaks of its long words (in ``language``)."""
    dictionary = _dictionary(language or "")
    if dictionary is None or not text or not _WORD.search(text):
        return text
    return _WORD.sub(lambda match: dictionary.inserted(match.group(0), hyphen=SOFT_HYPHEN), text)
