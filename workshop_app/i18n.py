"""Language selection: the user's choice, else the browser's, else German."""
from __future__ import annotations

from flask import current_app, g, request, session
from flask_babel import get_locale

from .extensions import babel

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
#: Names of the languages in themselves, for the switcher (never translated).
LANGUAGE_NAMES = {
    "de": "Deutsch", "en": "English", "uk": "Українська", "ar": "العربية",
    "fa": "فارسی", "tr": "Türkçe", "ru": "Русский",
}


def init_app(app) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(text_direction=text_direction, language_names=LANGUAGE_NAMES,
                                 offered_languages=offered_languages, current_language=current_language)


def offered_languages() -> list[str]:
    """Installation languages, narrowed to the workshop's own list on its pages."""
    languages = list(current_app.config["LANGUAGES"])
    workshop_languages = getattr(g, "workshop_languages", None)
    if workshop_languages:
        languages = [code for code in languages if code in workshop_languages] or languages
    return languages


def select_locale() -> str:
    languages = offered_languages()
    # Pages without cookies (public/) take the language from the address: ?lang=en.
    chosen = getattr(g, "url_language", None) or session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or "de")


def text_direction() -> str:
    return "rtl" if current_language().split("_")[0] in RTL_LANGUAGES else "ltr"
