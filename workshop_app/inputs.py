"""Form fields and query parameters as service arguments: one coercion per kind, for the pages
and the JSON API alike.

HTML forms send strings, JSON sends typed values; both reach the same services. Here strings
become the types JSON would have sent, and a value that cannot be one is a ``DomainError`` with a
translated message at once: passing bad text on let it reach a database comparison (a 500 on
PostgreSQL) instead of the domain's check. Numbers and flags themselves are coerced by
:mod:`workshop_app.domain.values`, the one place that also knows the database's range.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from .domain.errors import DomainError
from .domain.values import optional_int

__all__ = ["checkbox", "export_options", "id_list", "merge_choice", "optional_date", "optional_int"]

#: What a ticked checkbox sends: "on" from a browser, the others from scripts and tests.
CHECKED = ("on", "1", "true", "yes")
#: The languages the exports are written in (exports.wording_de / wording_en).
EXPORT_LANGUAGES = ("de", "en")
DELIMITERS = (",", ";")


def checkbox(form: Mapping[str, Any], name: str) -> bool:
    """An unticked checkbox sends nothing at all, so absence is False."""
    return form.get(name) in CHECKED


def optional_date(value: Any, name: str) -> date | None:
    """An ISO date (2027-03-31) from a date input or JSON, or None when empty."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise DomainError("invalid_date", "dates look like 2027-03-31", field=name) from None


def id_list(values: Iterable[Any], name: str = "") -> list[int | None]:
    """The ids of ticked checkboxes (``getlist``); empty entries are skipped."""
    return [optional_int(value, name) for value in values if str(value).strip()]


def merge_choice(form: Any) -> tuple[list[int | None], int | None]:
    """A merge's form fields (console and table page): ``merge`` ticked sources, ``into`` the
    target; the target is never also a source of itself."""
    sources = id_list(form.getlist("merge"), "merge")
    target = optional_int(form.get("into"), "into")
    return [source for source in sources if source != target], target


def export_options(args: Mapping[str, str], fmt: str, *, default_language: str = "de") -> dict[str, str]:
    """``?lang=de|en`` and, for CSV, ``?delimiter=,|;`` of an export download.

    Without ``lang`` the export is written in ``default_language`` (the page's language) when
    exports exist in it, else in German; a ``lang`` or ``delimiter`` that is given but not
    offered is refused with ``invalid_choice`` rather than silently replaced.
    """
    language = args.get("lang") or (default_language if default_language in EXPORT_LANGUAGES else "de")
    if language not in EXPORT_LANGUAGES:
        raise DomainError("invalid_choice", "de or en", field="lang")
    options = {"language": language}
    delimiter = args.get("delimiter")
    if delimiter:
        if delimiter not in DELIMITERS:
            raise DomainError("invalid_choice", "delimiter must be , or ;", field="delimiter")
        if fmt.lower() == "csv":
            options["delimiter"] = delimiter
    return options
