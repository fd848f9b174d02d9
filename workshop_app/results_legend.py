"""The sentences that explain a result, in the user's language, for the keys of
``domain.results_explained.legend`` and its outcomes. Screen, console and phone show the same
words for the same figures (templates: ``results_legend(key)``, ``outcome_label(value)``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

LEGEND = {
    "value.dots": _l("Value = points per voter, averaged over the groups (each group weighs the same)."),
    "value.approval": _l("Value = share of voters who approved, averaged over the groups "
                         "(each group weighs the same)."),
    "value.rating": _l("Value = average of the groups' mean ratings (1 to 5); a group that did "
                       "not rate a proposal counts as 1."),
    "value.yes_no_abstain": _l("Value = yes minus no in percent of voters, averaged over the "
                               "groups (each group weighs the same)."),
    "value.ranking": _l("Value = ranking points per voter, averaged over the groups (1st place of "
                        "k places = k points, last place = 1 point; each group weighs the same)."),
    "places": _l("Places: how often each place was given, in total and per group."),
    "voters": _l("n = number of people who voted (for a rating: who rated it)."),
    "bar.groups": _l("Bar: each group's share of the value, in the group's colour and pattern."),
    "bar.rating": _l("Bar: how often each rating from 1 to 5 was given."),
    "bar.motion": _l("Bar: yes, no and abstentions of all voters."),
    "rule.simple_majority": _l("Adopted with a simple majority: more yes than no; abstentions do not count."),
    "rule.absolute_majority": _l("Adopted with an absolute majority: more than half of all votes, "
                                 "abstentions included."),
    "rule.two_thirds": _l("Adopted with a two-thirds majority of yes and no votes."),
    "consensus": _l("✓ carried by all groups: every group supports it, and the weakest group's "
                    "support is at least 60 per cent of the strongest's."),
}

OUTCOMES = {
    "adopted": _l("adopted"),
    "rejected": _l("rejected"),
    "no_votes": _l("no votes"),
}


def results_legend(key: str) -> str:
    return str(LEGEND.get(key, ""))


def outcome_label(outcome: str) -> str:
    return str(OUTCOMES.get(outcome, ""))
