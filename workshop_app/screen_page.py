"""The projector page's data: what the server renders into the panel (page, /panel, the no-JS
refresh), prepared so the templates only loop and branch. It is built from the same payloads the
screen gets pushed (services.screen, the live layer's read model), so that the server's panel and
the one screen.js draws from the pushed state read the same: the results from the drawn tally,
the wall from the published proposals' cards.

Not inside the screen blueprint because two blueprints draw this page: the screen itself and the
moderator console's live miniature of it (blueprints do not import each other, pyproject's
import-linter contracts).
"""
from __future__ import annotations

from typing import Any

import segno
from flask_babel import format_decimal
from markupsafe import Markup

from . import matrix_labels, urls
from .domain.ballots import Method
from .domain.joincodes import format_for_display
from .domain.kinds import ScreenMode
from .domain.measures import ProposalKind
from .domain.phases import ProposalState
from .domain.results_explained import value_unit
from .extensions import db
from .hyphenation import hyphenate
from .models import Proposal, Workshop
from .models.base import utcnow
from .results_legend import LEGEND, outcome_label, results_legend
from .services import feasibility, measures, screen, support, table_screen
from .services.read_models import presence, snapshots

RATING_VALUES = (1, 2, 3, 4, 5)
MOTION_KEYS = ("yes", "no", "abstain")
#: Colour is never the only cue: no is cross-hatched, abstain striped (the bar key shows them).
MOTION_PATTERNS = {"yes": "", "no": "pattern-4", "abstain": "pattern-3"}


def bar_segments(method: str, row: dict[str, Any], voted: list[dict[str, Any]], top: float) -> list[dict[str, Any]]:
    """The segments of a result row's bar (same arithmetic as screen.js ``segments``):
    dots/approval, one per group (its support per voter / number of groups that voted, scaled
    to the top row), so the bar is the group-balanced score; rating, the 1–5 distribution;
    yes/no/abstain, the shares of yes, no and abstentions; widths in percent."""
    if method == Method.RATING:
        shares = row["rating"]["total"]["percent"]
        return _stack([(f"rating-{v}", "", share) for v, share in zip(RATING_VALUES, shares)])
    if method == Method.YES_NO_ABSTAIN:
        shares = row["motion"]["total"]["percent"]
        return _stack([(f"vote-{key}", MOTION_PATTERNS[key], shares[key]) for key in MOTION_KEYS])
    parts = []
    for group in voted:
        share = row["group_averages"].get(group["key"], 0) / len(voted) / (top or 1) * 100
        parts.append((f"group-{group['colour']}", f"pattern-{group['colour']}", share))
    return _stack(parts)


def _stack(parts) -> list[dict[str, Any]]:
    x, segments = 0.0, []
    for colour, pattern, share in parts:
        if share > 0:
            segments.append({"colour": colour, "pattern": pattern, "x": round(x, 3), "width": round(share, 3)})
            x += share
    return segments


def results_view(payload: dict[str, Any], groups: list[dict[str, Any]], workshop: Workshop) -> dict[str, Any]:
    """Rows, legend and voter counts of a drawn tally, for the results macros; each row with its
    title's language and soft hyphens (as screen.js takes them from the proposals' cards)."""
    language = screen.workshop_language(workshop)
    langs = screen.proposal_langs(workshop, [r["proposal_id"] for r in payload["results"]])
    method = payload["round"]["method"]
    voted = [g for g in groups if payload["groups"].get(g["key"], {}).get("voters", 0) > 0]
    top = max((r["balanced_score"] for r in payload["results"]), default=0) or 1
    rows = [{**r, "lang": langs.get(r["proposal_id"]),
             "shy": hyphenate(r["title"], langs.get(r["proposal_id"]) or language),
             "segments": bar_segments(method, r, voted, top),
             "figures": row_figures(method, r, payload["total_voters"], r.get("motion", {}).get("total"),
                                    r.get("rating", {}).get("total"), r.get("places", {}).get("total")),
             "group_rows": group_rows(method, r, groups, payload["groups"])} for r in payload["results"]]
    return {"method": method, "unit": value_unit(method), "legend": payload.get("legend", []),
            "rows": rows, "voted_groups": [{**g, "voters": payload["groups"][g["key"]]["voters"]} for g in voted],
            "groups": groups, "total_voters": payload["total_voters"]}


def row_figures(method: str, row: dict[str, Any], voters: int, motion: dict | None,
                rating: dict | None, places: list[int] | None = None) -> dict[str, Any]:
    """The numbers a detail line names (screen.js ``figures`` fills the same): points and voters
    (n = everyone who voted, the value's denominator); for ratings the mean, the raters and the
    distribution 1–5; for motions the counts and whole percentages and the outcome; for rankings
    also how often each place was given (1st / 2nd / …)."""
    if method == Method.RANKING and places is not None:
        return {"points": row["points"], "voters": voters,
                "distribution": " / ".join(str(n) for n in places)}
    if method == Method.YES_NO_ABSTAIN and motion is not None:
        return {**{key: motion[key] for key in MOTION_KEYS},
                **{f"{key}_pct": motion["percent"][key] for key in MOTION_KEYS},
                "voters": motion["total"], "outcome": motion["outcome"]}
    if method == Method.RATING and rating is not None:
        mean = rating["mean"]
        return {"mean": "–" if mean is None else format_decimal(mean, "0.0#"), "voters": rating["count"],
                "distribution": " / ".join(str(n) for n in rating["distribution"])}
    return {"points": row["points"], "voters": voters}


