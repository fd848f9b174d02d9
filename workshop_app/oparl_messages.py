"""What to tell people about a council paper link: fetch problems in their language, and the JSON shape."""
from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from .models import CouncilPaper

FETCH_MESSAGES = {
    "timeout": _l("The council information system did not answer in time."),
    "unreachable": _l("The council information system could not be reached."),
    "http_status": _l("The council information system answered with error %(detail)s (for example 404: there is no such object)."),
    "not_json": _l("The council information system answered with a web page or file (%(detail)s), not with OParl data."),
    "invalid_json": _l("The council information system's answer is damaged (not valid JSON)."),
    "too_large": _l("The council information system's answer is too large to be read."),
    "redirect_refused": _l("The council information system redirected to another address, which is not configured: %(detail)s"),
    "not_allowed": _l("This address is no longer under a configured council information system."),
    "not_oparl": _l("The answer is not an OParl object."),
    "not_a_list": _l("The answer is not an OParl list."),
    "wrong_type": _l("This is not a paper, meeting, agenda item or consultation (type %(detail)s)."),
    "deleted": _l("The council information system marks this object as deleted."),
}


def fetch_problem(code: str, detail: str = "") -> str:
    template = FETCH_MESSAGES.get(code)
    if template is None:
        return gettext("The council paper could not be checked.")
    return str(template) % {"detail": detail or "-"} if "%(detail)s" in str(template) else str(template)


def paper_problem(paper: CouncilPaper) -> str | None:
    """Why a linked paper is not (or no longer) verified; None when it is."""
    if paper.verified:
        return None
    if not paper.error_code:
        return gettext("Not checked yet.")
    return fetch_problem(paper.error_code, paper.error_detail)


def paper_json(paper: CouncilPaper) -> dict:
    problem = paper_problem(paper)
    return {"url": paper.url, "kind": paper.kind or None, "name": paper.name or None,
            "reference": paper.reference or None, "date": paper.date.isoformat() if paper.date else None,
            "paper_type": paper.paper_type or None, "web": paper.web_url or None, "state": paper.state,
            "error": None if problem is None else {"code": paper.error_code or "not_checked", "message": problem},
            "fetched_at": paper.fetched_at.isoformat() if paper.fetched_at else None}
