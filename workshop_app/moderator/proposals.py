"""Moderating proposals from the console: publish/unhide, hide, edit, add, merge, and decide
on participants' pending edits (pre-moderation)."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import inputs
from ..domain.errors import DomainError
from ..services import bulk_moderation, merging, moderation
from . import bp
from .common import done, failed, proposal_for, workshop_for


@bp.post("/moderate/<code>/proposals/<int:proposal_id>/<any(publish, hide):action>")
def proposal_state(code: str, proposal_id: int, action: str):
    workshop, actor = workshop_for(code)
    proposal = proposal_for(workshop, proposal_id)
    try:
        getattr(moderation, action)(actor, workshop.id, proposal.id)
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
        (moderation.approve_edit if approve else moderation.reject_edit)(actor, workshop.id, proposal.id)
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
        moderation.edit(actor, workshop.id, proposal.id, title=request.form.get("title"),
                        body=request.form.get("body"), field=inputs.optional_int(request.form.get("field")))
    except DomainError as error:
        return failed(workshop, error, f"proposal-{proposal_id}")
    return done(workshop, _("The proposal was changed. The original wording is kept in the audit log."),
                f"proposal-{proposal_id}")


@bp.post("/moderate/<code>/proposals")
def proposal_add(code: str):
    workshop, actor = workshop_for(code)
    try:
        moderation.add(actor, workshop.id, title=request.form.get("title", ""), body=request.form.get("body", ""),
                       field=inputs.optional_int(request.form.get("field")),
                       from_paper=inputs.checkbox(request.form, "from_paper"))
    except DomainError as error:
        return failed(workshop, error, "add")
    return done(workshop, _("The proposal was added and published."), "proposals")


@bp.post("/moderate/<code>/merge")
def merge_preview(code: str):
    """Step 1: show what the merge would do, with the rule, before anything is written."""
    workshop, _actor = workshop_for(code)
    try:
        sources, target = inputs.merge_choice(request.form)
        preview = merging.preview(workshop.id, sources, target)
    except DomainError as error:
        return failed(workshop, error, "merge")
    return render_template("moderator/merge_preview.html", workshop=workshop, preview=preview)


@bp.post("/moderate/<code>/merge/confirm")
def merge_confirm(code: str):
    workshop, actor = workshop_for(code)
    try:
        sources, target = inputs.merge_choice(request.form)
        merging.merge_proposals(actor, workshop.id, sources, target)
    except DomainError as error:
        return failed(workshop, error, "merge")
    return done(workshop, _("The proposals were merged."), f"proposal-{target}")


@bp.post("/moderate/<code>/proposals/bulk")
def proposal_bulk(code: str):
    """Publish or hide the proposals ticked in the queue, in one step."""
    workshop, actor = workshop_for(code)
    action = request.form.get("action", "")
    try:
        changed = bulk_moderation.bulk(actor, workshop.id, inputs.id_list(request.form.getlist("proposal")), action)
    except DomainError as error:
        return failed(workshop, error, "bulk")
    count = len(changed)
    message = (ngettext("%(num)s proposal was published.", "%(num)s proposals were published.", count)
               if action == "publish" else
               ngettext("%(num)s proposal was hidden.", "%(num)s proposals were hidden.", count))
    return done(workshop, message, "proposals")


@bp.post("/moderate/<code>/proposals/<int:proposal_id>/split")
def proposal_split(code: str, proposal_id: int):
    """Undo the merge that took this proposal in: votes and proposals exactly as before."""
    workshop, actor = workshop_for(code)
    proposal_for(workshop, proposal_id)
    try:
        sources = merging.split(actor, workshop.id, proposal_id)
    except DomainError as error:
        return failed(workshop, error, f"proposal-{proposal_id}")
    return done(workshop, ngettext("The merge was undone: %(num)s proposal is separate again, with its votes.",
                                   "The merge was undone: %(num)s proposals are separate again, with their votes.",
                                   len(sources)), f"proposal-{proposal_id}")