def group_rows(method: str, row: dict[str, Any], groups: list[dict[str, Any]],
               totals: dict[str, Any]) -> list[dict[str, Any]]:
    """Per group that voted in the round: its name, colour and the figures of its detail line."""
    out = []
    for group in groups:
        voters = totals.get(group["key"], {}).get("voters", 0)
        if not voters:
            continue
        score = row["by_group"].get(group["key"], {"points": 0})
        figures = row_figures(method, {"points": score["points"]}, voters,
                              row.get("motion", {}).get("groups", {}).get(group["key"]),
                              row.get("rating", {}).get("groups", {}).get(group["key"]),
                              row.get("places", {}).get("groups", {}).get(group["key"]))
        out.append({"key": group["key"], "name": group["name"], "colour": group["colour"], **figures})
    return out


def wall(workshop: Workshop, proposals: list[Proposal]) -> list[dict[str, Any]]:
    """Columns per field of action (in the process's order), newest card first."""
    fields = list(workshop.process.fields)
    if workshop.focus_field_id is not None:
        fields = [f for f in fields if f.id == workshop.focus_field_id]
    columns = [{"field": f, "index": i % 10 + 1, "proposals": []} for i, f in enumerate(fields)]
    by_id = {c["field"].id: c for c in columns}
    loose = {"field": None, "index": 9, "proposals": []}
    langs = screen.proposal_langs(workshop, [p.id for p in proposals])
    language = screen.workshop_language(workshop)
    supporters = support.counts(workshop.id)
    for proposal in sorted(proposals, key=lambda p: p.id, reverse=True):
        column = by_id.get(proposal.field_id) if proposal.field_id else loose
        if column is not None:
            lang = langs.get(proposal.id)
            column["proposals"].append({"id": proposal.id, "title": proposal.title, "lang": lang,
                                        "shy": hyphenate(proposal.title, lang or language),
                                        "supporters": supporters.get(proposal.id, 0)})
    if loose["proposals"] and workshop.focus_field_id is None:
        columns.append(loose)
    return [c for c in columns if c["proposals"]] or columns[:3]


def screen_view(workshop: Workshop) -> dict[str, Any]:
    round_ = screen.screen_round(workshop)
    mode = screen.panel_mode(workshop, round_)
    groups = snapshots.groups_payload(workshop)
    view: dict[str, Any] = {
        "workshop": workshop, "mode": mode, "round": round_, "groups": list(workshop.groups),
        "group_facts": groups, "presence": presence.summary(workshop), "theme": workshop.screen_theme,
        "timer_ends_at": workshop.timer_ends_at, "version": workshop.version,
        "timer_seconds": timer_remaining(workshop), "language": screen.workshop_language(workshop),
    }
    if mode == ScreenMode.COLLECT:
        published = db.session.scalars(db.select(Proposal).filter_by(
            workshop_id=workshop.id, state=ProposalState.PUBLISHED, kind=ProposalKind.GOAL)).all()
        view["wall"] = wall(workshop, list(published))
    if round_ is not None and screen.results_shown(workshop, round_, mode):
        view["results"] = results_view(screen.drawn_tally(round_.id), groups, workshop)
    if mode == ScreenMode.SPOTLIGHT:
        view["spotlight"] = screen.live_facts(workshop)["spotlight_card"]
    if mode == ScreenMode.MEASURES:
        view["measure_goals"] = measures.goals_with_measures(measures.room_measures(workshop))
    if mode == ScreenMode.MATRIX:
        view["matrix"] = feasibility.matrix_payload(round_)
    view["matrix_labels"] = matrix_labels.labels()  # the panel and its <template>s (templates/_matrix.html)
    if mode in (ScreenMode.TABLES, ScreenMode.TABLE):  # the tables' progress, or one table's wall (table_screen)
        view["field_index"] = {f.id: i % 10 + 1 for i, f in enumerate(workshop.process.fields)}
        view.update(table_screen.screen_facts(workshop, mode, view["language"],
                                              lambda ids: screen.proposal_langs(workshop, ids)))
    return view


def timer_remaining(workshop: Workshop) -> int | None:
    """Whole seconds left on the room's timer, for the countdown the page starts from (the
    console's too); None while no timer runs."""
    if workshop.timer_ends_at is None:
        return None
    return max(0, int((workshop.timer_ends_at - utcnow()).total_seconds()))


def page_context(workshop: Workshop, secret: str) -> dict[str, Any]:
    """Everything screen/show.html renders: the panel's data, the join address and its QR code
    (the projector page, and the console's miniature of it)."""
    join_url = urls.external("participant.join_code", code=workshop.join_code)
    # segno's own SVG: only path data and our URL, no user text, so it is safe to inline.
    qr = Markup(segno.make(join_url, error="m").svg_inline(omitsize=True, border=0))  # nosec B704
    return {**screen_view(workshop), "secret": secret, "join_url": join_url, "qr": qr,
            "results_legend": results_legend, "outcome_label": outcome_label, "legend_texts": LEGEND,
            "join_code": format_for_display(workshop.join_code)}
