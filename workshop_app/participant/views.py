"""Joining: the start page's code field, the QR target /j/<code> and the join form."""
from __future__ import annotations

from flask import g, redirect, render_template, request, url_for

from .. import guesses, participants_http
from ..domain.errors import DomainError
from ..domain.joincodes import normalise
from ..error_status import status_for
from ..i18n import current_language
from ..messages import MESSAGES, describe
from ..services import joining
from . import bp
from .forms import SentForm


@bp.get("/join")
def join_form():
    code = normalise(request.args.get("code", ""))
    if not code:
        return redirect(url_for("pages.index"))
    return redirect(url_for("participant.join_code", code=code))


@bp.route("/j/<code>", methods=["GET", "POST"])
@participants_http.join_limit
def join_code(code: str):
    target = joining.resolve(code)
    if target is None:
        guesses.refuse_unknown()  # 429 once this address has spent its guesses on unknown codes
        return render_template("pages/index.html", code=code,
                               code_error=MESSAGES["unknown_code"]), 404
    g.workshop_languages = target.workshop.language_list
    if participants_http.participant_of(target.workshop) is not None:
        return redirect(url_for("participant.home", code=target.workshop.join_code))
    refusal = joining.refusal(target)
    if refusal is not None:  # a code of a join mode the workshop no longer uses
        return render_template("participant/join.html", target=target, form=None,
                               refusal=describe(refusal), open_for_joining=False), 403
    form = SentForm({"group": request.form.get("group", ""), "name": request.form.get("name", ""),
                     "token": request.form.get("token", "")})
    status = 200
    if target.token is not None and target.token.redeemed_at is not None:
        form.fail(MESSAGES["token_used"], "token")
        status = status_for("token_used") if request.method == "POST" else 200
    elif request.method == "POST":  # CSRF is checked app-wide; the service judges the content
        try:
            _participant, secret = joining.join(
                target, group_key=form.values["group"], name=form.values["name"],
                token_code=form.values["token"], language=current_language())
        except DomainError as error:
            if error.code == "token_unknown":
                guesses.refuse_unknown()
            form.show_error(error)
            status = status_for(error)
        else:
            response = redirect(url_for("participant.home", code=target.workshop.join_code), 303)
            return participants_http.set_identity_cookie(response, target.workshop, secret)
    return render_template("participant/join.html", target=target, form=form, refusal=None,
                           open_for_joining=target.workshop.is_open), status
