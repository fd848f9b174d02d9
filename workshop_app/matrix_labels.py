"""The names of the priority × feasibility matrix's quadrants and axes, translated (one place
for the console, the screen's server-rendered panel and the documents)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

QUADRANT_NAMES = {
    "quick_wins": _l("Quick wins"),
    "major_projects": _l("Major projects"),
    "fill_ins": _l("Fill-ins"),
    "reconsider": _l("Reconsider"),
}
QUADRANT_HINTS = {
    "quick_wins": _l("high priority, easy to implement"),
    "major_projects": _l("high priority, hard to implement"),
    "fill_ins": _l("lower priority, easy to implement"),
    "reconsider": _l("lower priority, hard to implement"),
}
UNASSESSED = _l("Not assessed yet")
PRIORITY_AXIS = _l("Priority (the room's vote)")
FEASIBILITY_AXIS = _l("Feasibility (the assessors' rating)")


def labels() -> dict[str, object]:
    """Everything the matrix macro writes, for a template context."""
    return {"names": QUADRANT_NAMES, "hints": QUADRANT_HINTS, "unassessed": UNASSESSED,
            "priority_axis": PRIORITY_AXIS, "feasibility_axis": FEASIBILITY_AXIS}
