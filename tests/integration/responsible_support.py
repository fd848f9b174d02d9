"""Two processes whose measures name responsible addresses, dated around today (the link page and
`flask send-reminders` judge deadlines on the real date unless told otherwise)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from workshop_app.extensions import db
from workshop_app.models import Process
from workshop_app.services import plan, processes
from workshop_app.services.plumbing.audit import SYSTEM

JUGENDAMT = "jugendamt@stadt.example"
SCHULAMT = "schulamt@stadt.example"


@dataclass
class Plan:
    today: date
    process_a: int
    process_b: int
    measures: dict[str, int] = field(default_factory=dict)  # name -> id


def _measure(goal, name: str, days: int, email: str | None, status: str = "planned") -> int:
    today = date.today()
    measure = plan.add_measure(SYSTEM, goal, title=name, responsible="Jugendamt" if email == JUGENDAMT else "Schulamt",
                               deadline=today + timedelta(days=days), status=status, responsible_email=email)
    return measure.id


def seed_plan() -> Plan:
    today = date.today()
    a = processes.create_process(
        SYSTEM, municipality="Musterstadt", title="Familiengerechte Kommune", template="familiengerechte_kommune",
        period_start=today - timedelta(days=200), period_end=today + timedelta(days=400),
        council_decision=today - timedelta(days=100))
    b = processes.create_process(SYSTEM, municipality="Nachbarstadt", title="Zweiter Prozess",
                                 period_start=today - timedelta(days=50), council_decision=today - timedelta(days=40))
    result = Plan(today=today, process_a=a.id, process_b=b.id)
    goal = plan.adopt_goal(SYSTEM, db.session.get(Process, a.id), title="Mehr Kita-Plätze", field_id=a.fields[1].id)
    result.measures["due_soon"] = _measure(goal, "Bedarfsplanung Kita <b>2027</b>", 10, JUGENDAMT)
    result.measures["overdue"] = _measure(goal, "Elternbefragung", -5, JUGENDAMT, "in_progress")
    result.measures["later"] = _measure(goal, "Neubau Kita Nord", 200, JUGENDAMT)
    result.measures["done"] = _measure(goal, "Ferienbetreuung", -30, JUGENDAMT, "done")
    result.measures["school"] = _measure(goal, "Sichere Schulwege", 20, SCHULAMT)
    result.measures["nobody"] = _measure(goal, "Ohne Adresse", 3, None)
    goal_b = plan.adopt_goal(SYSTEM, db.session.get(Process, b.id), title="Ziel im anderen Prozess")
    result.measures["other_process"] = _measure(goal_b, "Maßnahme in Prozess B", 5, JUGENDAMT)
    return result


def link_path(url: str) -> str:
    """The path of an absolute update link, for the test client."""
    match = re.search(r"https?://[^/\s]+(/report/[A-Za-z0-9_-]+)", url)
    assert match, f"no update link in {url!r}"
    return match.group(1)
