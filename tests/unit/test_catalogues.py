"""The seven UI catalogues are complete: every message of the code and templates, extracted afresh
with Babel into a temporary .pot (so a stale messages.pot cannot hide a new string), has a
non-empty, non-fuzzy translation in each language; and every error code has a message."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "workshop_app" / "translations"
LANGUAGES = ("de", "en", "uk", "ar", "fa", "tr", "ru")
#: The same keywords tools/i18n.py extracts with (gettext, ngettext and _ are Babel's defaults).
KEYWORDS = ("_l", "lazy_gettext", "ngettext:1,2", "lazy_ngettext:1,2")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", "babel.cfg",
                    *keywords, "--no-location", "-o", str(pot), "."],  # babel.cfg patterns are relative to "."
                   cwd=ROOT, check=True)
    with pot.open("rb") as handle:
        catalog = read_po(handle)
    ids = [message.id for message in catalog if message.id]
    assert len(ids) > 200, "extraction found suspiciously few messages"
    return ids


def _key(msgid) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def test_extraction_sees_code_and_templates(template):
    keys = {_key(msgid) for msgid in template}
    assert "Skip to content" in keys  # templates/base.html
    assert "Please enter text." in keys  # workshop_app/messages.py (lazy_gettext as _l)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(template, language):
    po = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    assert po.exists(), f"{language}: no catalogue at {po.relative_to(ROOT)}"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    missing, fuzzy, empty = [], [], []
    for msgid in template:
        message = catalog.get(msgid)
        if message is None:
            missing.append(_key(msgid))
        elif message.fuzzy:
            fuzzy.append(_key(msgid))
        elif not (all(message.string) if isinstance(message.string, (tuple, list)) else message.string):
            empty.append(_key(msgid))
    problems = [f"{len(missing)} missing", f"{len(fuzzy)} fuzzy", f"{len(empty)} untranslated"]
    examples = "\n".join(f"  {kind}: {text!r}" for kind, items in
                         (("missing", missing), ("fuzzy", fuzzy), ("untranslated", empty)) for text in items[:15])
    assert not (missing or fuzzy or empty), (
        f"{language} catalogue incomplete ({', '.join(problems)}); run `python tools/i18n.py update` "
        f"and translate:\n{examples}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders(language):
    """A translation that drops or renames %(name)s would crash or mislead at run time."""
    po = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    wrong = []
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)s", ids[-1]))
        for string in strings:
            if string and set(re.findall(r"%\(\w+\)s", string)) - (wanted | set(re.findall(r"%\(\w+\)s", ids[0]))):
                wrong.append(ids[0])
    assert not wrong, f"{language}: translations use unknown placeholders: {wrong[:10]}"


def test_every_domain_error_code_has_a_message():
    from workshop_app.domain.errors import CODES
    from workshop_app.messages import MESSAGES

    assert CODES
    missing = sorted(set(CODES) - set(MESSAGES))
    assert not missing, f"error codes without a translated message in workshop_app/messages.py: {missing}"


def test_every_raised_error_code_has_a_message():
    """Service and view codes too: a literal DomainError("code", …) anywhere in the package."""
    from workshop_app.messages import MESSAGES

    raised = set()
    for path in (ROOT / "workshop_app").rglob("*.py"):
        raised |= set(re.findall(r"""DomainError\(\s*["']([a-z_]+)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(raised - set(MESSAGES))
    assert not missing, f"raised error codes without a translated message: {missing}"
