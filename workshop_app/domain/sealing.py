"""Secrets the app must show again but the database file must not reveal: screen URLs and the
codes of printed join tokens.

Each such secret is stored twice, neither time in the clear:

* a **lookup digest**, HMAC-SHA256 under the installation's secret key, so that a presented
  secret is found through a unique index. Keyed, because a token code has only about 40 bits:
  an unkeyed hash of every possible code is minutes of work for a graphics card.
* a **sealed copy** for showing it again (the screen link on a staff page, a reprinted token
  sheet): each character shifted along its alphabet by a key stream derived with HMAC-SHA256 from
  the secret key and a random per-secret nonce (a one-time pad from a PRF; the nonce is never
  reused, so no two seals share a stream).

Without the secret key (``SECRET_KEY`` or ``instance/secret_key``), the database reveals neither.
Changing the key therefore invalidates the screen links (rotate them) and printed tokens not yet
redeemed (create new ones) — as it already signs out every session.

Pure functions: no Flask, no SQLAlchemy. The callers pass the key.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

#: Characters of ``secrets.token_urlsafe`` (the screen secret).
URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_SEPARATOR = "."  # in neither alphabet
_DIGITS_PER_BLOCK = 24  # 24 base-64 digits use 144 of 256 bits: the rest makes the bias negligible


def _key(key: str | bytes) -> bytes:
    if not key:
        raise ValueError("a secret key is required")
    return key if isinstance(key, bytes) else key.encode("utf-8")


def digest(key: str | bytes, purpose: str, value: str) -> str:
    """Hex HMAC-SHA256 of ``value`` for one purpose: the column a secret is looked up by."""
    message = f"{purpose}\x00{value}".encode("utf-8", "surrogatepass")
    return hmac.new(_key(key), message, hashlib.sha256).hexdigest()


def _stream(key: bytes, purpose: str, nonce: str, length: int, base: int) -> list[int]:
    digits: list[int] = []
    counter = 0
    while len(digits) < length:
        block = hmac.new(key, f"seal\x00{purpose}\x00{nonce}\x00{counter}".encode(), hashlib.sha256)
        number = int.from_bytes(block.digest(), "big")
        for _ in range(_DIGITS_PER_BLOCK):
            number, digit = divmod(number, base)
            digits.append(digit)
        counter += 1
    return digits[:length]


def _shift(key: str | bytes, purpose: str, nonce: str, text: str, alphabet: str, sign: int) -> str:
    positions = [alphabet.index(ch) if ch in alphabet else -1 for ch in text]
    if -1 in positions:
        raise ValueError("character outside the alphabet")
    stream = _stream(_key(key), purpose, nonce, len(text), len(alphabet))
    return "".join(alphabet[(p + sign * s) % len(alphabet)] for p, s in zip(positions, stream))


def seal(key: str | bytes, purpose: str, plain: str, alphabet: str) -> str:
    """``nonce.sealed`` — what the database keeps instead of ``plain``."""
    nonce = secrets.token_hex(8)
    return f"{nonce}{_SEPARATOR}{_shift(key, purpose, nonce, plain, alphabet, +1)}"


def unseal(key: str | bytes, purpose: str, sealed: str, alphabet: str) -> str:
    nonce, _, body = sealed.partition(_SEPARATOR)
    return _shift(key, purpose, nonce, body, alphabet, -1)
