"""The console's own form posts as service arguments: a round's settings, the timer's minutes,
a paper tally and an assessor's ratings. Single fields are coerced by :mod:`workshop_app.inputs`
(the same coercion as the organizer pages and the JSON API); the services judge the values.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..inputs import checkbox, optional_int


def round_settings(form: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "method": (form.get("method") or "").strip(),
        "budget": optional_int(form.get("budget"), "budget"),
        "max_per_proposal": optional_int(form.get("max_per_proposal"), "max_per_proposal"),
        "field": optional_int(form.get("field"), "field"),
        "live_results": checkbox(form, "live_results"),
        "title": form.get("title") or "",
        "measures_of": form.get("measures_of") or None,  # services.measures.round_scope
    }


def minutes_to_seconds(value: Any) -> int | None:
    minutes = optional_int(value, "minutes")
    return None if minutes is None else minutes * 60


def paper_points(form: Mapping[str, Any]) -> dict[str, Any]:
    """Fields named ``points-<proposal id>``; empty fields count as 0."""
    return {name.removeprefix("points-"): value for name, value in form.items()
            if name.startswith("points-")}


def ratings(form: Mapping[str, Any]) -> dict[str, Any]:
    """Radio groups named ``rating-<proposal id>`` (an assessor's feasibility 0..5; 0: not rated)."""
    return {name.removeprefix("rating-"): optional_int(value, name) for name, value in form.items()
            if name.startswith("rating-")}
