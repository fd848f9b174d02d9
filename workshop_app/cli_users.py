"""Account commands for administrators: change a role, deactivate/reactivate, reset a password.

Each signs the account out everywhere (its session token is rotated, its sockets are dropped
through the message queue) and is written to the audit log as the system's action.
"""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from .domain.errors import DomainError
from .models import Role


def _run(action):
    try:
        return action()
    except DomainError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from None


@click.command("set-role")
@with_appcontext
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
def set_role_command(email: str, role: str) -> None:
    """Change an account's role (e.g. demote an organizer to moderator)."""
    from .services import users

    user = _run(lambda: users.find_user(email))
    _run(lambda: users.change_role(user, Role(role)))
    click.echo(f"{user.email} is now {role}; signed out everywhere.")


def _set_active(email: str, active: bool) -> None:
    from .services import users
    from .services.plumbing.audit import SYSTEM

    user = _run(lambda: users.find_user(email))
    _run(lambda: users.set_active(SYSTEM, user, active))
    click.echo(f"Reactivated {user.email}." if active
               else f"Deactivated {user.email}; signed out everywhere.")


@click.command("deactivate-user")
@with_appcontext
@click.argument("email")
def deactivate_command(email: str) -> None:
    """Deactivate an account: it cannot sign in, its sessions and API keys stop working."""
    _set_active(email, False)


@click.command("activate-user")
@with_appcontext
@click.argument("email")
def activate_command(email: str) -> None:
    """Reactivate a deactivated account."""
    _set_active(email, True)


@click.command("reset-password")
@with_appcontext
@click.argument("email")
@click.option("--password", default=None, help="The new password (default: print a random one-time one).")
def reset_password_command(email: str, password: str | None) -> None:
    """Set a new password; without --password a random one is printed alone on the last line."""
    from .services import users
    from .services.plumbing.audit import SYSTEM

    user = _run(lambda: users.find_user(email))
    generated = _run(lambda: users.reset_password(SYSTEM, user, password))
    click.echo(f"Password of {user.email} was reset; signed out everywhere.", err=True)
    if generated:
        click.echo(generated)


COMMANDS = (set_role_command, deactivate_command, activate_command, reset_password_command)
