"""Secrets the app must show again but the database file must not reveal: screen URLs and the
codes of printed join tokens.

Each such secret is stored twice, neither time in the clear:

* a **lookup digest**, HMAC-SHA256 under the installation's secret key, so that a presented
  secret is found through a unique index. Keyed, because a token code has only about 40 bits:
  an unkeyed hash of every possible code is minutes of work for a graphics card.
* a **sealed copy** for showing it again (the screen link on a staff page, a reprinted token
  sheet): a Fernet token (``cryptography``: AES-128-CBC and HMAC-SHA256, random IV,
  encrypt-then-MAC), under a key derived per purpose from the secret key with HKDF-SHA256.
  A seal made for one purpose does not open for another; a changed seal does not open at all.

Without the secret key (``SECRET_KEY`` or ``instance/secret_key``), the database reveals neither.
Changing the key therefore invalidates the screen links (rotate them) and printed tokens not yet
redeemed (create new ones) — as it already signs out every session. Opening a seal under another
key raises :class:`SealBroken` rather than returning garbage.

Not in ``domain/``: this is storage protection, not a rule of the workshop, and it needs a
third-party library (``cryptography``) that the domain package may not import. It imports
neither Flask nor SQLAlchemy either — the callers (the models, the migration) pass the key.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Fixed, public: separates this application's derived keys from any other use of the same key.
_SALT = b"zielwerkstatt/secrets_store/seal"


class SealBroken(ValueError):
    """A sealed value that does not open: another secret key, another purpose, or altered."""


def _key(key: str | bytes) -> bytes:
    if not key:
        raise ValueError("a secret key is required")
    return key if isinstance(key, bytes) else key.encode("utf-8")


def digest(key: str | bytes, purpose: str, value: str) -> str:
    """Hex HMAC-SHA256 of ``value`` for one purpose: the column a secret is looked up by."""
    message = f"{purpose}\x00{value}".encode("utf-8", "surrogatepass")
    return hmac.new(_key(key), message, hashlib.sha256).hexdigest()


@functools.lru_cache(maxsize=16)
def _fernet(key: bytes, purpose: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT,
                   info=purpose.encode("utf-8")).derive(key)
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(key: str | bytes, purpose: str, plain: str) -> str:
    """The Fernet token (URL-safe ASCII) that the database keeps instead of ``plain``."""
    return _fernet(_key(key), purpose).encrypt(plain.encode("utf-8")).decode("ascii")


def unseal(key: str | bytes, purpose: str, sealed: str) -> str:
    """``plain`` again; :class:`SealBroken` if the seal was made under another key or purpose,
    or was altered."""
    try:
        return _fernet(_key(key), purpose).decrypt(sealed.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as error:
        raise SealBroken(
            f"a sealed {purpose} does not open with this secret key: the key was changed "
            "(rotate screen links, print new tokens) or the stored value was altered") from error


def sealed_length(plain_length: int) -> int:
    """Characters of the seal of a ``plain_length``-byte value (the column width it needs):
    version, timestamp, IV, AES blocks with padding and MAC, then base64 with padding."""
    raw = 1 + 8 + 16 + (plain_length // 16 + 1) * 16 + 32
    return 4 * ((raw + 2) // 3)
