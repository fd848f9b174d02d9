"""Flask commands for administrators: `flask --app workshop_app <command>`."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from .domain.errors import DomainError
from .extensions import db
from .models import Role, User


def init_app(app) -> None:
    from .cli_organizer import export_command, purge_command
    from .cli_reminders import send_reminders_command
    from .cli_users import COMMANDS as USER_COMMANDS

    for command in (seed_demo, create_user, create_api_key, purge_command, export_command,
                    send_reminders_command, *USER_COMMANDS):
        app.cli.add_command(command)


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Create (once) the demo process and workshop, and print how to reach them."""
    from .services.demo import ensure_demo
    from .urls import print_demo_urls

    print_demo_urls(ensure_demo(current_app.instance_path))


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.ORGANIZER.value)
@click.option("--name", default="")
@click.password_option()
def create_user(email: str, role: str, name: str, password: str) -> None:
    """Create an organizer, moderator or admin account."""
    from .services import users

    try:
        user = users.create_user(email, password, role=Role(role), name=name)
    except DomainError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from None
    click.echo(f"Created {user.role} {user.email}")


@click.command("create-api-key")
@with_appcontext
@click.option("--user", "email", default=None, help="Account the key acts for (default: first admin).")
@click.option("--name", default="cli")
def create_api_key(email: str | None, name: str) -> None:
    """Create an API key; the key is printed alone on the last line, and only once."""
    from .services import apikeys
    from .services.plumbing.audit import SYSTEM

    query = db.select(User).order_by(User.id)
    query = query.filter_by(email=email.strip().lower()) if email else query.filter_by(role=Role.ADMIN.value)
    user = db.session.scalar(query)
    if user is None:
        raise click.ClickException("No such account." if email else "No admin account exists yet.")
    _record, key = apikeys.create_api_key(SYSTEM, user, name=name)
    click.echo(f"API key for {user.email} ({name}):", err=True)
    sys.stdout.write(key + "\n")
