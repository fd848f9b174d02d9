"""The public progress page, its embed variant, its feeds (Atom, JSON Feed) and its calendar.

No login and no cookies (see ``cookieless.py``); the language comes from ``?lang=``. A process
that is not public answers 404 at once — every request reads ``Process.public`` anew.
"""
from __future__ import annotations

from flask import Response, abort, current_app, g, make_response, render_template, request

from ..services.read_models import calendar, public_page
from ..services.read_models.progress import plan_progress
from ..services.read_models.public_page import NotPublic
from . import bp, feeds
from .links import change_feed, embed_policy, measure_url


@bp.before_request
def _language_from_address() -> None:
    lang = request.args.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        g.url_language = lang


def _process(process_id: int):
    try:
        process = public_page.public_process(process_id)
    except NotPublic:
        abort(404)
    g.workshop_languages = public_page.languages(process)  # the switch offers the process's languages
    return process


def _render(process, *, embed: bool):
    return render_template("public/page.html", page=public_page.page(process), embed=embed)


@bp.get("/<int:process_id>")
def page(process_id: int):
    return _render(_process(process_id), embed=False)


@bp.get("/<int:process_id>/embed")
def embed(process_id: int):
    process = _process(process_id)
    response = make_response(_render(process, embed=True))
    response.headers["Content-Security-Policy"] = embed_policy(process.embed_origin_list)
    return response


def _feed_response(body, media_type: str) -> Response:
    response = make_response(body)
    response.headers["Content-Type"] = media_type
    response.headers["Cache-Control"] = "no-cache"  # revalidate: unpublishing shows at once
    return response


@bp.get("/<int:process_id>/feed.atom")
def atom_feed(process_id: int):
    return _feed_response(feeds.atom(change_feed(_process(process_id), "public.atom_feed")), feeds.ATOM_TYPE)


@bp.get("/<int:process_id>/feed.json")
def json_feed(process_id: int):
    process = _process(process_id)
    data = feeds.json_feed(change_feed(process, "public.json_feed"),
                           extra={"_progress": plan_progress(process).overall.as_dict()})
    return _feed_response(current_app.json.dumps(data), feeds.JSON_FEED_TYPE)


@bp.get("/<int:process_id>/deadlines.ics")
def deadlines(process_id: int):
    process = _process(process_id)
    body = calendar.process_calendar(process, url_for_measure=measure_url)
    response = _feed_response(body, calendar.MEDIA_TYPE)
    response.headers["Content-Disposition"] = f'inline; filename="deadlines-{process.id}.ics"'
    return response
