"""Translation catalogues: extract messages, update every language, compile.

    python tools/i18n.py update [de,uk]  # extract from code and templates, merge into each .po
    python tools/i18n.py compile   # .po → .mo (the .mo files are committed; the wheel needs them)
    python tools/i18n.py check     # exit 1 if a catalogue misses a translation or is stale
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "workshop_app" / "translations"
POT = TRANSLATIONS / "messages.pot"
LANGUAGES = ("de", "en", "uk", "ar", "fa", "tr", "ru")
PYBABEL = [sys.executable, "-m", "babel.messages.frontend"]


def _run(*args: str) -> None:
    subprocess.run([*PYBABEL, "-q", *args], cwd=ROOT, check=True)


def extract() -> None:
    _run("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-k", "ngettext:1,2",
         "-k", "lazy_ngettext:1,2", "--no-location", "--sort-output", "--omit-header",
         "-o", str(POT), ".")


def update(languages=LANGUAGES) -> None:
    extract()
    for language in languages:
        po = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
        command = "update" if po.exists() else "init"
        _run(command, "-i", str(POT), "-d", str(TRANSLATIONS), "-l", language,
             *(["--no-fuzzy-matching", "--ignore-obsolete"] if command == "update" else []))
    if "en" in languages:
        _fill_source_language(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po")


def _fill_source_language(po: Path) -> None:
    """The msgids are English, so the English catalogue is the identity (and stays complete)."""
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):  # plural: English has the singular and plural forms
            if not all(message.string):
                message.string = message.id
        elif not message.string:
            message.string = message.id
    with po.open("wb") as handle:
        write_po(handle, catalog, width=100)


def compile_all() -> None:
    for language in LANGUAGES:
        po = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        with po.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)


def missing(language: str) -> list[str]:
    po = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    with POT.open("rb") as handle:
        template = read_po(handle)
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    problems = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        strings = translated.string if translated else None
        if isinstance(strings, tuple):
            empty = not all(strings)
        else:
            empty = not strings
        if translated is None or empty or translated.fuzzy:
            problems.append(message.id if isinstance(message.id, str) else message.id[0])
    return problems


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "update"
    if action == "update":
        update(sys.argv[2].split(",") if len(sys.argv) > 2 else LANGUAGES)
    elif action == "compile":
        compile_all()
    elif action == "check":
        bad = {lang: missing(lang) for lang in LANGUAGES
               if (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").exists()}
        for lang, ids in bad.items():
            for msgid in ids:
                print(f"{lang}: missing {msgid!r}")
        sys.exit(1 if any(bad.values()) else 0)
    else:
        sys.exit(__doc__)
