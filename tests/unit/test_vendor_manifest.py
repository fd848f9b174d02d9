"""Vendored third-party files are pinned, licensed and checksummed; nothing points at other hosts.

The manifest is static/vendor/MANIFEST.json, rewritten by tools/vendor_manifest.py.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MANIFEST_PATH = ROOT / "static" / "vendor" / "MANIFEST.json"
VENDOR_TREES = [ROOT / "static" / "vendor", ROOT / "tests" / "e2e" / "vendor"]
EXACT_VERSION = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$")
# Our own front-end sources: no reference to another host may appear in them.
OWN_SOURCES = [ROOT / "static" / "css", ROOT / "static" / "js", ROOT / "static" / "img", ROOT / "templates"]
TEXT_SUFFIXES = {".css", ".js", ".mjs", ".html", ".htm", ".jinja", ".j2", ".svg", ".txt", ".xml", ".json",
                 ".webmanifest"}
# An absolute URL, or a protocol-relative one ("//host/...") where a URL can start.
URL = re.compile(r"""(?i)(?<![\w.+-])(?:https?:)?//[^\s"'<>()\\`]+(?<![.,;:])""")  # not a sentence's full stop
# Identifiers that look like URLs but are never fetched: XML namespaces and the like.
ALLOWED_URL = re.compile(
    r"""(?ix)^(?:https?:)?//(?:
        www\.w3\.org/(?:2000/svg|1999/xlink|1999/xhtml|XML/1998/namespace|2000/xmlns/?|1998/Math/MathML)
      | (?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?(?:/|$)   # the app itself, in docs and examples
      | (?:[a-z0-9-]+\.)*example\.(?:org|com|net)(?:[:/]|$)  # RFC 2606 placeholders
      | \{\{ | \{%                                            # a host the template fills in
    )"""
)


def load_manifest() -> dict:
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


def vendored_files() -> set[str]:
    files = set()
    for tree in VENDOR_TREES:
        if tree.is_dir():
            files |= {p.relative_to(ROOT).as_posix() for p in tree.rglob("*") if p.is_file()}
    files.discard(MANIFEST_PATH.relative_to(ROOT).as_posix())
    return files


def test_every_vendored_file_is_listed_and_nothing_else():
    listed = [entry["path"] for entry in load_manifest()["files"]]
    assert len(listed) == len(set(listed)), "a file is listed twice"
    on_disk = vendored_files()
    assert on_disk, "no vendored files found"
    assert sorted(on_disk - set(listed)) == [], "vendored but not in MANIFEST.json"
    assert sorted(set(listed) - on_disk) == [], "in MANIFEST.json but missing on disk"


@pytest.mark.parametrize("entry", load_manifest()["files"], ids=lambda e: e["path"])
def test_checksum_and_fields(entry):
    for key in ("path", "package", "version", "licence", "sha256"):
        assert entry.get(key), f"{entry.get('path')}: no {key}"
    data = (ROOT / entry["path"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"], f"{entry['path']}: sha256 differs"
    if "bytes" in entry:
        assert len(data) == entry["bytes"]


def test_versions_are_pinned_and_match_version_files():
    manifest = load_manifest()
    for entry in manifest["files"]:
        assert EXACT_VERSION.match(entry["version"]), f"{entry['path']}: version {entry['version']!r} is not exact"
    for package in manifest["packages"]:
        version = package["version"]
        assert EXACT_VERSION.match(version), f"{package['package']}: {version!r} is a range, not a version"
        version_file = ROOT / package["folder"] / "VERSION"
        assert version_file.read_text(encoding="utf-8").strip() == version
        versions = {e["version"] for e in manifest["files"] if e["package"] == package["package"]}
        assert versions == {version}, f"{package['package']}: files disagree on the version"


def test_each_package_has_a_licence_next_to_its_files():
    by_package: dict[str, set[str]] = {}
    for entry in load_manifest()["files"]:
        by_package.setdefault(entry["package"], set()).add(entry["path"].rsplit("/", 1)[0])
    for package, folders in by_package.items():
        for folder in folders:
            assert (ROOT / folder / "LICENSE").is_file(), f"{package}: no LICENSE in {folder}"
            assert (ROOT / folder / "VERSION").is_file(), f"{package}: no VERSION in {folder}"


def test_manifest_tool_agrees():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "vendor_manifest.py"), "--check"],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert result.returncode == 0, result.stderr


def own_text_files():
    for base in OWN_SOURCES:
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES and "vendor" not in path.relative_to(ROOT).parts:
                yield path


def foreign_urls(line: str) -> list[str]:
    """URLs in a line of CSS, JS, SVG or a template that would point at another host."""
    found = []
    for match in URL.finditer(line):
        url = match.group(0)
        if url.startswith("//") and (match.start() == 0 or line[match.start() - 1] not in "\"'(=:"):
            continue  # a "//comment" or a path segment, not a protocol-relative URL
        if not ALLOWED_URL.match(url):
            found.append(url)
    return found


def test_no_references_to_other_hosts():
    offending = []
    for path in own_text_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            offending += [f"{path.relative_to(ROOT)}:{number}: {url}" for url in foreign_urls(line)]
    assert offending == [], "no requests to other hosts: vendor the file instead\n" + "\n".join(offending)


def test_the_url_check_catches_what_it_should():
    assert foreign_urls('<script src="https://cdn.jsdelivr.net/npm/socket.io-client"></script>')
    assert foreign_urls("@import url(//fonts.googleapis.com/css?family=Inter);")
    assert foreign_urls("src: url('http://www.w3.org.evil.test/x.woff2')")
    assert foreign_urls('fetch("HTTPS://tracker.test/p")')
    assert not foreign_urls('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">')
    assert not foreign_urls('<a href="http://{{ request.host }}/j/{{ code }}">')
    assert not foreign_urls("const url = location.protocol + '//' + location.host;  //no-space comment")
    assert not foreign_urls("<p>Open http://localhost:5000/j/ABC or https://example.org</p>")
