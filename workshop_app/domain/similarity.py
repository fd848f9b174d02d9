"""Spotting proposals that say the same thing.

While someone types a proposal, the phone shows up to three existing ones that look alike, so the
room collects fewer duplicates and moderators merge less. It is a hint, never a decision, so a few
false alarms are acceptable; missing an obvious duplicate is worse.

Matching uses rapidfuzz's ``token_set_ratio`` (word order and extra words do not matter) on keys
that (1) fold case and width and drop punctuation, joining words at dashes so that "Kita-Plätze"
equals "Kitaplätze" — German compounds are written both ways; (2) drop German and English filler
words and the generic verbs goal proposals end with ("schaffen", "ausbauen", "verbessern"), which
otherwise make every "Mehr … schaffen" look alike. Accents and umlauts are kept: "Bänke" and
"Banke" are different words. The choice was made on realistic examples, kept in the unit tests.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Final

from rapidfuzz import fuzz, process

__all__ = ["MAX_CANDIDATES", "MAX_QUERY_LENGTH", "MIN_QUERY_LENGTH", "STOPWORDS", "find_similar",
           "normalise"]

#: Shorter normalised queries match almost anything and are not looked up.
MIN_QUERY_LENGTH: Final = 4
#: Only the start of a query is compared: a title is at most 120 characters, and a long query
#: costs time in every comparison (the cost of a lookup must not grow with what a client sends).
MAX_QUERY_LENGTH: Final = 200
#: How many candidates a lookup of a person typing compares at most: the service passes the
#: newest published proposals up to this number.
MAX_CANDIDATES: Final = 500

STOPWORDS: Final = frozenset(
    # German function words
    "der die das den dem des ein eine einen einem einer eines und oder sowie für mit im in am an "
    "auf aus zu zur zum von vom bei nach über unter durch mehr noch auch alle allen "
    # generic verbs that end German goal proposals
    "schaffen ausbauen verbessern einrichten fördern erhöhen machen stärken bauen anbieten "
    "ermöglichen sichern erweitern einführen umsetzen unterstützen gestalten entwickeln "
    # English function words
    "the a an and or of for to in on at with more".split()
)


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


def _key(normalised: str) -> str:
    """The words that carry meaning; the whole text when it is nothing but filler."""
    words = [word for word in normalised.split() if word not in STOPWORDS]
    return " ".join(words) if words else normalised


def find_similar(
    text: str,
    candidates: Iterable[tuple[int, str]],
    *,
    limit: int = 3,
    min_score: float = 70.0,
) -> list[tuple[int, float]]:
    """Up to ``limit`` ``(id, score)`` of ``candidates`` scoring at least ``min_score`` (0..100).

    Best first; equal scores by id. One pass over the candidates to build keys, then rapidfuzz's C
    loop (``processor=None`` because the keys are already normalised), so a workshop with
    thousands of proposals answers while the person types. Only the first
    :data:`MAX_QUERY_LENGTH` characters of ``text`` are compared.
    """
    query = normalise(text[:MAX_QUERY_LENGTH])
    if len(query) < MIN_QUERY_LENGTH or limit <= 0:
        return []
    ids: list[int] = []
    keys: list[str] = []
    for proposal_id, candidate in candidates:
        if key := _key(normalise(candidate)):
            ids.append(proposal_id)
            keys.append(key)
    matches = process.extract(
        _key(query), keys, scorer=fuzz.token_set_ratio, processor=None,
        limit=None, score_cutoff=min_score,
    )
    ranked = sorted(((ids[index], score) for _, score, index in matches),
                    key=lambda match: (-match[1], match[0]))
    return ranked[:limit]
