"""Template helpers: formatting only, no decisions."""
from __future__ import annotations

from flask_babel import format_date, format_datetime, format_decimal


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
