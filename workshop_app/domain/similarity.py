"""Spotting proposals that say the same thing.

While someone types a proposal, the phone shows up to three existing ones that look alike, so the
room collects fewer duplicates and moderators merge less. It is a hint, never a decision, so a few
false alarms are acceptable; missing an obvious duplicate is worse — and people rarely repeat a
proposal word for word: "Mehr Kitaplätze für Kinder unter 3" and "Mehr Kita-Plätze für unter
Dreijährige schaffen" mean the same.

Matching uses rapidfuzz's ``token_set_ratio`` (word order and extra words do not matter) on keys
built in steps:

1. :func:`normalise` folds case and width and drops punctuation, joining words at dashes so that
   "Kita-Plätze" equals "Kitaplätze" — German compounds are written both ways;
2. numbers are written as words ("3" → "drei"), and a number word at the start of a compound is
   split off ("Dreijährige" → "drei jährige"), so digits and words meet;
3. German and English filler words and the generic verbs goal proposals end with ("schaffen",
   "ausbauen", "verbessern") are dropped; they would make every "Mehr … schaffen" look alike;
4. a light stemmer folds umlauts and strips inflection endings ("Plätze" → "platz", "Kinder" →
   "kind", "Grundschulen" → "grundschul"), so singular and plural, and adjective endings, meet.

:func:`normalise` keeps umlauts and accents (it is also what people see compared); only the keys
fold them. The choices were made on realistic examples, kept in the unit tests.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

from rapidfuzz import fuzz, process

__all__ = ["MAX_CANDIDATES", "MAX_QUERY_LENGTH", "MIN_QUERY_LENGTH", "MIN_SCORE", "NUMBER_WORDS",
           "STOPWORDS", "find_similar", "key", "normalise", "similarity", "stem"]

#: Shorter normalised queries match almost anything and are not looked up.
MIN_QUERY_LENGTH: Final = 4
#: Only the start of a query is compared: a title is at most 120 characters, and a long query
#: costs time in every comparison (the cost of a lookup must not grow with what a client sends).
MAX_QUERY_LENGTH: Final = 200
#: How many candidates a lookup of a person typing compares at most: the service passes the
#: newest published proposals up to this number.
MAX_CANDIDATES: Final = 500
#: From this score (0..100) on, a proposal counts as similar.
MIN_SCORE: Final = 70.0

STOPWORDS: Final = frozenset(
    # German function words
    "der die das den dem des ein eine einen einem einer eines und oder sowie für mit im in am an "
    "auf aus zu zur zum von vom bei nach über unter durch mehr noch auch alle allen ab bis "
    "sich sie es wir ihr wo wie was damit dass ob "
    # generic verbs that end German goal proposals
    "schaffen ausbauen verbessern einrichten fördern erhöhen machen stärken bauen anbieten "
    "ermöglichen sichern erweitern einführen umsetzen unterstützen gestalten entwickeln "
    "geben gibt soll sollen sollte werden wird "
    # English function words
    "the a an and or of for to in on at with more under by from".split()
)

#: Number words, so that "unter 3" meets "unter Dreijährige" (German, the language of the room;
#: English for the English workshops).
NUMBER_WORDS: Final = {
    "0": "null", "1": "eins", "2": "zwei", "3": "drei", "4": "vier", "5": "fünf", "6": "sechs",
    "7": "sieben", "8": "acht", "9": "neun", "10": "zehn", "11": "elf", "12": "zwölf",
    "14": "vierzehn", "16": "sechzehn", "18": "achtzehn", "20": "zwanzig", "100": "hundert",
}
_WORD_NUMBERS: Final = tuple(sorted(set(NUMBER_WORDS.values()) - {"null", "eins"}, key=len, reverse=True))
#: What follows a number word in the compounds people write about ages, years and grades
#: ("Dreijährige", "Zweitklässler"); splitting only before these keeps "Achtung" or "Elfmeter" whole.
_COUNTED: Final = ("jähr", "jahr", "klässl", "klass", "tägig", "stündig", "zimmer")
_DIGITS_THEN_WORD: Final = re.compile(r"^(\d+)(\D{3,})$")
#: Inflection endings, longest first; a stem keeps at least _MIN_STEM letters.
_ENDINGS: Final = ("ern", "em", "en", "er", "es", "e", "n", "s")
_MIN_STEM: Final = 3
_FOLD: Final = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})


def normalise(text: str) -> str:
    """Fold ``text`` for comparison: NFKC, casefold, punctuation and symbols out, one space.

    Dashes are removed (joining compounds); other punctuation and symbols become spaces. ß folds to
    "ss", so "Straße" and "Strasse" match; umlauts and accents stay.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    chars = []
    for ch in folded:
        category = unicodedata.category(ch)
        if category == "Pd":
            continue
        chars.append(" " if category[0] in "PS" else ch)
    return " ".join("".join(chars).split())


def stem(word: str) -> str:
    """A light German stem: umlauts folded, one inflection ending stripped (if enough is left)."""
    word = word.translate(_FOLD)
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def _numbers(word: str) -> list[str]:
    """Digits as a word; a compound that starts with a number word split after it."""
    if word in NUMBER_WORDS:
        return [NUMBER_WORDS[word]]
    if match := _DIGITS_THEN_WORD.match(word):  # "18jährige" (from "18-Jährige")
        digits, rest = match.groups()
        return [NUMBER_WORDS.get(digits, digits), rest]
    for number in _WORD_NUMBERS:
        rest = word[len(number):]
        if word.startswith(number) and rest.startswith(_COUNTED):
            return [number, rest]
    return [word]


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """The comparison key of ``text``: its meaningful words as stems, in their order; the whole
    normalised text when it is nothing but filler. Remembered per text: every lookup compares
    with the same few hundred titles, and building a key costs far more than comparing two."""
    normalised = normalise(text)
    words = [part for word in normalised.split() for part in _numbers(word)]
    stems = [stem(word) for word in words if word not in STOPWORDS]
    return " ".join(stems) if stems else normalised


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0..100, symmetric."""
    return fuzz.token_set_ratio(key(a), key(b), processor=None)


def find_similar(
    text: str,
    candidates: Iterable[tuple[int, str]],
    *,
    limit: int = 3,
    min_score: float = MIN_SCORE,
) -> list[tuple[int, float]]:
    """Up to ``limit`` ``(id, score)`` of ``candidates`` scoring at least ``min_score`` (0..100).

    Best first; equal scores by id. One pass over the candidates to build keys, then rapidfuzz's C
    loop (``processor=None`` because the keys are already normalised), so a workshop with
    thousands of proposals answers while the person types. Only the first
    :data:`MAX_QUERY_LENGTH` characters of ``text`` are compared.
    """
    head = text[:MAX_QUERY_LENGTH]
    if len(normalise(head)) < MIN_QUERY_LENGTH or limit <= 0:
        return []
    ids: list[int] = []
    keys: list[str] = []
    for proposal_id, candidate in candidates:
        if candidate_key := key(candidate):
            ids.append(proposal_id)
            keys.append(candidate_key)
    matches = process.extract(
        key(head), keys, scorer=fuzz.token_set_ratio, processor=None,
        limit=None, score_cutoff=min_score,
    )
    ranked = sorted(((ids[index], score) for _, score, index in matches),
                    key=lambda match: (-match[1], match[0]))
    return ranked[:limit]
