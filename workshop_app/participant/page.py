"""The prepared data of the participant's workshop page, so the templates only loop and branch.

Built from the same snapshot the socket and GET …/state deliver, plus titles and results.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import format_decimal, gettext

from ..domain.ballots import RATING_MAX, Method
from ..domain.feasibility import RoundPurpose
from ..domain.measures import ProposalKind
from ..domain.phases import Phase, ProposalState, RoundState
from ..domain.ranking import MAX_PLACES, compact, place_next, remove_place
from ..domain.results_explained import display_value
from ..hyphenation import hyphenate
from ..messages import describe
from ..models import Participant, Workshop
from ..results_legend import results_legend
from ..services import joining, measures
from ..services.read_models import phone_results as results_service
from ..services.read_models import snapshots

#: Phases whose message says something is about to start: next to a closed round's "closed" they
#: would contradict it (issue 14, item 5). If the round closed after the phase was set, the page
#: says "closed, please wait" once; if the phase was set afterwards (the next round is coming),
#: it says "starts soon" and the old round keeps its results but not its "closed".
_WAITING_PHASES = (Phase.LOBBY, Phase.VOTE)


@dataclass
class VoteItem:
    id: int
    title: str
    field: str | None
    value: int
    saved: bool = False  # the item whose change the no-JS form just stored


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
    can_change_group: bool = False
    ballot_error: str | None = None  # a refused no-JS ballot, shown in the form it came from
    max_places: int = MAX_PLACES

    @property
    def ranked(self) -> list[VoteItem]:
        """A ranking ballot's placed proposals, first place first."""
        return sorted((item for item in self.items if item.value > 0), key=lambda item: item.value)

    @property
    def measure_goals(self) -> list[dict[str, Any]]:
        """The goals open for measures, each with its published measures (services.measures)."""
        return measures.goals_with_measures(self.state.get("measures"))

    @property
    def kind(self) -> str:
        """What the phase message says: ended, voting, lobby, collect, vote, results, or paused
        (a waiting phase while the last round is closed). participant.js: phaseKind()."""
        if not self.workshop.is_open:
            return "ended"
        if self.assessing:  # another group's assessors rate feasibility (domain.feasibility)
            return "assessing"
        if self.voting:
            return "voting"
        phase = self.state["phase"]
        if phase in _WAITING_PHASES and self.state.get("closed_since_phase"):
            return "paused"
        return phase if phase in (Phase.LOBBY, Phase.COLLECT, Phase.VOTE, Phase.MEASURES) else "results"

    @property
    def result_rows(self) -> list[dict[str, Any]]:
        return result_rows(self.method, self.results) if self.results else []

    @property
    def legend(self) -> dict[str, str]:
        return legend_texts()

    @property
    def closed_notice(self) -> bool:
        """The vote section says "closed" unless the phase message says it already, or says
        that something starts soon."""
        return not self.voting and not self.assessing and self.kind not in ("paused", *_WAITING_PHASES)

    @property
    def method(self) -> str | None:
        return self.round["method"] if self.round else None

    @property
    def voting(self) -> bool:
        return bool(self.round and self.round["state"] == RoundState.OPEN) and not self.assessing

    @property
    def assessing(self) -> bool:
        """An open feasibility round in which this participant is not an assessor: the phone
        says the administration is assessing instead of showing a ballot (domain.feasibility)."""
        r = self.round
        return bool(r and r["state"] == RoundState.OPEN and r.get("purpose") == RoundPurpose.FEASIBILITY
                    and r.get("assessor_group") != (self.state.get("participant") or {}).get("group"))

    @property
    def used(self) -> int:
        return sum(item.value for item in self.items if item.value > 0)


