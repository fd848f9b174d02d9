"""The agenda's step statuses are read off the room; see domain/agenda.py."""
from hypothesis import given
from hypothesis import strategies as st

from workshop_app.domain.agenda import FGK_AGENDA, AgendaFacts, AgendaStep, StepStatus, step_statuses
from workshop_app.domain.process_templates import TEMPLATES

round_states = st.sampled_from([None, "draft", "open", "closed"])
facts = st.builds(AgendaFacts, tables=st.integers(0, 12), priority_round=round_states,
                  measure_goals=st.integers(0, 5), feasibility_round=round_states)


def _statuses(f: AgendaFacts) -> list[StepStatus]:
    return [status for _, status in step_statuses(FGK_AGENDA, f)]


def test_a_fresh_room_starts_at_the_tables():
    assert _statuses(AgendaFacts()) == [StepStatus.CURRENT, StepStatus.LATER, StepStatus.LATER,
                                        StepStatus.LATER]


def test_a_closed_priority_round_moves_on_to_measures():
    f = AgendaFacts(tables=3, priority_round="closed")
    assert dict(step_statuses(FGK_AGENDA, f))[AgendaStep.MEASURES] is StepStatus.CURRENT


def test_an_open_priority_round_is_the_current_step():
    f = AgendaFacts(tables=3, priority_round="open")
    assert _statuses(f) == [StepStatus.DONE, StepStatus.CURRENT, StepStatus.LATER, StepStatus.LATER]


def test_a_step_taken_by_hand_ticks_off_the_steps_before_it():
    f = AgendaFacts(feasibility_round="draft")
    assert _statuses(f) == [StepStatus.DONE, StepStatus.DONE, StepStatus.DONE, StepStatus.CURRENT]


def test_everything_done_after_the_feasibility_round_closed():
    assert set(_statuses(AgendaFacts(feasibility_round="closed"))) == {StepStatus.DONE}


@given(facts)
def test_statuses_read_done_then_at_most_one_current_then_later(f):
    statuses = _statuses(f)
    order = {StepStatus.DONE: 0, StepStatus.CURRENT: 1, StepStatus.LATER: 2}
    assert [order[s] for s in statuses] == sorted(order[s] for s in statuses)
    assert statuses.count(StepStatus.CURRENT) <= 1
    if StepStatus.LATER in statuses:
        assert StepStatus.CURRENT in statuses


def test_only_the_fgk_template_offers_the_agenda():
    assert TEMPLATES["familiengerechte_kommune"].agenda == FGK_AGENDA
    assert TEMPLATES["empty"].agenda == ()
