"""The link form's fields: one group per measure, named ``m<id>-<field>``."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..services.responsible_reports import Entry

FIELDS = ("status", "progress", "note", "note_date", "note_public")
_NAME = re.compile(r"m([1-9][0-9]{0,8})-(?:" + "|".join(FIELDS) + ")")


def name(measure_id: int, field: str) -> str:
    return f"m{measure_id}-{field}"


def entries(form: Mapping[str, Any]) -> dict[int, Entry]:
    """What was posted per measure id (the service ignores ids the link does not cover)."""
    ids = {int(match.group(1)) for key in form if (match := _NAME.fullmatch(key))}
    return {measure_id: Entry(
        status=form.get(name(measure_id, "status")), progress=form.get(name(measure_id, "progress")),
        note=form.get(name(measure_id, "note"), ""), note_date=form.get(name(measure_id, "note_date")),
        note_public=form.get(name(measure_id, "note_public")) == "public") for measure_id in sorted(ids)}
