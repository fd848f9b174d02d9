from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import limiter
from ..services import users
from ..urls import safe_next
from . import bp, throttle
from .forms import login_errors


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_ADDRESS_RATE_LIMIT"], key_func=throttle.address_key,
               methods=["POST"], deduct_when=throttle.failed)
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=throttle.account_address_key,
               methods=["POST"], deduct_when=throttle.failed)
def login():
    values = {"email": request.form.get("email", ""), "password": request.form.get("password", "")}
    errors = login_errors(values) if request.method == "POST" else {}
    if request.method == "POST" and not errors:
        email = users.normalise_email(values["email"])
        throttle.slow_down(email)
        user = users.authenticate(email, values["password"])
        if user is not None:
            login_user(user)
            return redirect(safe_next(request.args.get("next")) if request.args.get("next")
                            else url_for("organizer.dashboard"))
        throttle.record_failure(email)
        errors["password"] = _("Email address or password is wrong.")
    status = 200 if request.method == "GET" else 400
    return render_template("auth/login.html", values=values, errors=errors), status


@bp.post("/logout")
@login_required
def logout():
    users.end_sessions(current_user._get_current_object())
    logout_user()
    flash(_("You have been signed out."), "success")
    return redirect(url_for("pages.index"))
