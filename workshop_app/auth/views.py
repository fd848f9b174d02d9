from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import limiter
from ..services import users
from ..urls import safe_next
from . import bp, throttle
from .forms import LoginForm


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_ADDRESS_RATE_LIMIT"], key_func=throttle.address_key,
               methods=["POST"], deduct_when=throttle.failed)
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=throttle.account_address_key,
               methods=["POST"], deduct_when=throttle.failed)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        email = users.normalise_email(form.email.data)
        throttle.slow_down(email)
        user = users.authenticate(email, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(safe_next(request.args.get("next")) if request.args.get("next")
                            else url_for("organizer.dashboard"))
        throttle.record_failure(email)
        form.password.errors.append(_("Email address or password is wrong."))
    status = 200 if request.method == "GET" else 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    users.end_sessions(current_user._get_current_object())
    logout_user()
    flash(_("You have been signed out."), "success")
    return redirect(url_for("pages.index"))
