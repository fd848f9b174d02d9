"""Join codes (typed by people) and secrets (never typed, stored hashed)."""

from __future__ import annotations

import hashlib
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.joincodes import (
    ALPHABET,
    LENGTH,
    format_for_display,
    generate,
    generate_secret,
    hash_secret,
    is_valid,
    normalise,
    secrets_equal,
)

FAST = settings(max_examples=80, database=None, deadline=None)
codes = st.text(alphabet=ALPHABET, min_size=LENGTH, max_size=LENGTH)


def test_alphabet_has_no_lookalikes_and_no_repeats() -> None:
    assert set(ALPHABET).isdisjoint("0O1IL")
    assert len(ALPHABET) == len(set(ALPHABET)) == 31
    assert all(ch.isascii() and (ch.isupper() or ch.isdigit()) for ch in ALPHABET)
    assert LENGTH == 6


def test_generate_uses_the_alphabet_and_length() -> None:
    rng = random.Random(7)
    drawn = [generate(rng=rng) for _ in range(300)]
    assert all(len(code) == LENGTH and set(code) <= set(ALPHABET) for code in drawn)
    assert set("".join(drawn)) == set(ALPHABET), "every symbol should appear in 1800 draws"
    assert len(set(drawn)) == len(drawn)


def test_generate_is_reproducible_with_a_seeded_rng_and_random_without() -> None:
    assert generate(rng=random.Random(1)) == generate(rng=random.Random(1))
    assert len({generate() for _ in range(20)}) == 20
    assert len(generate(8)) == 8
    with pytest.raises(ValueError):
        generate(0)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("  abc-def ", "ABCDEF"),
        ("ab c\tdef", "ABCDEF"),
        ("abc\u2013def", "ABCDEF"),  # en dash from autocorrect
        ("abc\u00a0def", "ABCDEF"),  # no-break space
        ("ＡＢＣ２３４", "ABC234"),  # full-width keyboard
        ("k7m-p9q", "K7MP9Q"),
        ("\u200bK7M\u2011P9Q\ufeff", "K7MP9Q"),  # zero-width space, non-breaking hyphen, BOM
    ],
)
def test_normalise(raw: str | None, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("ABCDEF", True),
        ("abc-def", True),
        (" k7m p9q ", True),
        ("ABCDE", False),
        ("ABCDEFG", False),
        ("ABCDE0", False),
        ("ABCDEO", False),
        ("ABCDE1", False),
        ("ABCDEI", False),
        ("ABCDEL", False),
        ("ABCDÄF", False),
        ("", False),
        (None, False),
    ],
)
def test_is_valid(code: str | None, valid: bool) -> None:
    assert is_valid(code) is valid


@FAST
@given(codes)
def test_any_code_survives_display_and_retyping(code: str) -> None:
    shown = format_for_display(code)
    assert re.fullmatch(r"[A-Z2-9]{3}-[A-Z2-9]{3}", shown)
    assert normalise(shown) == code
    assert is_valid(shown.lower()) and is_valid(f"  {shown} ")


def test_format_for_display() -> None:
    assert format_for_display("abcdef") == "ABC-DEF"
    assert format_for_display("ABC-DEF") == "ABC-DEF"
    assert format_for_display("ABCDEFGH") == "ABC-DEF-GH"
    assert format_for_display("") == ""


def test_generate_secret_is_url_safe_and_long() -> None:
    secret = generate_secret()
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", secret)
    assert len(generate_secret(48)) == 64
    assert len({generate_secret() for _ in range(50)}) == 50


def test_hash_secret_is_hex_sha256() -> None:
    assert hash_secret("abc") == hashlib.sha256(b"abc").hexdigest()
    assert hash_secret("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    assert hash_secret("abd") != hash_secret("abc")
    assert len(hash_secret("ä")) == 64


def test_secrets_equal() -> None:
    secret = generate_secret()
    assert secrets_equal(secret, str(secret))
    assert not secrets_equal(secret, secret + "x")
    assert not secrets_equal(secret, None)
    assert not secrets_equal(None, None)
    assert secrets_equal("ä", "ä") and not secrets_equal("ä", "a")
    assert secrets_equal(hash_secret(secret), hash_secret(secret))