def build(workshop: Workshop, participant: Participant, *, saved: int | None = None,
          submitted: dict[str, object] | None = None, error: str | None = None) -> WorkshopPage:
    """The page; with ``submitted`` (a refused no-JS ballot) its items show what was sent, and
    ``error`` says why it was refused."""
    state = snapshots.participant_state(workshop, participant)
    fields = {f["id"]: f["name"] for f in state["fields"]}
    own = [{**p, "field_name": fields.get(p["field"])} for p in state["proposals"] if p.get("own")]
    published = [{**p, "field_name": fields.get(p["field"])}
                 for p in state["proposals"]
                 if p["state"] == ProposalState.PUBLISHED and p.get("kind") != ProposalKind.MEASURE]
    page = WorkshopPage(workshop=workshop, participant=participant, state=state, fields=fields,
                        own=own, published=published, collecting=state["collecting"],
                        can_change_group=joining.can_change_group(participant))
    if state["round"] is not None:  # the page draws what the snapshot holds, like the JS does
        page.round = state["round"]
        votes = {int(k): v for k, v in page.round["ballot"]["votes"].items()}
        if page.round["method"] == Method.RANKING.value:  # hidden proposals leave no gap
            votes = compact({p["id"]: votes.get(p["id"], 0) for p in page.round["items"]})
        if submitted is not None:
            votes = {int(k): v if isinstance(v, int) else 0 for k, v in submitted.items()}
            page.ballot_error = error
        page.items = [VoteItem(p["id"], p["title"], fields.get(p["field"]), votes.get(p["id"], 0),
                               saved=p["id"] == saved)
                      for p in page.round["items"]]
        page.results = page.round["results"]
    return page


# --- results as the phone shows them (issue 14, item 11) --------------------------------------

def score_text(method: str, balanced_score: float) -> str:
    """The number the ranking sorts by, in the method's unit (domain.results_explained), written
    as participant.js writes it (scoreText): dots points, rating 1–5, approval percent, motions
    signed percent."""
    value = display_value(method, balanced_score)
    if method in (Method.DOTS.value, Method.RATING.value, Method.RANKING.value):
        return format_decimal(value, "#,##0.##")
    text = format_decimal(abs(value), "#,##0") + " %"
    if method == Method.YES_NO_ABSTAIN.value and text != "0 %":
        return ("+" if value > 0 else "−") + text
    return text


def result_rows(method: str, payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [{**row, "score_text": score_text(method, row["balanced_score"]),
             "places_text": " / ".join(str(n) for n in row.get("places", {}).get("total", ()))}
            for row in payload["results"]]


def ballot_error(error, method: str) -> str:
    """A refused ballot in words; an approval over its limit says what the limit is."""
    if error.code == "over_budget" and method == Method.APPROVAL.value:
        return gettext("You can support at most %(budget)s proposals. Untick one to choose another.",
                       budget=error.params.get("budget"))
    return describe(error)


def published_results(workshop: Workshop) -> list[dict[str, Any]]:
    """The rounds whose results participants may see, newest first, each with its phone rows.
    This page is drawn by the server alone, so long titles get soft hyphens (as on the screen):
    the narrow column then breaks compounds at syllables, whatever the browser's dictionaries."""
    language = (workshop.language_list or ["de"])[0]
    return [{"round": data["round"],
             "rows": [{**row, "title": hyphenate(row["title"], language)}
                      for row in result_rows(data["round"]["method"], data)]}
            for data in results_service.participant_results(workshop)]


def legend_texts() -> dict[str, str]:
    """The one-line explanations under the phone's ranking, per method, and what n counts: the
    words of results_legend, as on screen and console (all methods: the <template> has them all)."""
    texts = {method.value: results_legend(f"value.{method.value}") for method in Method}
    texts["voters"] = results_legend("voters")
    return texts


def parse_form_ballot(form, method: str, item_ids: list[int], places: int = 0) -> dict[str, object]:
    """The whole ballot as the HTML form sends it: ``v-<id>`` fields, plus an optional ``step``
    button (``<id>:+1`` / ``<id>:-1``) that the dots stepper uses without JavaScript, or a
    ranking's ``rank`` button (``places`` is the ranking's k). Values are passed on as typed
    (ints where they parse) for the domain to judge."""
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
    if method == Method.RANKING.value:
        votes = _rank_action(form.get("rank", ""), votes, item_ids, places)
    return votes


def _rank_action(action: str, votes: dict[str, object], item_ids: list[int],
                 places: int) -> dict[str, object]:
    """A ranking's "Place next" / "Remove" button (``<id>:next`` / ``<id>:remove``), applied to
    the places the selects sent, as participant-ranking.js applies it."""
    target, _, verb = action.partition(":")
    if not (target.isdigit() and int(target) in item_ids and verb in ("next", "remove")):
        return votes
    if not all(isinstance(v, int) for v in votes.values()):
        return votes  # let the domain say what is wrong with the selects
    ballot = {int(k): v for k, v in votes.items() if isinstance(v, int)}
    step = place_next if verb == "next" else remove_place
    return {str(k): v for k, v in step(ballot, int(target), places).items()}


def _number(raw: str) -> object:
    text = raw.strip()
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    return sign * int(digits) if digits.isascii() and digits.isdigit() and len(digits) < 10 else raw
