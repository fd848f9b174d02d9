"""Moderating proposals from the console: publish/unhide, hide, edit, add, merge, and decide
on participants' pending edits (pre-moderation)."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from ..domain.errors import DomainError
from ..services import merging, moderation
from . import bp, forms
from .common import done, failed, proposal_for, workshop_for


@bp.post("/moderate/<code>/proposals/<int:proposal_id>/<any(publish, hide):action>")
def proposal_state(code: str, proposal_id: int, action: str):
    workshop, actor = workshop_for(code)
    proposal = proposal_for(workshop, proposal_id)
    try:
        getattr(moderation, action)(actor, proposal)
    except DomainError as error:
        return failed(workshop, error, f"proposal-{proposal_id}")
    message = _("The proposal is published.") if action == "publish" else _("The proposal is hidden.")
    return done(workshop, message, f"proposal-{proposal_id}")


@bp.post("/moderate/<code>/proposals/<int:proposal_id>/<any('approve-edit', 'reject-edit'):action>")
def proposal_pending_edit(code: str, proposal_id: int, action: str):
    """Approve or reject a participant's change of a published proposal (pre-moderation)."""
    workshop, actor = workshop_for(code)
    proposal = proposal_for(workshop, proposal_id)
    approve = action == "approve-edit"
    try:
        (moderation.approve_edit if approve else moderation.reject_edit)(actor, proposal)
    except DomainError as error:
        return failed(workshop, error, f"proposal-{proposal_id}")
    message = (_("The change is approved; everyone sees the new wording.") if approve else
               _("The change is rejected; the previous wording stays. The rejected wording is kept in the audit log."))
    return done(workshop, message, f"proposal-{proposal_id}")


@bp.post("/moderate/<code>/proposals/<int:proposal_id>/edit")
def proposal_edit(code: str, proposal_id: int):
    workshop, actor = workshop_for(code)
    proposal = proposal_for(workshop, proposal_id)
    try:
        moderation.edit(actor, proposal, title=request.form.get("title"),
                        body=request.form.get("body"), field=forms.optional_int(request.form.get("field")))
    except DomainError as error:
        return failed(workshop, error, f"proposal-{proposal_id}")
    return done(workshop, _("The proposal was changed. The original wording is kept in the audit log."),
                f"proposal-{proposal_id}")


@bp.post("/moderate/<code>/proposals")
def proposal_add(code: str):
    workshop, actor = workshop_for(code)
    try:
        moderation.add(actor, workshop, title=request.form.get("title", ""), body=request.form.get("body", ""),
                       field=forms.optional_int(request.form.get("field")),
                       from_paper=forms.checkbox(request.form, "from_paper"))
    except DomainError as error:
        return failed(workshop, error, "add")
    return done(workshop, _("The proposal was added and published."), "proposals")


def _merge_choice():
    sources = forms.id_list(request.form.getlist("merge"))
    target = forms.optional_int(request.form.get("into"))
    return [s for s in sources if s != target], target


@bp.post("/moderate/<code>/merge")
def merge_preview(code: str):
    """Step 1: show what the merge would do, with the rule, before anything is written."""
    workshop, _actor = workshop_for(code)
    sources, target = _merge_choice()
    try:
        preview = merging.preview(workshop, sources, target)
    except DomainError as error:
        return failed(workshop, error, "merge")
    return render_template("moderator/merge_preview.html", workshop=workshop, preview=preview)


@bp.post("/moderate/<code>/merge/confirm")
def merge_confirm(code: str):
    workshop, actor = workshop_for(code)
    sources, target = _merge_choice()
    try:
        merging.merge_proposals(actor, workshop, sources, target)
    except DomainError as error:
        return failed(workshop, error, "merge")
    return done(workshop, _("The proposals were merged."), f"proposal-{target}")
