#!/usr/bin/env python3
"""Recompute static/vendor/MANIFEST.json: every vendored third-party file with its checksum.

    python tools/vendor_manifest.py           # rewrite the manifest
    python tools/vendor_manifest.py --check   # exit 1 and list the differences if it is stale

Vendored files live in the package folders listed in PACKAGES below. Each folder holds the files
copied verbatim from the npm package, its LICENSE and a VERSION file with the exact version.
To update a package: `npm pack NAME@VERSION`, copy the files in, write the new VERSION, run this
script, commit. To add one: add a row to PACKAGES. Standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = "static/vendor/MANIFEST.json"
# Trees whose every file must belong to a package below.
VENDOR_TREES = ("static/vendor", "tests/e2e/vendor")
# folder (relative to the repo root) -> npm package, SPDX licence identifier, what it is for
PACKAGES = {
    "static/vendor/socket.io": ("socket.io-client", "MIT", "browser client, dist/socket.io.min.js"),
    "static/vendor/fonts/atkinson-hyperlegible": (
        "@fontsource/atkinson-hyperlegible",
        "OFL-1.1",
        "projector font, latin + latin-ext, 400 and 700 woff2",
    ),
    "tests/e2e/vendor": ("axe-core", "MPL-2.0", "accessibility checks in browser tests; not served"),
}
EXACT_VERSION = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vendored_files(root: Path = ROOT) -> list[str]:
    """Every file in the vendor trees, except the manifest itself, as sorted posix paths."""
    found = []
    for tree in VENDOR_TREES:
        base = root / tree
        if base.is_dir():
            found += [p.relative_to(root).as_posix() for p in base.rglob("*") if p.is_file()]
    return sorted(f for f in found if f != MANIFEST)


def owner(path: str) -> str | None:
    """The package folder a file belongs to (files sit directly in it), or None."""
    folder = path.rsplit("/", 1)[0]
    return folder if folder in PACKAGES else None


def compute(root: Path = ROOT) -> tuple[dict, list[str]]:
    """The manifest as it should be, and the problems that stop it from being complete."""
    problems: list[str] = []
    packages = []
    for folder, (name, licence, purpose) in sorted(PACKAGES.items()):
        version_file = root / folder / "VERSION"
        version = version_file.read_text(encoding="utf-8").strip() if version_file.is_file() else ""
        if not EXACT_VERSION.match(version):
            problems.append(f"{folder}/VERSION: needs an exact version, found {version!r}")
        if not (root / folder / "LICENSE").is_file():
            problems.append(f"{folder}: no LICENSE file")
        packages.append({"package": name, "version": version, "licence": licence,
                         "folder": folder, "source": f"npm:{name}@{version}", "purpose": purpose})
    by_folder = {p["folder"]: p for p in packages}
    files = []
    for path in vendored_files(root):
        folder = owner(path)
        if folder is None:
            problems.append(f"{path}: not in a known package folder (add it to PACKAGES)")
            continue
        pkg = by_folder[folder]
        files.append({"path": path, "package": pkg["package"], "version": pkg["version"],
                      "licence": pkg["licence"], "bytes": (root / path).stat().st_size,
                      "sha256": sha256(root / path)})
    manifest = {
        "about": "Vendored third-party files. Regenerate with: python tools/vendor_manifest.py",
        "packages": packages,
        "files": files,
    }
    return manifest, problems


def render(manifest: dict) -> str:
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


def differences(expected: dict, actual: dict) -> list[str]:
    out = []
    want = {f["path"]: f for f in expected.get("files", [])}
    have = {f.get("path"): f for f in actual.get("files", []) if isinstance(f, dict)}
    for path in sorted(want.keys() - have.keys()):
        out.append(f"{path}: on disk but not in the manifest")
    for path in sorted(have.keys() - want.keys()):
        out.append(f"{path}: in the manifest but not on disk")
    for path in sorted(want.keys() & have.keys()):
        for key in ("sha256", "bytes", "version", "package", "licence"):
            if want[path][key] != have[path].get(key):
                out.append(f"{path}: {key} is {want[path][key]!r}, manifest says {have[path].get(key)!r}")
    if expected.get("packages") != actual.get("packages"):
        out.append("packages: the list of packages differs (versions, licences or folders)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the manifest is stale")
    args = parser.parse_args(argv)

    expected, problems = compute()
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    target = ROOT / MANIFEST
    if args.check:
        try:
            actual = json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"{MANIFEST}: cannot read ({exc})", file=sys.stderr)
            return 1
        diffs = differences(expected, actual)
        for line in diffs:
            print(f"mismatch: {line}", file=sys.stderr)
        if diffs or problems:
            print("vendor manifest is stale: run python tools/vendor_manifest.py", file=sys.stderr)
            return 1
        print(f"{MANIFEST}: {len(expected['files'])} files match")
        return 0
    if problems:
        return 1
    target.write_text(render(expected), encoding="utf-8")
    print(f"wrote {MANIFEST}: {len(expected['files'])} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
