"""The prepared data of the participant's workshop page, so the templates only loop and branch.

Built from the same snapshot the socket and GET …/state deliver, plus titles and results.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..domain.ballots import RATING_MAX, Method
from ..models import Participant, Workshop
from ..services import snapshots


@dataclass
class VoteItem:
    id: int
    title: str
    field: str | None
    value: int


@dataclass
class WorkshopPage:
    workshop: Workshop
    participant: Participant
    state: dict[str, Any]
    fields: dict[int, str]
    own: list[dict[str, Any]]
    published: list[dict[str, Any]]
    collecting: bool
    round: dict[str, Any] | None = None
    items: list[VoteItem] = field(default_factory=list)
    results: dict[str, Any] | None = None
    rating_scale: range = range(1, RATING_MAX + 1)

    @property
    def method(self) -> str | None:
        return self.round["method"] if self.round else None

    @property
    def voting(self) -> bool:
        return bool(self.round and self.round["state"] == "open")

    @property
    def used(self) -> int:
        return sum(item.value for item in self.items if item.value > 0)


def build(workshop: Workshop, participant: Participant) -> WorkshopPage:
    state = snapshots.participant_state(workshop, participant)
    fields = {f["id"]: f["name"] for f in state["fields"]}
    own = [{**p, "field_name": fields.get(p["field"])} for p in state["proposals"] if p.get("own")]
    published = [{**p, "field_name": fields.get(p["field"])}
                 for p in state["proposals"] if p["state"] == "published"]
    page = WorkshopPage(workshop=workshop, participant=participant, state=state, fields=fields,
                        own=own, published=published, collecting=state["collecting"])
    if state["round"] is not None:  # the page draws what the snapshot holds, like the JS does
        page.round = state["round"]
        votes = {int(k): v for k, v in page.round["ballot"]["votes"].items()}
        page.items = [VoteItem(p["id"], p["title"], fields.get(p["field"]), votes.get(p["id"], 0))
                      for p in page.round["items"]]
        page.results = page.round["results"]
    return page


def parse_form_ballot(form, method: str, item_ids: list[int]) -> dict[str, object]:
    """The whole ballot as the HTML form sends it: ``v-<id>`` fields, plus an optional ``step``
    button (``<id>:+1`` / ``<id>:-1``) that the dots stepper uses without JavaScript. Values are
    passed on as typed (ints where they parse) for the domain to judge."""
    votes: dict[str, object] = {}
    for proposal_id in item_ids:
        raw = form.get(f"v-{proposal_id}")
        if raw in (None, ""):
            continue
        votes[str(proposal_id)] = _number(raw)
    step = form.get("step", "")
    target, _, delta = step.partition(":")
    if target.isdigit() and delta in ("+1", "-1") and int(target) in item_ids:
        current = votes.get(target, 0)
        votes[target] = (current if isinstance(current, int) else 0) + int(delta)
        if votes[target] < 0:
            votes[target] = 0
    if method == Method.APPROVAL.value:
        votes = {k: v for k, v in votes.items() if v != 0}
    return votes


def _number(raw: str) -> object:
    text = raw.strip()
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    return sign * int(digits) if digits.isascii() and digits.isdigit() and len(digits) < 10 else raw
