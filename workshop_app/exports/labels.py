"""Headings and fixed wording of the exports, in German and English.

The exports are pure code without an app context, so Flask-Babel's catalogues are not
available here; these two small dictionaries are the whole vocabulary. A unit test keeps
them complete (same keys in both languages).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["LANGUAGES", "Labels", "UnknownLanguage", "get_labels"]

_DE: dict[str, str] = {
    # document titles and meta
    "report_title": "Ergebnisbericht",
    "plan_title": "Entwurf Zielvereinbarung",
    "municipality": "Kommune",
    "process": "Beteiligungsprozess",
    "workshop": "Workshop",
    "date": "Datum",
    "venue": "Ort",
    "join_mode": "Zugang",
    "languages": "Sprachen",
    "exported_at": "Exportiert am",
    "period": "Zeitraum",
    "council_decision": "Ratsbeschluss",
    "implementation_deadline": "Umsetzungsfrist",
    # sheet names (at most 31 characters, no []:*?/\)
    "sheet_proposals": "Vorschläge",
    "sheet_rounds": "Runden",
    "sheet_results": "Ergebnisse",
    "sheet_participation": "Beteiligung",
    "sheet_goals": "Ziele",
    "sheet_measures": "Maßnahmen",
    # column headings
    "id": "Nr.",
    "title": "Titel",
    "body": "Beschreibung",
    "field": "Handlungsfeld",
    "state": "Status",
    "author": "Urheber",
    "created_at": "Eingereicht",
    "merged_into": "Zusammengeführt in",
    "question": "Frage",
    "method": "Methode",
    "budget": "Punkte je Person",
    "max_per_proposal": "Höchstens je Vorschlag",
    "opened_at": "Geöffnet",
    "closed_at": "Geschlossen",
    "round_id": "Runde Nr.",
    "round": "Runde",
    "rank": "Rang",
    "proposal_id": "Vorschlag Nr.",
    "proposal": "Vorschlag",
    "points": "Punkte",
    "paper_points": "davon Papier",
    "voters": "Abstimmende",
    "balanced_score": "Ausgewogener Wert",
    "consensus": "Konsens",
    "mean": "Mittelwert",
    "yes": "Ja",
    "no": "Nein",
    "abstain": "Enthaltung",
    "group": "Gruppe",
    "group_key": "Schlüssel",
    "participants": "Teilnehmende",
    "paper_ballots": "davon Papier-Stimmzettel",
    "turnout": "Beteiligungsquote",
    "goal_id": "Ziel Nr.",
    "goal": "Ziel",
    "linked_proposals": "Vorschläge",
    "points_sum": "Punkte (Summe)",
    "balanced_sum": "Ausgewogener Wert (Summe)",
    "measure_count": "Anzahl Maßnahmen",
    "measure_id": "Maßnahme Nr.",
    "measure": "Maßnahme",
    "responsible": "Verantwortlich",
    "partners": "Partner",
    "start": "Beginn",
    "deadline": "Frist",
    "indicator": "Indikator",
    "progress": "Fortschritt",
    "last_update": "Letzte Aktualisierung",
    # running text of the documents
    "section_participation": "Beteiligung",
    "section_rounds": "Abstimmungsrunden",
    "section_proposals": "Vorschläge",
    "section_workshops": "Workshops",
    "no_field": "Ohne Handlungsfeld",
    "all_fields": "alle Handlungsfelder",
    "no_results": "Keine Stimmen abgegeben.",
    "no_measures": "Noch keine Maßnahmen.",
    "no_goals": "Noch keine Ziele.",
    "group_legend": (
        "Gruppenspalten: Punkte (Abstimmende). Papierstimmen sind in den Punkten enthalten "
        "und als „davon Papier“ ausgewiesen."
    ),
    "paper_marker": "davon Papier",
    "based_on": "Grundlage",
    "points_short": "Pkt.",
    "balanced_short": "ausgewogen",
    "voting_rules": "Abstimmungsregeln",
    "page": "Seite {page} von {pages}",
    "token_instruction": "Code scannen oder Adresse öffnen und den Code eingeben.",
    # enumerations: "<kind>.<value>"
    "method.dots": "Punkte kleben",
    "method.approval": "Zustimmung",
    "method.rating": "Bewertung 1–5",
    "method.yes_no_abstain": "Ja/Nein/Enthaltung",
    "round_state.draft": "Entwurf",
    "round_state.open": "offen",
    "round_state.closed": "geschlossen",
    "proposal_state.pending": "wartet auf Freigabe",
    "proposal_state.published": "veröffentlicht",
    "proposal_state.hidden": "ausgeblendet",
    "proposal_state.merged": "zusammengeführt",
    "proposal_state.withdrawn": "zurückgezogen",
    "author.participant": "Teilnehmende Person",
    "author.moderator": "Moderation",
    "author.paper": "Papierkarte",
    "measure_status.planned": "geplant",
    "measure_status.in_progress": "in Umsetzung",
    "measure_status.done": "umgesetzt",
    "measure_status.dropped": "verworfen",
    "join_mode.open": "offen, Gruppe selbst gewählt",
    "join_mode.group_codes": "Code je Gruppe",
    "join_mode.tokens": "Einmal-Codes",
}

_EN: dict[str, str] = {
    "report_title": "Results report",
    "plan_title": "Draft goal agreement",
    "municipality": "Municipality",
    "process": "Participation process",
    "workshop": "Workshop",
    "date": "Date",
    "venue": "Venue",
    "join_mode": "Access",
    "languages": "Languages",
    "exported_at": "Exported at",
    "period": "Period",
    "council_decision": "Council decision",
    "implementation_deadline": "Implementation deadline",
    "sheet_proposals": "Proposals",
    "sheet_rounds": "Rounds",
    "sheet_results": "Results",
    "sheet_participation": "Participation",
    "sheet_goals": "Goals",
    "sheet_measures": "Measures",
    "id": "No.",
    "title": "Title",
    "body": "Description",
    "field": "Field of action",
    "state": "State",
    "author": "Author",
    "created_at": "Submitted",
    "merged_into": "Merged into",
    "question": "Question",
    "method": "Method",
    "budget": "Points per person",
    "max_per_proposal": "At most per proposal",
    "opened_at": "Opened",
    "closed_at": "Closed",
    "round_id": "Round no.",
    "round": "Round",
    "rank": "Rank",
    "proposal_id": "Proposal no.",
    "proposal": "Proposal",
    "points": "Points",
    "paper_points": "of which paper",
    "voters": "Voters",
    "balanced_score": "Balanced score",
    "consensus": "Consensus",
    "mean": "Mean",
    "yes": "Yes",
    "no": "No",
    "abstain": "Abstain",
    "group": "Group",
    "group_key": "Key",
    "participants": "Participants",
    "paper_ballots": "of which paper ballots",
    "turnout": "Turnout",
    "goal_id": "Goal no.",
    "goal": "Goal",
    "linked_proposals": "Proposals",
    "points_sum": "Points (sum)",
    "balanced_sum": "Balanced score (sum)",
    "measure_count": "Number of measures",
    "measure_id": "Measure no.",
    "measure": "Measure",
    "responsible": "Responsible",
    "partners": "Partners",
    "start": "Start",
    "deadline": "Deadline",
    "indicator": "Indicator",
    "progress": "Progress",
    "last_update": "Last update",
    "section_participation": "Participation",
    "section_rounds": "Voting rounds",
    "section_proposals": "Proposals",
    "section_workshops": "Workshops",
    "no_field": "No field of action",
    "all_fields": "all fields of action",
    "no_results": "No votes cast.",
    "no_measures": "No measures yet.",
    "no_goals": "No goals yet.",
    "group_legend": (
        "Group columns: points (voters). Paper votes are included in the points and shown "
        "as “of which paper”."
    ),
    "paper_marker": "of which paper",
    "based_on": "Based on",
    "points_short": "pts",
    "balanced_short": "balanced",
    "voting_rules": "Voting rules",
    "page": "Page {page} of {pages}",
    "token_instruction": "Scan the code or open the address and enter the code.",
    "method.dots": "Dot voting",
    "method.approval": "Approval",
    "method.rating": "Rating 1–5",
    "method.yes_no_abstain": "Yes/No/Abstain",
    "round_state.draft": "draft",
    "round_state.open": "open",
    "round_state.closed": "closed",
    "proposal_state.pending": "awaiting approval",
    "proposal_state.published": "published",
    "proposal_state.hidden": "hidden",
    "proposal_state.merged": "merged",
    "proposal_state.withdrawn": "withdrawn",
    "author.participant": "Participant",
    "author.moderator": "Moderator",
    "author.paper": "Paper card",
    "measure_status.planned": "planned",
    "measure_status.in_progress": "in progress",
    "measure_status.done": "done",
    "measure_status.dropped": "dropped",
    "join_mode.open": "open, group self-declared",
    "join_mode.group_codes": "code per group",
    "join_mode.tokens": "single-use codes",
}

LANGUAGES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {"de": MappingProxyType(_DE), "en": MappingProxyType(_EN)}
)


class UnknownLanguage(ValueError):
    """The exports speak German and English only."""


class Labels:
    """The wording of one language: ``labels["points"]``, ``labels.term("method", "dots")``."""

    __slots__ = ("code", "_words")

    def __init__(self, code: str, words: Mapping[str, str]) -> None:
        self.code = code
        self._words = words

    def __getitem__(self, key: str) -> str:
        return self._words[key]

    def term(self, kind: str, value: object) -> str:
        """The label of an enumeration value; an unknown value is shown as it is."""
        raw = str(getattr(value, "value", value))
        return self._words.get(f"{kind}.{raw}", raw)


def get_labels(language: str = "de") -> Labels:
    """Labels for "de" or "en"; regional variants such as "de-AT" or "en_GB" are accepted."""
    code = language.replace("_", "-").split("-", 1)[0].lower()
    if code not in LANGUAGES:
        raise UnknownLanguage(f"unsupported export language {language!r}; use 'de' or 'en'")
    return Labels(code, LANGUAGES[code])
