"""The moderator's next step: which one action the console offers next, given the room.

A workshop runs lobby → collect → (prepare a round) → start voting → close → show results →
publish, possibly several rounds; a spotlight interrupts whatever the screen shows. The console
puts that one step (and what the screen and phones will show after it) beside a live miniature of
the screen, so the moderator never hunts for the right button. The expert controls stay.

static/js/console-regions.js applies the same rule to pushed state (kept side by side with this one; the browser
tests compare what both draw).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .phases import Phase

__all__ = ["NextStep", "Step", "next_step"]


class Step(StrEnum):
    NONE = "none"
    END_SPOTLIGHT = "end_spotlight"
    CLOSE_VOTING = "close_voting"
    COLLECT = "collect"
    SHOW_RESULTS = "show_results"
    PUBLISH_RESULTS = "publish_results"
    START_VOTING = "start_voting"
    PREPARE_ROUND = "prepare_round"


@dataclass(frozen=True, slots=True)
class NextStep:
    step: Step
    round_id: int | None = None


def next_step(*, workshop_open: bool, phase: Phase | str, spotlight: bool, open_round: int | None,
              draft_round: int | None, current_round: int | None, current_closed: bool,
              current_published: bool) -> NextStep:
    """The one action to offer next.

    ``open_round``: the open round's id; ``draft_round``: the prepared round that would open first;
    ``current_round``: the round the room shows (open, else the latest closed), with whether it is
    closed and its results published.
    """
    if not workshop_open:
        return NextStep(Step.NONE)
    if spotlight:
        return NextStep(Step.END_SPOTLIGHT)
    if open_round is not None:
        return NextStep(Step.CLOSE_VOTING, open_round)
    if phase == Phase.LOBBY:
        return NextStep(Step.COLLECT)
    if current_round is not None and current_closed:
        if phase == Phase.VOTE:
            return NextStep(Step.SHOW_RESULTS, current_round)
        if phase == Phase.RESULTS and not current_published:
            return NextStep(Step.PUBLISH_RESULTS, current_round)
    if draft_round is not None:
        return NextStep(Step.START_VOTING, draft_round)
    return NextStep(Step.PREPARE_ROUND)
