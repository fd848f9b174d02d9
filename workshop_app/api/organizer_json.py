"""JSON shapes of the organizer API: processes, fields, workshops, goals, measures."""
from __future__ import annotations

from ..models import FieldOfAction, Goal, Measure, Process, Workshop
from ..services.joining import participant_cap
from ..urls import external, screen_url


def _d(value):
    return value.isoformat() if value else None


def field_json(f: FieldOfAction) -> dict:
    return {"id": f.id, "name": f.name, "description": f.description, "colour": f.colour,
            "position": f.position, "optional_module": f.optional_module}


def workshop_json(w: Workshop) -> dict:
    return {
        "code": w.join_code, "id": w.id, "process": w.process_id, "title": w.title, "date": _d(w.date),
        "venue": w.venue, "state": w.state, "phase": w.phase, "join_mode": w.join_mode,
        "languages": w.language_list, "premoderation": w.premoderation,
        "max_participants": w.max_participants, "participant_cap": participant_cap(w),
        "groups": [{"key": g.key, "name": g.name, "join_code": g.join_code} for g in w.groups],
        "join_url": external("participant.join_code", code=w.join_code),
        "screen_url": screen_url(w),
        "anonymised_at": w.anonymised_at.isoformat() if w.anonymised_at else None,
    }


def measure_json(m: Measure) -> dict:
    return {"id": m.id, "goal": m.goal_id, "title": m.title, "responsible": m.responsible,
            "partners": m.partners, "start": _d(m.start), "deadline": _d(m.deadline),
            "indicator": m.indicator, "status": m.status,
            "notes": [{"id": n.id, "date": _d(n.date), "text": n.text, "status_before": n.status_before or None,
                       "status_after": n.status_after or None} for n in m.notes]}


def goal_json(g: Goal) -> dict:
    return {"id": g.id, "process": g.process_id, "field": g.field_id, "title": g.title,
            "description": g.description, "proposals": [p.id for p in g.proposals],
            "measures": [measure_json(m) for m in g.measures]}


def process_json(p: Process, *, full: bool = True) -> dict:
    data = {"id": p.id, "municipality": p.municipality, "title": p.title, "template": p.template,
            "period_start": _d(p.period_start), "period_end": _d(p.period_end),
            "council_decision": _d(p.council_decision), "implementation_years": p.implementation_years,
            "implementation_deadline": _d(p.implementation_deadline)}
    if full:
        data.update(fields=[field_json(f) for f in p.fields],
                    workshops=[workshop_json(w) for w in p.workshops],
                    goals=[goal_json(g) for g in p.goals])
    return data
