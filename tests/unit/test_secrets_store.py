"""Issue 13 item 16: the sealed copies of screen secrets and token codes are authenticated
encryption from the ``cryptography`` package (Fernet, key per purpose from HKDF-SHA256), not a
home-made stream cipher: they round-trip, do not open under another key or purpose, and any
change to a stored seal is detected instead of yielding a wrong secret."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app import secrets_store
from workshop_app.domain import joincodes
from workshop_app.models import JoinToken, Workshop
from workshop_app.secrets_store import SealBroken

KEY = "an installation's secret key"
SCREEN, TOKEN = "screen-secret", "join-token"
ROOT = Path(__file__).resolve().parents[2]


def test_a_seal_round_trips_and_hides_the_secret() -> None:
    secret, code = joincodes.generate_secret(), "K7QM4XPA"
    sealed_secret = secrets_store.seal(KEY, SCREEN, secret)
    sealed_code = secrets_store.seal(KEY, TOKEN, code)
    assert secrets_store.unseal(KEY, SCREEN, sealed_secret) == secret
    assert secrets_store.unseal(KEY, TOKEN, sealed_code) == code
    assert secret not in sealed_secret and code not in sealed_code
    # A fresh IV each time: two seals of one secret share nothing an observer could match.
    assert secrets_store.seal(KEY, SCREEN, secret) != sealed_secret


def test_the_seal_is_a_fernet_token_under_a_hkdf_key_per_purpose() -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    sealed = secrets_store.seal(KEY, TOKEN, "K7QM4XPA")
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=secrets_store._SALT,
                   info=TOKEN.encode()).derive(KEY.encode())
    assert Fernet(base64.urlsafe_b64encode(derived)).decrypt(sealed.encode()) == b"K7QM4XPA"
    # The raw secret key is not the encryption key.
    raw = base64.urlsafe_b64encode(hashlib.sha256(KEY.encode()).digest())
    with pytest.raises(InvalidToken):
        Fernet(raw).decrypt(sealed.encode())


def test_another_secret_key_fails_clearly() -> None:
    sealed = secrets_store.seal(KEY, SCREEN, joincodes.generate_secret())
    with pytest.raises(SealBroken, match="does not open with this secret key"):
        secrets_store.unseal("a changed secret key", SCREEN, sealed)


def test_a_seal_does_not_open_for_another_purpose() -> None:
    sealed = secrets_store.seal(KEY, TOKEN, "K7QM4XPA")
    with pytest.raises(SealBroken):
        secrets_store.unseal(KEY, SCREEN, sealed)


def test_every_change_to_a_stored_seal_is_detected() -> None:
    sealed = secrets_store.seal(KEY, TOKEN, "K7QM4XPA")
    raw = base64.urlsafe_b64decode(sealed)
    for position in range(len(raw)):  # every byte: version, time, IV, ciphertext, MAC
        flipped = bytearray(raw)
        flipped[position] ^= 0x01
        with pytest.raises(SealBroken):
            secrets_store.unseal(KEY, TOKEN, base64.urlsafe_b64encode(bytes(flipped)).decode())
    for broken in (sealed[:-4], sealed[4:], "", "not a seal", "ünïcode"):
        with pytest.raises(SealBroken):
            secrets_store.unseal(KEY, TOKEN, broken)


def test_no_key_no_seal() -> None:
    for key in ("", b""):
        with pytest.raises(ValueError):
            secrets_store.seal(key, SCREEN, "x")
        with pytest.raises(ValueError):
            secrets_store.digest(key, SCREEN, "x")


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=64), st.sampled_from([KEY, KEY.encode(), "k"]))
def test_any_text_round_trips(plain: str, key: str | bytes) -> None:
    assert secrets_store.unseal(key, SCREEN, secrets_store.seal(key, SCREEN, plain)) == plain


def test_the_lookup_digest_is_unchanged_hmac_sha256() -> None:
    """Digests already stored (and the unique index on them) stay valid."""
    expected = hmac.new(KEY.encode(), b"join-token\x00K7QM4XPA", hashlib.sha256).hexdigest()
    assert secrets_store.digest(KEY, TOKEN, "K7QM4XPA") == expected
    assert secrets_store.digest(KEY.encode(), TOKEN, "K7QM4XPA") == expected
    assert secrets_store.digest(KEY, SCREEN, "K7QM4XPA") != expected


def test_the_columns_hold_the_seals_with_room_to_spare() -> None:
    screen = len(joincodes.generate_secret())
    code = 8  # services.joinsheets.TOKEN_LENGTH
    for length in (screen, 64):
        assert len(secrets_store.seal(KEY, SCREEN, "x" * length)) == secrets_store.sealed_length(length)
    assert Workshop.__table__.c.screen_secret_sealed.type.length >= secrets_store.sealed_length(2 * screen)
    assert JoinToken.__table__.c.code_sealed.type.length >= secrets_store.sealed_length(2 * code)


def test_the_module_imports_neither_flask_nor_sqlalchemy() -> None:
    """Callers pass the key; the migration and the models share it without an app."""
    script = (
        "import importlib, json, sys, types\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "package = types.ModuleType('workshop_app')\n"
        f"package.__path__ = [{str(ROOT / 'workshop_app')!r}]\n"
        "sys.modules['workshop_app'] = package\n"
        "importlib.import_module('workshop_app.secrets_store')\n"
        "print(json.dumps(sorted(sys.modules)))\n")
    loaded = json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True,
                                       text=True, timeout=60, check=True, cwd=ROOT).stdout)
    assert not [m for m in loaded if m.split(".")[0] in {"flask", "sqlalchemy", "werkzeug"}]
    assert not [m for m in loaded if m.startswith("workshop_app.") and m != "workshop_app.secrets_store"]
