"""A paper-vote error that names the stakeholder group and the field it is about.

The domain reports which rule broke (and for which proposal); the moderator typed a whole flip
chart, so the message says where: "Politik, “Mehr Kita-Plätze”: at most 10 points …", and the
page marks that input (``field``: the input's name) and puts the message next to it.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from ..domain.errors import DomainError
from ..messages import describe


def _problem(error: DomainError) -> str:
    params = error.params
    if error.code == "value_out_of_range":
        return _("between %(min)s and %(max)s points are possible for this many paper voters.",
                 min=params.get("min", 0), max=params.get("max", 0))
    if error.code == "invalid_value":
        return _("please enter a whole number (0 or more).")
    if error.code == "over_budget":
        return _("at most %(budget)s points in total are possible for this many paper voters; "
                 "%(total)s were entered.", budget=params.get("budget", 0), total=params.get("total", 0))
    return describe(error)


def _field(error: DomainError) -> str | None:
    """The input's name: ``voters`` or ``points-<proposal id>``."""
    where = str(error.params.get("field", ""))
    if where == "voters" or (error.code in ("invalid_value", "over_budget") and "proposal" not in error.params
                             and not where.startswith("points.")):
        return "voters"
    if where.startswith("points."):
        return "points-" + where.removeprefix("points.")
    if "proposal" in error.params:
        return f"points-{error.params['proposal']}"
    return None


def paper_problem(error: DomainError, workshop, round_, proposals, form: Mapping[str, Any]) -> dict[str, Any]:
    """``{"message", "group", "field"}`` for the paper page (group: the form's group key)."""
    group_key = form.get("group")
    group = next((g for g in workshop.groups if g.key == group_key), None)
    field = _field(error) if group is not None else None
    problem = _problem(error)
    if group is None:
        message = problem
    elif field == "voters":
        message = _("%(group)s, number of paper voters: %(problem)s", group=group.name, problem=problem)
    elif field:
        title = next((p.title for p in proposals if f"points-{p.id}" == field), field)
        message = _("%(group)s, “%(proposal)s”: %(problem)s", group=group.name, proposal=title, problem=problem)
    else:
        message = _("%(group)s: %(problem)s", group=group.name, problem=problem)
    return {"message": message, "group": group_key if group else None, "field": field}
