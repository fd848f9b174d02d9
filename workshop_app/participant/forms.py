"""The participant's hand-written forms (join, propose, edit): what was sent, and the service's
error. The services validate the content, so the HTML form and the JSON API give the same answers
in the same words; CSRF is checked app-wide (extensions.csrf). The templates render these with the
form macros of _macros.html, like every other form of the app."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..domain.errors import DomainError
from ..messages import describe


@dataclass
class SentForm:
    """A form's values (as sent, or to start with) and at most one error from a service."""

    values: dict[str, str]
    error: str | None = None  # the translated message
    error_field: str | None = None  # the input it concerns; None: said above the form
    options: list[tuple[str, str]] = field(default_factory=list)  # a select's choices

    def show_error(self, error: DomainError) -> None:
        """Put a service's error next to the input it concerns, else above the form."""
        self.fail(describe(error), str(error.params.get("field", "")))

    def fail(self, message: str, field_name: str | None = None) -> None:
        self.error = str(message)
        self.error_field = field_name if field_name in self.values else None

    def error_for(self, name: str) -> str | None:
        return self.error if self.error_field == name else None

    @property
    def form_error(self) -> str | None:
        """The error that belongs to no input (shown above the form)."""
        return self.error if self.error is not None and self.error_field is None else None


def proposal_form(fields, values: Mapping[str, str], *, empty_label: str) -> SentForm:
    """The propose/edit form: title, body and the field of action to choose from."""
    return SentForm({"title": values.get("title", ""), "body": values.get("body", ""),
                     "field": values.get("field", "")},
                    options=[("", empty_label)] + [(str(f.id), f.name) for f in fields])
