"""Turning organizer form posts into service arguments.

Single fields are coerced by :mod:`workshop_app.inputs` (shared with the console and the JSON
API); here they are gathered into the arguments of one service call.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..inputs import checkbox, optional_date, optional_int


def process_values(form: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "municipality": form.get("municipality", ""), "title": form.get("title", ""),
        "period_start": optional_date(form.get("period_start"), "period_start"),
        "period_end": optional_date(form.get("period_end"), "period_end"),
        "council_decision": optional_date(form.get("council_decision"), "council_decision"),
        "accessibility_contact": form.get("accessibility_contact", ""),
    }


def workshop_values(form: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "title": form.get("title", ""), "date": optional_date(form.get("date"), "date"),
        "venue": form.get("venue", ""), "join_mode": form.get("join_mode", "open"),
        "languages": form.get("languages") or None, "premoderation": checkbox(form, "premoderation"),
        "max_participants": optional_int(form.get("max_participants"), "max_participants"),
    }


def measure_values(form: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: form.get(name, "") for name in ("title", "responsible", "partners", "indicator")}
    values["start"] = optional_date(form.get("start"), "start")
    values["deadline"] = optional_date(form.get("deadline"), "deadline")
    if form.get("status"):
        values["status"] = form.get("status")
    if "progress" in form:  # empty: the status's default percentage
        values["progress"] = form.get("progress")
    if "responsible_email" in form:  # empty: no reminders, no update link
        values["responsible_email"] = form.get("responsible_email")
    return values


def group_names(form: Mapping[str, Any]) -> list[str]:
    """One group per line of the text area."""
    return [line.strip() for line in (form.get("groups") or "").splitlines() if line.strip()]
