"""Zielwerkstatt — real-time participation workshops for towns."""
from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importing Flask here would run before gevent patches (python -m workshop_app)
    from flask import Flask

__version__ = "0.1.0"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. Only wiring happens here; every subsystem configures itself in init_app."""
    from flask import Flask

    from . import access, cli, database, errors, i18n, live, security, templating
    from . import config as settings
    from .extensions import compress, limiter

    app = Flask(
        __name__,
        instance_path=os.environ.get("WORKSHOP_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(database.resource_dir("templates")),
        static_folder=str(database.resource_dir("static")),
    )

    settings.load_config(app, config)
    database.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    access.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
    _register_blueprints(app)
    live.init_app(app)
    security.init_proxies(app)  # last: it must wrap the Socket.IO middleware too
    return app


def _register_blueprints(app: Flask) -> None:
    from .api import bp as api_bp
    from .auth import bp as auth_bp
    from .facilitator import bp as facilitator_bp
    from .moderator import bp as moderator_bp
    from .organizer import bp as organizer_bp
    from .pages import bp as pages_bp
    from .participant import bp as participant_bp
    from .public import bp as public_bp
    from .responsible import bp as responsible_bp
    from .screen import bp as screen_bp

    for blueprint in (pages_bp, auth_bp, participant_bp, moderator_bp, screen_bp, organizer_bp, api_bp,
                      public_bp, responsible_bp, facilitator_bp):
        app.register_blueprint(blueprint)
