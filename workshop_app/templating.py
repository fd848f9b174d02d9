"""Template helpers: formatting only, no decisions."""
from __future__ import annotations

from flask_babel import format_date, format_datetime, format_decimal

from .domain.agenda import StepStatus
from .domain.ballots import Method
from .domain.console_flow import Step
from .domain.deadlines import MeasureStatus
from .domain.feasibility import RoundPurpose
from .domain.joincodes import JoinMode
from .domain.kinds import AuthorKind, ScreenMode, ScreenTheme
from .domain.measures import ProposalKind
from .domain.oparl import Verification
from .domain.phases import Phase, ProposalState, RoundState, WorkshopState
from .domain.progress import Light
from .domain.responsible import LinkState, ReminderState

#: The domain's vocabularies by name, so that a template compares ``r.state == RoundState.OPEN``
#: rather than spelling a stored code; a renamed member then fails loudly instead of never matching.
DOMAIN_ENUMS = {enum.__name__: enum for enum in (
    AuthorKind, JoinMode, Light, LinkState, MeasureStatus, Method, Phase, ProposalKind, ProposalState,
    ReminderState, RoundPurpose, RoundState, ScreenMode, ScreenTheme, Step, StepStatus, Verification, WorkshopState)}


def init_app(app) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
        datetime=lambda value, fmt="short": format_datetime(value, fmt) if value else "",
        decimal=lambda value, fmt="#,##0.##": format_decimal(value, fmt) if value is not None else "",
        percent=lambda value: format_decimal((value or 0) * 100, "#,##0") + " %",
    )
    # One vocabulary for states, statuses and methods (workshop_app/vocabulary.py).
    from .vocabulary import audit_action, audit_value, term

    app.jinja_env.globals.update(term=term, audit_action=audit_action, audit_value=audit_value)
    app.jinja_env.globals.update(DOMAIN_ENUMS)
