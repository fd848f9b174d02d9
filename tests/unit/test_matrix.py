"""The priority × feasibility matrix (domain.matrix): placement rules and a layout without overlaps."""
from __future__ import annotations

import math
from statistics import median

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.domain import matrix
from workshop_app.domain.errors import DomainError
from workshop_app.domain.feasibility import check_may_rate, default_assessor_key, may_rate

scores = st.floats(min_value=0, max_value=100, allow_nan=False)
means = st.one_of(st.none(), st.floats(min_value=1, max_value=5, allow_nan=False))


@st.composite
def goal_lists(draw, max_size=40):
    items = draw(st.lists(st.tuples(scores, means), max_size=max_size))
    return [matrix.GoalInput(i + 1, f"Goal {i + 1}", s, f, 0 if f is None else 3)
            for i, (s, f) in enumerate(items)]


@given(goal_lists())
def test_every_assessed_goal_gets_the_quadrant_its_two_values_name(goals):
    result = matrix.build(goals)
    assert [g.number for g in result.goals] == list(range(1, len(goals) + 1))
    for goal, given_ in zip(result.goals, goals):
        assert 0 <= goal.priority <= 1
        if given_.feasibility is None:
            assert goal.quadrant is None and goal in result.unassessed
            continue
        high = goal.priority > 0 and goal.priority >= result.priority_split
        feasible = given_.feasibility >= 3
        assert goal.quadrant == {(True, True): "quick_wins", (True, False): "major_projects",
                                 (False, True): "fill_ins", (False, False): "reconsider"}[high, feasible]


@given(goal_lists())
def test_priority_splits_at_the_median_of_the_assessed_goals(goals):
    result = matrix.build(goals)
    assessed = [g for g in result.goals if g.quadrant is not None]
    if not assessed:
        return
    assert result.priority_split == pytest.approx(median(g.priority for g in assessed))
    high = [g for g in assessed if g.quadrant in ("quick_wins", "major_projects")]
    if any(g.priority > 0 for g in assessed):
        # at least the upper half of the room's own ranking, ties included
        assert len(high) >= sum(1 for g in assessed if g.priority > 0 and g.priority >= result.priority_split)
        assert len(high) >= 1
    # monotone: a goal with more priority than a high one is high too
    for a in assessed:
        for b in assessed:
            if a.quadrant in ("quick_wins", "major_projects") and b.priority >= a.priority:
                assert b.quadrant in ("quick_wins", "major_projects")


@given(goal_lists())
def test_equal_values_land_in_the_same_quadrant(goals):
    result = matrix.build(goals)
    seen = {}
    for goal in result.goals:
        if goal.quadrant is not None:
            key = (goal.priority, goal.feasibility)
            assert seen.setdefault(key, goal.quadrant) == goal.quadrant


def test_normalising_divides_by_the_top_score_and_zero_support_is_never_a_priority():
    assert matrix.normalise([2, 4, 0]) == [0.5, 1.0, 0.0]
    assert matrix.normalise([0, 0]) == [0.0, 0.0]
    result = matrix.build([matrix.GoalInput(1, "a", 0, 5), matrix.GoalInput(2, "b", 0, 1)])
    assert [g.quadrant for g in result.goals] == ["fill_ins", "reconsider"]


def test_a_worked_example():
    goals = [matrix.GoalInput(1, "Kita", 4.0, 4.5), matrix.GoalInput(2, "Bus", 3.0, 1.5),
             matrix.GoalInput(3, "Park", 1.0, 3.0), matrix.GoalInput(4, "Bad", 0.5, 2.9),
             matrix.GoalInput(5, "Neu", 2.0, None)]
    result = matrix.build(goals)
    assert result.priority_split == pytest.approx((0.75 + 0.25) / 2)
    assert [g.quadrant for g in result.goals] == ["quick_wins", "major_projects", "fill_ins", "reconsider", None]


@given(goal_lists(max_size=120), st.sampled_from([(1000, 1000, 0), (640, 480, 30), (300, 300, 0), (1000, 1000, 70)]))
@settings(max_examples=150, deadline=None)
def test_markers_never_overlap_and_stay_inside_their_quadrant(goals, size):
    width, height, band = size
    result = matrix.build(goals)
    drawn = matrix.layout(result, width, height, band=band)
    assessed = [g for g in result.goals if g.quadrant is not None]
    assert sorted(m.goal_id for m in drawn.markers) == sorted(g.goal_id for g in assessed)
    by_id = {g.goal_id: g for g in assessed}
    for marker in drawn.markers:
        assert marker.quadrant == by_id[marker.goal_id].quadrant
        right = marker.quadrant in ("quick_wins", "major_projects")
        top = marker.quadrant in ("quick_wins", "fill_ins")
        assert (marker.x >= width / 2) == right
        assert (marker.y < height / 2) == top
        assert drawn.radius <= marker.x <= width - drawn.radius
        assert drawn.radius <= marker.y <= height - drawn.radius
        x0, y0, x1, y1 = matrix.quadrant_box(marker.quadrant, width, height, band)
        assert x0 + drawn.radius <= marker.x <= x1 - drawn.radius + 1e-6  # clear of the label band
        assert y0 + drawn.radius - 1e-6 <= marker.y <= y1 - drawn.radius + 1e-6
    for i, a in enumerate(drawn.markers):
        for b in drawn.markers[i + 1:]:
            assert math.dist((a.x, a.y), (b.x, b.y)) >= 2 * drawn.radius - 1e-6


def test_a_lone_goal_sits_near_its_true_position():
    result = matrix.build([matrix.GoalInput(1, "a", 1.0, 5.0), matrix.GoalInput(2, "b", 0.2, 1.0)])
    drawn = matrix.layout(result)
    top_right = drawn.markers[0]
    assert top_right.x > 900 and top_right.y < 100  # highest priority, easiest


@given(st.text(max_size=200))
def test_short_titles_are_short(title):
    short = matrix.short_title(title)
    assert len(short) <= matrix.SHORT_TITLE
    if len(" ".join(title.split())) <= matrix.SHORT_TITLE:
        assert short == " ".join(title.split())
    else:
        assert short.endswith("…")


def test_who_may_rate():
    assert may_rate("priority", None, 7)
    assert may_rate("feasibility", 2, 2)
    assert not may_rate("feasibility", 2, 3)
    assert may_rate("feasibility", None, None, named=True)
    assert not may_rate("feasibility", None, 3)
    with pytest.raises(DomainError) as caught:
        check_may_rate("feasibility", 2, 3)
    assert caught.value.code == "not_assessor"
    assert default_assessor_key(["politik", "verwaltung"]) == "verwaltung"
    assert default_assessor_key(["politik"]) is None
