"""Participant forms. They bind data and check CSRF; the services validate the content, so the
HTML form and the JSON API give the same answers in the same words."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField

from ..domain.errors import DomainError
from ..messages import describe


class JoinForm(FlaskForm):
    group = RadioField(_l("Which group do you belong to?"), choices=[], validate_choice=False)
    name = StringField(_l("Your name (optional)"))
    token = StringField(_l("Personal code from your card"))


class ProposalForm(FlaskForm):
    title = StringField(_l("Your proposed goal"))
    body = TextAreaField(_l("Why? (optional)"))
    field = SelectField(_l("Field of action"), choices=[], validate_choice=False)


def with_field_choices(form: ProposalForm, fields, *, empty_label) -> ProposalForm:
    form.field.choices = [("", empty_label)] + [(str(f.id), f.name) for f in fields]
    return form


def show_error(form: FlaskForm, error: DomainError) -> None:
    """Put a service's error next to the field it concerns, else above the form."""
    target = getattr(form, str(error.params.get("field", "")), None)
    if target is not None and hasattr(target, "errors"):
        target.errors = [*list(target.errors or []), describe(error)]
    else:
        form.form_errors.append(describe(error))
