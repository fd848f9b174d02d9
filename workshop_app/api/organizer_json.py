"""JSON shapes of the organizer API: processes, fields, workshops, goals, measures."""
from __future__ import annotations

from datetime import date

from ..domain.progress import Assessment
from ..models import FieldOfAction, Goal, Measure, Process, Workshop
from ..oparl_messages import paper_json
from ..services.joining import participant_cap
from ..services.read_models.progress import goal_rollup, plan_progress, today
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
        "groups": [{"key": g.key, "name": g.name, "description": g.description, "join_code": g.join_code}
                   for g in w.groups],
        "join_url": external("participant.join_code", code=w.join_code),
        "screen_url": screen_url(w),
        "anonymised_at": w.anonymised_at.isoformat() if w.anonymised_at else None,
    }


def progress_json(a: Assessment) -> dict:
    """The shown percentage (None for dropped measures), overdue, and the traffic light."""
    return {"progress": a.progress, "overdue": a.overdue, "light": a.light.value if a.light else None}


def measure_json(m: Measure, day: date | None = None) -> dict:
    # Organizer API only: responsible_email is personal and never goes into public pages or feeds.
    return {"id": m.id, "goal": m.goal_id, "title": m.title, "responsible": m.responsible,
            "responsible_email": m.responsible_email,
            "partners": m.partners, "start": _d(m.start), "deadline": _d(m.deadline),
            "indicator": m.indicator, "status": m.status,
            # the measure proposal of a workshop it was adopted from (services.measures_adopt)
            "source_proposal": m.source_proposal_id,
            "source_proposal_number": m.source_proposal.number if m.source_proposal else None,
            "progress_set": m.progress,  # as stored; None: the status's default
            **progress_json(m.assess(day or today())),
            "notes": [{"id": n.id, "date": _d(n.date), "text": n.text, "status_before": n.status_before or None,
                       "status_after": n.status_after or None, "public": n.public} for n in m.notes],
            "council_papers": [paper_json(p) for p in m.council_papers]}


def goal_json(g: Goal, day: date | None = None) -> dict:
    day = day or today()
    return {"id": g.id, "process": g.process_id, "field": g.field_id, "title": g.title,
            "description": g.description, "proposals": [p.id for p in g.proposals],
            "proposal_numbers": [p.number for p in g.proposals], "basis_round": g.basis_round_id,
            "measures": [measure_json(m, day) for m in g.measures],
            "council_papers": [paper_json(p) for p in g.council_papers],
            "progress": goal_rollup(g, day).as_dict()}


def process_json(p: Process, *, full: bool = True) -> dict:
    data = {"id": p.id, "municipality": p.municipality, "title": p.title, "template": p.template,
            "period_start": _d(p.period_start), "period_end": _d(p.period_end),
            "council_decision": _d(p.council_decision), "implementation_years": p.implementation_years,
            "implementation_deadline": _d(p.implementation_deadline),
            "public": p.public, "public_url": external("public.page", process_id=p.id) if p.public else None}
    if full:
        plan = plan_progress(p)
        data.update(fields=[{**field_json(f), "progress": plan.field(f.id).as_dict()} for f in p.fields],
                    workshops=[workshop_json(w) for w in p.workshops],
                    goals=[goal_json(g, plan.day) for g in p.goals],
                    embed_origins=p.embed_origin_list, progress=plan.overall.as_dict())
    return data
