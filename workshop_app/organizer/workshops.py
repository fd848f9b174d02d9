"""Workshops for organizers: create, edit, copy, life cycle, delete, links, tokens, anonymise."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from .. import access, inputs
from ..domain.errors import DomainError
from ..downloads import download
from ..i18n import current_language
from ..services import joining, joinsheets, privacy, workshops
from ..urls import external, screen_url
from . import bp, forms
from .common import done, failed, process_for, workshop_for


def _join_link(code: str) -> str:
    return external("participant.join_code", code=code)


def workshop_context(workshop, **extra) -> dict:
    return {"workshop": workshop, "process": workshop.process, "tokens": joinsheets.token_counts(workshop),
            "live_codes": joining.live_kinds(workshop.join_mode),
            "participant_cap": joining.participant_cap(workshop),
            "participant_count": joining.active_participants(workshop.id),
            "join_url": _join_link(workshop.join_code),
            "screen_url": screen_url(workshop),
            "console_url": external("moderator.console", code=workshop.join_code), **extra}


def _page(workshop, status: int = 200, **extra):
    return render_template("organizer/workshop.html", **workshop_context(workshop, **extra)), status


@bp.post("/organize/processes/<int:process_id>/workshops")
def create_workshop(process_id: int):
    process = process_for(process_id)
    try:
        values = forms.workshop_values(request.form)
        values["date_"] = values.pop("date")
        workshop, secret = workshops.create_workshop(access.current_actor(), process, **values)
    except DomainError as error:
        return failed("organizer/process.html", error, form="workshop", process=process)
    # The moderator link is shown now and never again (only its hash is stored).
    return _page(workshop, 201, moderator_link=external("moderator.redeem_link", secret=secret),
                 created=True)


@bp.get("/organize/workshops/<code>")
def workshop(code: str):
    return _page(workshop_for(code))


@bp.post("/organize/workshops/<code>/settings")
def workshop_settings(code: str):
    target = workshop_for(code)
    try:
        workshops.update_workshop(access.current_actor(), target, **forms.workshop_values(request.form))
    except DomainError as error:
        return failed("organizer/workshop.html", error, form="settings", **workshop_context(target))
    return done(_("The workshop was saved."), "organizer.workshop", code=target.join_code)


@bp.post("/organize/workshops/<code>/groups")
def workshop_groups(code: str):
    target = workshop_for(code)
    try:
        workshops.update_groups(access.current_actor(), target, forms.group_names(request.form))
    except DomainError as error:
        return failed("organizer/workshop.html", error, form="groups", **workshop_context(target))
    return done(_("The stakeholder groups were saved."), "organizer.workshop", "groups", code=target.join_code)


@bp.post("/organize/workshops/<code>/state")
def workshop_state(code: str):
    target = workshop_for(code)
    try:
        workshops.change_state(access.current_actor(), target, request.form.get("state", ""))
    except (DomainError, ValueError) as error:
        error = error if isinstance(error, DomainError) else DomainError("invalid_choice", field="state")
        return failed("organizer/workshop.html", error, form="state", **workshop_context(target))
    return done(_("The workshop's state was changed."), "organizer.workshop", code=target.join_code)


@bp.post("/organize/workshops/<code>/copy")
def copy_workshop(code: str):
    source = workshop_for(code)
    copy, secret = workshops.copy_workshop(access.current_actor(), source,
                                           title=request.form.get("title") or None)
    return _page(copy, 201, moderator_link=external("moderator.redeem_link", secret=secret), created=True)


@bp.post("/organize/workshops/<code>/moderator-link")
def moderator_link(code: str):
    target = workshop_for(code)
    secret = workshops.regenerate_moderator_link(access.current_actor(), target)
    return _page(workshop_for(code), moderator_link=external("moderator.redeem_link", secret=secret))


@bp.post("/organize/workshops/<code>/screen-secret")
def screen_secret(code: str):
    target = workshops.rotate_screen_secret(access.current_actor(), workshop_for(code))
    return done(_("The screen has a new address; the old one no longer works."), "organizer.workshop",
                code=target.join_code)


@bp.route("/organize/workshops/<code>/delete", methods=["GET", "POST"])
def delete_workshop(code: str):
    target = workshop_for(code)
    if request.method == "GET":
        return render_template("organizer/workshop_delete.html", workshop=target, values={})
    process_id = target.process_id
    try:
        workshops.delete_workshop(access.current_actor(), target, confirmation=request.form.get("confirmation", ""))
    except DomainError as error:
        return failed("organizer/workshop_delete.html", error, form="delete", workshop=target)
    return done(_("The workshop and all its data were deleted."), "organizer.process", process_id=process_id)


@bp.post("/organize/workshops/<code>/anonymise")
def anonymise(code: str):
    target = workshop_for(code)
    if not inputs.checkbox(request.form, "confirm"):
        return failed("organizer/workshop.html", DomainError("anonymise_confirm", "tick the box to confirm"),
                      form="anonymise", **workshop_context(target))
    privacy.anonymise(access.current_actor(), target)
    return done(_("The workshop was closed and anonymised."), "organizer.workshop", code=target.join_code)


@bp.post("/organize/workshops/<code>/tokens")
def create_tokens(code: str):
    target = workshop_for(code)
    try:
        joinsheets.create_tokens(access.current_actor(), target,
                                 inputs.optional_int(request.form.get("count"), "count") or 0,
                                 inputs.optional_int(request.form.get("group"), "group"))
    except DomainError as error:
        return failed("organizer/workshop.html", error, form="tokens", **workshop_context(target))
    return done(_("The tokens were created."), "organizer.workshop", "tokens", code=target.join_code)


@bp.get("/organize/workshops/<code>/tokens.pdf")
def token_sheet(code: str):
    target = workshop_for(code)
    data = joinsheets.token_sheet(target, _join_link, language=current_language())
    return download(data, "application/pdf", f"{target.title} tokens", "pdf")


@bp.get("/organize/workshops/<code>/group-codes.pdf")
def group_code_sheet(code: str):
    target = workshop_for(code)
    try:
        data = joinsheets.group_code_sheet(target, _join_link, language=current_language())
    except DomainError as error:
        return failed("organizer/workshop.html", error, form="groups", **workshop_context(target))
    return download(data, "application/pdf", f"{target.title} group codes", "pdf")
