"""Export writers: a ``WorkshopReport`` or ``ActionPlan`` in, file bytes out.

Pure Python (no Flask, no SQLAlchemy)::

    from workshop_app.exports import write
    export = write("xlsx", report, language="en")
    export.data, export.mimetype, export.extension

Options, all keyword-only:

* every format: ``language`` — "de" (default) or "en", for headings and fixed wording;
* ``csv``: ``delimiter`` — ";" or ","; by default ";" for German (what German Excel
  expects; decimals then use a comma) and "," for English (decimals use a point).

Writer modules are imported on first use, so that importing this package stays cheap for
the web process (openpyxl, odfdo and fpdf2 take a while to import).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from .document import ActionPlan, AnnualReport, Document, WorkshopReport
from .labels import UnknownLanguage

__all__ = [
    "FORMATS",
    "REPORT_FORMATS",
    "ActionPlan",
    "AnnualReport",
    "Export",
    "UnknownFormat",
    "UnknownLanguage",
    "WorkshopReport",
    "write",
]

FORMATS: tuple[str, ...] = ("csv", "xlsx", "ods", "docx", "odt", "pdf", "json")
#: The annual progress report is a document: these formats (and json for machines).
REPORT_FORMATS: tuple[str, ...] = ("pdf", "docx", "odt")


@dataclass(frozen=True, slots=True)
class Export:
    data: bytes
    mimetype: str
    extension: str  # without the dot


class UnknownFormat(ValueError):
    """The format is not one of ``FORMATS``."""


# format -> (module, mimetype); each module has ``write(doc, **options) -> bytes``.
_WRITERS: dict[str, tuple[str, str]] = {
    "csv": ("csv_writer", "text/csv; charset=utf-8"),
    "xlsx": (
        "xlsx_writer",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "ods": ("ods_writer", "application/vnd.oasis.opendocument.spreadsheet"),
    "docx": (
        "docx_writer",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "odt": ("odt_writer", "application/vnd.oasis.opendocument.text"),
    "pdf": ("pdf_writer", "application/pdf"),
    "json": ("json_writer", "application/json"),
}


def write(fmt: str, doc: Document, **options: Any) -> Export:
    """Render ``doc`` in format ``fmt``.

    Raises ``UnknownFormat`` for a format outside ``FORMATS``, ``UnknownLanguage`` (a
    ``ValueError``) for a language other than de/en, ``ValueError`` for a bad option value
    and ``TypeError`` for an option the format does not take.
    """
    key = fmt.lower()
    if key not in _WRITERS:
        raise UnknownFormat(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if not isinstance(doc, WorkshopReport | ActionPlan | AnnualReport):
        raise TypeError(f"cannot export {type(doc).__name__}")
    if isinstance(doc, AnnualReport) and key not in (*REPORT_FORMATS, "json"):
        raise UnknownFormat(f"the annual report is written as {', '.join(REPORT_FORMATS)}")
    module_name, mimetype = _WRITERS[key]
    module = importlib.import_module(f"{__name__}.{module_name}")
    return Export(data=module.write(doc, **options), mimetype=mimetype, extension=key)
