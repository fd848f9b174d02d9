"""JSON: the report or plan as data — deterministic, pretty, UTF-8.

Keys follow the dataclass field names (English, whatever the language option), in field
order; the same document always gives the same bytes, so exports can be diffed and
hashed. Dates are ISO 8601, instants ISO 8601 in UTC, enumerations their value. This is
not the process archive for import (a separate service); it is the report as data.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any

from .document import ActionPlan, AnnualReport, Document, WorkshopReport
from .formatting import utc
from .labels import get_labels
from .sanitize import strip_xml_invalid

__all__ = ["FORMAT_VERSION", "to_data", "write"]

FORMAT_VERSION = 1
_KINDS = {WorkshopReport: "workshop_report", ActionPlan: "action_plan", AnnualReport: "annual_report"}


def write(doc: Document, *, language: str = "de") -> bytes:
    # The language does not change data; it is validated so that every format takes the
    # same options and rejects the same bad values.
    get_labels(language)
    payload = {"kind": _KINDS[type(doc)], "format_version": FORMAT_VERSION, **to_data(doc)}
    text = json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


def to_data(value: Any) -> Any:
    """Plain JSON values from the export dataclasses."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # The letterhead is how the documents look (name, logo, footer), not data: left out.
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name != "letterhead"}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):
        return strip_xml_invalid(value)
    if isinstance(value, bool | int) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None  # JSON has no NaN or infinity
    if isinstance(value, datetime):  # before date: a datetime is a date
        return utc(value).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): to_data(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    raise TypeError(f"cannot export {type(value).__name__} as JSON")
