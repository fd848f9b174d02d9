"""Translated messages for the error codes of the domain and the services.

The domain speaks in stable codes; this table turns them into the user's language. A unit test
asserts that every code in ``domain.errors.CODES`` has an entry here. Each area adds its own
service codes in its section.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .domain.errors import DomainError

GENERIC = _l("This input could not be accepted. Please check it.")

MESSAGES = {
    # --- phases and states
    "invalid_state_transition": _l("The workshop cannot change to this state now."),
    "workshop_not_open": _l("This workshop is not open."),
    "round_not_draft": _l("This voting round has already been opened."),
    "round_not_open": _l("This voting round is not open (anymore). Your vote was not counted."),
    "round_open": _l("This is not possible while the voting round is open."),
    "round_published": _l("The results of this round are already published."),
    "round_not_closed": _l("Close the voting round first."),
    "invalid_proposal_transition": _l("This proposal cannot change to that state."),
    "tokens_unreadable": _l("These printed codes were made under an earlier secret key of this "
                            "installation and can no longer be printed. Please create new ones."),
    # --- text input
    "not_text": _l("Please enter text."),
    "control_characters": _l("The text contains characters that are not allowed (control characters or line breaks)."),
    "required": _l("Please fill in this field."),
    "too_long": _l("At most %(max_length)s characters, please."),
    "invalid_choice": _l("Please choose one of the offered options."),
    # --- ballots
    "invalid_round_settings": _l("These voting settings are not valid."),
    "invalid_ballot": _l("This vote is not valid."),
    "invalid_proposal_id": _l("A vote names a proposal that does not exist."),
    "duplicate_entry": _l("A proposal appears twice in the vote."),
    "proposal_not_eligible": _l("You cannot vote on this proposal in this round."),
    "invalid_value": _l("Votes must be whole numbers."),
    "value_out_of_range": _l("This value is not allowed here."),
    "over_budget": _l("You have only %(budget)s points to give."),
    "too_many_entries": _l("Too many votes in one ballot."),
    "invalid_motion": _l("This round votes on exactly one motion."),
    "paper_not_supported": _l("Paper votes cannot be entered for this voting method."),
    "place_out_of_range": _l("Please give only places from 1 to %(max)s."),
    "place_taken": _l("Place %(place)s is given twice. Each place can go to one proposal only."),
    "place_gap": _l("Place %(place)s is missing. Please give the places in order, starting with 1."),
    "too_few_to_rank": _l("This ranking has %(places)s places, but the round has only %(proposals)s proposals. Choose fewer places."),
    # --- merge
    "merge_not_supported": _l("Proposals cannot be merged in yes/no/abstain rounds."),
    "merge_into_self": _l("A proposal cannot be merged into itself."),
    # --- the measures step
    "merge_mixed_kinds": _l("A goal and a measure cannot be merged. Merge goals with goals and measures with measures."),
    "merge_other_goal": _l("Measures can only be merged with measures of the same goal."),
    "goal_not_found": _l("There is no such goal in this workshop (or it is hidden)."),
    "goal_not_open_for_measures": _l("Measures are not being collected for this goal."),
    "measures_closed": _l("Measures are not being collected right now."),
    "not_a_goal_proposal": _l("Only a goal proposal can be chosen for measures."),
    "measure_not_of_goal": _l("This measure proposal does not belong to the chosen goal."),
    "measure_already_adopted": _l("The measure proposal #%(number)s has already been adopted into the action plan."),
    "goal_proposal_required": _l("Please choose the goal proposal to adopt."),
    "adopt_deadline_required": _l("Measure proposal #%(number)s: please give a deadline (its time frame names no definite date)."),
    "adopt_responsible_required": _l("Measure proposal #%(number)s: please name who is responsible."),
    # --- deadlines
    "deadline_too_late": _l("The deadline is too late: at most %(latest)s."),
    "deadline_before_start": _l("The deadline lies before the start."),
    # --- progress and the public page
    "progress_range": _l("The progress is a whole percentage from 0 to 100."),
    "invalid_origin": _l("“%(origin)s” is not a website address. Please give each website as its address without a path, for example https://www.example.de"),
    "too_many_origins": _l("At most %(max_count)s websites, please."),
    # --- responsible bodies' reports and reminders
    "note_date_early": _l("The date of the note lies before the process began (%(earliest)s)."),
    "note_date_late": _l("The date of the note may not be later than %(latest)s (today, and the end of the process period)."),
    # --- accounts
    "invalid_email": _l("Please enter a valid email address."),
    "password_too_short": _l("The password needs at least %(min_length)s characters."),
    "email_taken": _l("An account with this email address exists already."),
    "user_not_found": _l("There is no account with this email address."),
    "own_account": _l("You cannot change your own account here. Ask another admin."),
    "last_admin": _l("This is the last active admin account. Make another account admin first."),
    "member_not_organizer": _l("Only organizer accounts can be members of a process."),
    "period_order": _l("The period ends before it starts."),
    # --- participant
    "unknown_code": _l("There is no workshop with this code. Please check the code on the screen."),
    "group_code_required": _l("This workshop is joined with the code of your group. Please ask the moderators for it."),
    "token_required": _l("This workshop is joined with a personal printed code. Please enter the code from your card."),
    "token_unknown": _l("This personal code does not exist. Please check it."),
    "token_used": _l("This personal code has already been used. Each code works only once."),
    "not_joined": _l("Please join the workshop first."),
    "group_locked": _l("You have already voted, so your group can no longer be changed. Please speak to the moderators if it is wrong."),
    "group_fixed": _l("Your group came with the code you joined with, so it cannot be changed here. Please speak to the moderators if it is wrong."),
    "workshop_code_required": _l("This code is no longer in use: this workshop is joined with its workshop code. Please use the code shown on the screen."),
    "workshop_full": _l("This workshop is full: it admits at most %(max_participants)s participants. Please speak to the moderators."),
    "participant_not_found": _l("There is no such participant in this workshop (or they were removed already)."),
    "participants_required": _l("Please choose at least one participant."),
    "too_many_participants": _l("At most %(max_count)s participants at a time, please."),
    "invalid_participant_cap": _l("The maximum number of participants must be between 1 and %(max_cap)s."),
    "proposals_closed": _l("Proposals are not being collected right now."),
    "proposal_not_found": _l("This proposal does not exist or is not yours."),
    "card_not_at_table": _l("This card was not written at this table."),  # facilitator device
    "proposal_not_editable": _l("This proposal can no longer be changed."),
    "proposal_in_vote": _l("Voting on this proposal has started, so it can no longer be changed."),
    "no_such_proposal": _l("This proposal does not exist in your workshop."),
    "proposal_not_supportable": _l("Only published proposals can be supported. This one is waiting for the moderators, hidden or merged into another."),
    "support_own": _l("This is your own proposal: you support it already by having written it."),
    "round_not_found": _l("This voting round does not exist."),
    # feasibility rounds (issue 17, item 6)
    "not_assessor": _l("The administration is assessing feasibility in this round. Only the assessors can rate here."),
    "not_a_priority_round": _l("Only a voting round on priorities can be assessed for feasibility."),
    "assessor_group_required": _l("Please choose the stakeholder group that assesses feasibility."),
    "assessors_required": _l("Please choose who assesses feasibility: a stakeholder group or accounts."),
    "too_many_assessors": _l("At most %(max_count)s assessor accounts, please."),
    "results_not_visible": _l("The results of this round are not shown yet."),
    # --- moderator
    "invalid_timer": _l("The timer takes between 1 second and %(max_minutes)s minutes."),
    "merge_needs_two": _l("Choose at least two proposals to merge: one or more and the one they go into."),
    "merge_round_open": _l("These proposals are in an open voting round. Close the round before merging them."),
    "round_already_open": _l("Another voting round is open. Close it first."),
    "round_without_proposals": _l("There are no published proposals for this round."),
    "confirmation_required": _l("Please confirm: resetting deletes all votes of this round."),
    "round_not_started": _l("Paper votes can be entered once the round has been opened."),
    "no_pending_edit": _l("This proposal has no change waiting for approval (any more)."),
    "merge_not_recorded": _l("This merge cannot be undone: the proposal is not merged, or it was merged before merges could be undone."),
    "merge_target_merged": _l("“%(title)s” was merged again after this merge. Undo that later merge first."),
    "merge_changed_since": _l("The votes of round %(round)s changed after the merge (for example, paper votes were entered again), so the merge can no longer be undone exactly. Nothing was changed."),
    "proposals_required": _l("Please tick at least one proposal."),
    "too_many_proposals": _l("At most %(max_count)s proposals at a time, please."),
    "bulk_refused": _l("“%(title)s” cannot be published or hidden (it was merged or withdrawn). Nothing was changed."),
    # --- organizer
    "invalid_languages": _l("Please give the languages as codes separated by commas, for example: de,en,uk"),
    "groups_required": _l("A workshop needs at least one stakeholder group."),
    "too_many_groups": _l("At most %(max_groups)s stakeholder groups, please."),
    "duplicate_group": _l("Two stakeholder groups have the same name."),
    "group_in_use": _l("The group “%(group)s” cannot be removed: people have joined it or voted in it."),
    "confirmation_mismatch": _l("The confirmation does not match. Please type the workshop's join code %(expected)s."),
    "token_count": _l("Please create between 1 and %(max_count)s tokens at a time."),
    "no_group_codes": _l("This workshop has no group codes. Choose the join mode “group codes” first."),
    "implementation_years": _l("The implementation period must be between 1 and 10 years."),
    "invalid_colour": _l("Please give the colour as #rrggbb, for example #0072B2."),
    "field_name_taken": _l("A field of action named “%(name)s” exists already in this process."),
    "proposal_not_adoptable": _l("Only published proposals of this process can be adopted as goals."),
    "responsible_required": _l("Please name who is responsible for this measure."),
    "deadline_required": _l("Please give a deadline for this measure."),
    "invalid_date": _l("Please enter the date as YYYY-MM-DD."),
    "invalid_year": _l("Please choose a year from %(min)s to %(max)s."),
    "oparl_url_invalid": _l("“%(url)s” is not a usable web address of a council information system (only http or https, without a user name or password, without “..”)."),
    "oparl_url_not_allowed": _l("“%(url)s” is not under a configured council information system (%(endpoints)s). Only papers from there can be linked."),
    "oparl_not_configured": _l("No council information system is configured (OPARL_ENDPOINTS), so council papers cannot be linked."),
    "council_papers_invalid": _l("Please give the council papers as a list of web addresses."),
    "council_papers_too_many": _l("At most %(max_count)s council papers per goal or measure, please."),
    "archive_invalid": _l("This file is not a Zielwerkstatt archive, or it is damaged. Nothing was imported."),
    "archive_truncated": _l("This archive is incomplete (the file ends too early). Nothing was imported."),
    "archive_version_unsupported": _l("This archive was made by a newer version of Zielwerkstatt (format %(version)s; this one reads up to %(supported)s). Nothing was imported."),
    "anonymise_confirm": _l("Please tick the box to confirm: anonymising cannot be undone."),
    # archive_invalid / archive_id_clash with the place in the file and the rule it breaks
    "archive_structure": _l("This entry is missing or has the wrong form."),
    "archive_entry": _l("This archive cannot be imported. At %(where)s: %(problem)s Nothing was imported."),
    "archive_id_clash": _l("This archive clashes with data already here (it may have been imported before). Nothing was imported."),
    # the letterhead's logo (issue 15)
    "logo_empty": _l("The logo file is empty."),
    "logo_too_large": _l("The logo may be at most 180 KB."),
    "logo_type": _l("The logo must be a PNG or SVG file."),
    "logo_invalid": _l("The logo cannot be read (an SVG may not contain a DTD or entities and needs a viewBox or a width and height)."),
    "logo_dimensions": _l("The logo may be at most 3000 pixels wide and high."),
    # tables (stations, world café: services.tables)
    "no_tables": _l("This workshop has no tables yet. Add tables first."),
    "rotation_step": _l("With %(tables)s tables, this step would bring everyone back to their own table. Choose another step."),
    "tables_round_open": _l("The tables cannot change while a voting round is open. Close the round first."),
    "seat_round_open": _l("Nobody can change tables while a voting round is open. Please wait until the round has closed."),
    "table_not_found": _l("There is no such table in this workshop."),
    "table_has_cards": _l("The table “%(name)s” cannot be deleted: %(count)s cards were written there. Rename it instead; nothing was changed."),
    "too_many_tables": _l("At most %(max_count)s tables, please."),
    # the agenda of a process template (services.agenda)
    "no_fields": _l("The process has no fields of action yet, so no tables can be set up for them."),
    "round_already_prepared": _l("A round for this step is already prepared or open. Start or close it first."),
    "priority_round_not_closed": _l("Close the prioritisation round first: this step builds on its result."),
}


def describe(error: DomainError) -> str:
    if error.code.startswith("archive_") and "where" in error.params:  # where, and the broken rule
        inner = DomainError(str(error.params.get("reason")), **{
            k: v for k, v in error.params.items() if k not in ("where", "reason", "problem")})
        error = DomainError("archive_entry", error.message, where=error.params["where"], problem=describe(inner))
    template = MESSAGES.get(error.code)
    if template is None:
        return str(GENERIC)
    try:
        return str(template) % error.params if error.params else str(template)
    except (KeyError, TypeError, ValueError):
        return str(template).split("%(")[0].rstrip(" :")
