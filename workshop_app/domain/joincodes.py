"""Join codes and bearer secrets.

A join code is read off a projector and typed on a phone, so its alphabet leaves out characters
that look alike (0/O, 1/I/L) and typing is forgiving: case, spaces and dashes do not matter.
Secrets (participant tokens, screen and moderator links) are different: they are long, random and
never typed, and they are stored only as hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
import unicodedata
from enum import StrEnum
from typing import Final

__all__ = [
    "ALPHABET",
    "LENGTH",
    "JoinMode",
    "format_for_display",
    "generate",
    "generate_secret",
    "hash_secret",
    "is_valid",
    "normalise",
    "secrets_equal",
]



class JoinMode(StrEnum):
    """How people get into a workshop: its one join code, a code per stakeholder group (the group is
    then fixed), or a printed single-use token each."""

    OPEN = "open"
    GROUP_CODES = "group_codes"
    TOKENS = "tokens"


#: Upper-case letters and digits without 0, O, 1, I and L (31 symbols; 31**6 ≈ 887 million codes).
ALPHABET: Final = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH: Final = 6
_ALPHABET_SET: Final = frozenset(ALPHABET)
_GROUP: Final = 3
_DROPPED: Final = frozenset({"Pd", "Cf"})  # dashes; zero-width and other format characters

_SYSTEM_RANDOM: Final = secrets.SystemRandom()


def generate(length: int = LENGTH, *, rng: random.Random = _SYSTEM_RANDOM) -> str:
    """A random join code. Uniqueness among live workshops is the caller's job (retry on clash).

    ``rng`` exists for reproducible tests; production uses the operating system's CSPRNG, because a
    guessable code would let strangers into a workshop.
    """
    if length < 1:
        raise ValueError("a join code needs at least one character")
    return "".join(rng.choice(ALPHABET) for _ in range(length))


def normalise(raw: str | None) -> str:
    """What the person meant to type: upper case, without spaces and dashes.

    NFKC first folds full-width characters from Asian phone keyboards to ASCII; every kind of
    whitespace, dash and invisible format character (zero-width space from a copied message) is
    removed, because phones like to insert them. The result may still be invalid; see
    :func:`is_valid`.
    """
    if raw is None:
        return ""
    folded = unicodedata.normalize("NFKC", raw)
    kept = (ch for ch in folded if not ch.isspace() and unicodedata.category(ch) not in _DROPPED)
    return "".join(kept).upper()


def is_valid(code: str | None) -> bool:
    """Whether ``code``, once normalised, has the right length and only alphabet characters."""
    cleaned = normalise(code)
    return len(cleaned) == LENGTH and all(ch in _ALPHABET_SET for ch in cleaned)


def format_for_display(code: str) -> str:
    """Group a code in threes for reading aloud and from afar: ``"ABCDEF"`` → ``"ABC-DEF"``."""
    cleaned = normalise(code)
    return "-".join(cleaned[i:i + _GROUP] for i in range(0, len(cleaned), _GROUP))


def generate_secret(nbytes: int = 24) -> str:
    """A URL-safe random secret (24 bytes → 32 characters, 192 bits of entropy)."""
    return secrets.token_urlsafe(nbytes)


def hash_secret(secret: str) -> str:
    """Hex SHA-256 of a secret, for storage and lookup.

    A fast, unsalted hash is right here (unlike for passwords): the secrets are 192-bit random
    values, so brute force is hopeless however fast the hash, and a deterministic hash lets the
    database find a participant by the hash of the presented token through an index.
    """
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secrets_equal(a: str | None, b: str | None) -> bool:
    """Compare two secrets (or their hashes) in constant time; ``None`` never matches."""
    if a is None or b is None:
        return False
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
