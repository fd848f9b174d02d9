"""Configuration layering, the generated secret key and the production safety checks."""
from __future__ import annotations

import pytest
from flask import Flask

from workshop_app.config import UnsafeConfiguration, check_production, load_config, normalise_database_url


def _app(tmp_path) -> Flask:
    return Flask("zw_config_test", instance_path=str(tmp_path), instance_relative_config=True)


def test_defaults_then_instance_file_then_environment_then_overrides(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("RETENTION_DAYS = 90\nTALLY_INTERVAL_SCREEN = 0.2\n")
    monkeypatch.setenv("RETENTION_DAYS", "30")
    app = _app(tmp_path)
    load_config(app, {"TALLY_INTERVAL_PARTICIPANT": 2.0})
    assert app.config["RETENTION_DAYS"] == 30                # environment beats the instance file
    assert app.config["TALLY_INTERVAL_SCREEN"] == 0.2        # instance file beats the defaults
    assert app.config["TALLY_INTERVAL_PARTICIPANT"] == 2.0   # explicit overrides come last
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")


def test_secret_key_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first, second = _app(tmp_path), _app(tmp_path)
    load_config(first)
    load_config(second)
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_postgres_urls_get_the_psycopg_driver():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"


SAFE = {"SECRET_KEY": "s" * 40, "SESSION_COOKIE_SECURE": True,
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://h/db"}


@pytest.mark.parametrize("unsafe", [
    {"SECRET_KEY": "short"},
    {"DEBUG": True},
    {"TESTING": True},
    {"SESSION_COOKIE_SECURE": False},
    {"WTF_CSRF_ENABLED": False},
    {"SQLALCHEMY_DATABASE_URI": "sqlite:///:memory:"},
])
def test_production_refuses_unsafe_settings(unsafe):
    check_production(SAFE)  # the safe baseline passes
    with pytest.raises(UnsafeConfiguration):
        check_production({**SAFE, **unsafe})


def test_production_mode_is_checked_at_start(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(UnsafeConfiguration, match="SESSION_COOKIE_SECURE"):
        load_config(_app(tmp_path))
