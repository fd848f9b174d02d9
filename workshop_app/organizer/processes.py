"""Processes and their fields of action."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import access, inputs
from ..domain.errors import DomainError
from ..domain.process_templates import TEMPLATES
from ..services import fields, processes
from . import bp, forms
from .common import done, failed, field_for, process_for


def _template_choices() -> list[tuple[str, str]]:
    return [(key, t.title or _("Empty process")) for key, t in TEMPLATES.items()]


@bp.route("/organize/processes/new", methods=["GET", "POST"])
def new_process():
    context = {"templates": _template_choices(), "process": None}
    if request.method == "GET":
        return render_template("organizer/process_form.html", values={"template": "familiengerechte_kommune"},
                               **context)
    try:
        process = processes.create_process(access.current_actor(), template=request.form.get("template", "empty"),
                                           **forms.process_values(request.form))
    except DomainError as error:
        return failed("organizer/process_form.html", error, form="process", **context)
    return done(_("The process was created."), "organizer.process", process_id=process.id)


def page_context(process) -> dict:
    return {"process": process,
            "can_manage_members": processes.may_manage_members(current_user._get_current_object(), process)}


@bp.get("/organize/processes/<int:process_id>")
def process(process_id: int):
    return render_template("organizer/process.html", values={}, **page_context(process_for(process_id)))


def _members_process(process_id: int):
    target = process_for(process_id)
    if not processes.may_manage_members(current_user._get_current_object(), target):
        abort(403)  # members see the list; the owner and admins change it
    return target


@bp.post("/organize/processes/<int:process_id>/members")
def add_member(process_id: int):
    target = _members_process(process_id)
    try:
        processes.add_member(access.current_actor(), target, request.form.get("email", ""))
    except DomainError as error:
        return failed("organizer/process.html", error, form="members", **page_context(target))
    return done(_("The member was added."), "organizer.process", "members", process_id=target.id)


@bp.post("/organize/processes/<int:process_id>/members/<int:user_id>/remove")
def remove_member(process_id: int, user_id: int):
    target = _members_process(process_id)
    try:
        processes.remove_member(access.current_actor(), target, user_id)
    except DomainError as error:
        return failed("organizer/process.html", error, form="members", **page_context(target))
    return done(_("The member was removed."), "organizer.process", "members", process_id=target.id)


@bp.route("/organize/processes/<int:process_id>/edit", methods=["GET", "POST"])
def edit_process(process_id: int):
    target = process_for(process_id)
    if request.method == "GET":
        return render_template("organizer/process_form.html", process=target, values=None)
    try:
        values = forms.process_values(request.form)
        values["implementation_years"] = inputs.optional_int(request.form.get("implementation_years"),
                                                            "implementation_years")
        processes.update_process(access.current_actor(), target, **values)
    except DomainError as error:
        return failed("organizer/process_form.html", error, form="process", process=target)
    return done(_("The process was saved."), "organizer.process", process_id=target.id)


@bp.post("/organize/processes/<int:process_id>/fields")
def add_field(process_id: int):
    target = process_for(process_id)
    try:
        fields.add_field(access.current_actor(), target, name=request.form.get("name", ""),
                         description=request.form.get("description", ""), colour=request.form.get("colour"))
    except DomainError as error:
        return failed("organizer/process.html", error, form="field", **page_context(target))
    return done(_("The field of action was added."), "organizer.process", "fields", process_id=target.id)


@bp.route("/organize/fields/<int:field_id>/edit", methods=["GET", "POST"])
def edit_field(field_id: int):
    field = field_for(field_id)
    if request.method == "GET":
        return render_template("organizer/field_form.html", field=field, values=None)
    try:
        fields.update_field(access.current_actor(), field, name=request.form.get("name", ""),
                            description=request.form.get("description", ""), colour=request.form.get("colour"))
    except DomainError as error:
        return failed("organizer/field_form.html", error, form="field", field=field)
    return done(_("The field of action was saved."), "organizer.process", "fields", process_id=field.process_id)


@bp.post("/organize/fields/<int:field_id>/move")
def move_field(field_id: int):
    field = field_for(field_id)
    process_id = field.process_id
    try:
        fields.move_field(access.current_actor(), field, request.form.get("direction", ""))
    except DomainError as error:
        return failed("organizer/process.html", error, form="fields", **page_context(process_for(process_id)))
    return done(_("The order was changed."), "organizer.process", "fields", process_id=process_id)


@bp.post("/organize/fields/<int:field_id>/delete")
def delete_field(field_id: int):
    field = field_for(field_id)
    process_id = field.process_id
    fields.delete_field(access.current_actor(), field)
    return done(_("The field of action was removed."), "organizer.process", "fields", process_id=process_id)
