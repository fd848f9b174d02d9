"""The console's next step (domain.console_flow): one action to offer, from the room's state."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain.console_flow import NextStep, Step, next_step

ROOM = {"workshop_open": True, "phase": "collect", "spotlight": False, "open_round": None, "draft_round": None,
        "current_round": None, "current_closed": False, "current_published": False}


@pytest.mark.parametrize(("changes", "expected"), [
    ({"workshop_open": False, "open_round": 3}, NextStep(Step.NONE)),
    ({"spotlight": True, "open_round": 3}, NextStep(Step.END_SPOTLIGHT)),
    ({"open_round": 3, "current_round": 3, "phase": "lobby"}, NextStep(Step.CLOSE_VOTING, 3)),
    ({"phase": "lobby", "draft_round": 2}, NextStep(Step.COLLECT)),
    ({}, NextStep(Step.PREPARE_ROUND)),
    ({"draft_round": 2}, NextStep(Step.START_VOTING, 2)),
    ({"phase": "vote", "current_round": 1, "current_closed": True, "draft_round": 2},
     NextStep(Step.SHOW_RESULTS, 1)),
    ({"phase": "results", "current_round": 1, "current_closed": True}, NextStep(Step.PUBLISH_RESULTS, 1)),
    ({"phase": "results", "current_round": 1, "current_closed": True, "current_published": True,
      "draft_round": 2}, NextStep(Step.START_VOTING, 2)),
    ({"phase": "results", "current_round": 1, "current_closed": True, "current_published": True},
     NextStep(Step.PREPARE_ROUND)),
    # back to collecting after a round: the closed round does not ask for its results again
    ({"phase": "collect", "current_round": 1, "current_closed": True}, NextStep(Step.PREPARE_ROUND)),
])
def test_next_step(changes, expected):
    assert next_step(**{**ROOM, **changes}) == expected


@settings(max_examples=200, database=None, deadline=None)
@given(st.booleans(), st.sampled_from(["lobby", "collect", "vote", "results"]), st.booleans(),
       st.none() | st.integers(1, 9), st.none() | st.integers(1, 9), st.none() | st.integers(1, 9),
       st.booleans(), st.booleans())
def test_a_step_that_names_a_round_names_one_of_the_given(open_, phase, spotlight, opened, draft, current,
                                                          closed, published):
    step = next_step(workshop_open=open_, phase=phase, spotlight=spotlight, open_round=opened,
                     draft_round=draft, current_round=current, current_closed=closed,
                     current_published=published)
    wanted = {Step.CLOSE_VOTING: opened, Step.START_VOTING: draft, Step.SHOW_RESULTS: current,
              Step.PUBLISH_RESULTS: current}
    assert step.round_id == wanted.get(step.step)
    if opened is not None and open_ and not spotlight:
        assert step.step is Step.CLOSE_VOTING  # an open round is always closed next
