"""Parsing moderator form posts into service arguments.

HTML forms send strings; the JSON API sends typed values. Both end up in the same services,
which validate with the domain rules; here strings only become the types JSON would have sent,
so a bad value reaches the domain unchanged and gets its translated message there.
"""
from __future__ import annotations

from typing import Any, Mapping

PHASES = ("lobby", "collect", "vote", "results", "measures")
METHODS = ("dots", "approval", "rating", "yes_no_abstain", "ranking")


def optional_int(value: Any) -> Any:
    """"" → None, "12" → 12; anything else is passed on for the domain to refuse."""
    if value is None:
        return None
    text = str(value).strip()
    if text == "":
        return None
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else text


def checkbox(form: Mapping[str, Any], name: str) -> bool:
    return form.get(name) in ("on", "1", "true", "yes")


def round_settings(form: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "method": (form.get("method") or "").strip(),
        "budget": optional_int(form.get("budget")),
        "max_per_proposal": optional_int(form.get("max_per_proposal")),
        "field": optional_int(form.get("field")),
        "live_results": checkbox(form, "live_results"),
        "title": form.get("title") or "",
        "measures_of": form.get("measures_of") or None,  # services.measures.round_scope
    }


def minutes_to_seconds(value: Any) -> Any:
    minutes = optional_int(value)
    return minutes * 60 if isinstance(minutes, int) else minutes


def paper_points(form: Mapping[str, Any]) -> dict[str, Any]:
    """Fields named ``points-<proposal id>``; empty fields count as 0."""
    return {name.removeprefix("points-"): value for name, value in form.items()
            if name.startswith("points-")}


def ratings(form: Mapping[str, Any]) -> dict[str, Any]:
    """Radio groups named ``rating-<proposal id>`` (an assessor's feasibility 0..5; 0: not rated)."""
    return {name.removeprefix("rating-"): optional_int(value) for name, value in form.items()
            if name.startswith("rating-")}


def id_list(values) -> list[Any]:
    return [optional_int(v) for v in values if str(v).strip()]
