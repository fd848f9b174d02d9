"""Organizer commands: `flask purge` (retention) and `flask export` (any format, to a file)."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from . import lookup
from .extensions import db
from .models import Process


@click.command("purge")
@with_appcontext
@click.option("--days", type=int, default=None, help="Retention in days (default: RETENTION_DAYS).")
@click.option("--dry-run", is_flag=True, help="Only list the workshops that are due.")
def purge_command(days: int | None, dry_run: bool) -> None:
    """Anonymise workshops closed longer ago than the retention period (personal data goes)."""
    from .services import privacy

    retention = current_app.config["RETENTION_DAYS"] if days is None else days
    if dry_run:
        due = privacy.due_for_purge(retention_days=retention)
        for workshop in due:
            click.echo(f"due: {workshop.join_code} {workshop.title} (closed {workshop.closed_at:%Y-%m-%d})")
        click.echo(f"{len(due)} workshop(s) due (retention {retention} days).")
        return
    purged = privacy.purge(retention_days=retention)
    click.echo(f"Anonymised {len(purged)} workshop(s) closed more than {retention} days ago.")


@click.command("export")
@with_appcontext
@click.option("--process", "process_id", type=int, help="Export a process's action plan (json: archive).")
@click.option("--workshop", "code", help="Export a workshop's results, by join code.")
@click.option("--format", "fmt", required=True,
              type=click.Choice(["csv", "xlsx", "ods", "docx", "odt", "pdf", "json"]))
@click.option("--language", default="de", type=click.Choice(["de", "en"]))
@click.option("--delimiter", type=click.Choice([",", ";"]), default=None, help="CSV only.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
def export_command(process_id, code, fmt, language, delimiter, output) -> None:
    """Write an export of a process or a workshop."""
    from .services.read_models import reports

    if bool(process_id) == bool(code):
        raise click.UsageError("Give exactly one of --process or --workshop.")
    options = {"language": language, **({"delimiter": delimiter} if delimiter and fmt == "csv" else {})}
    if process_id:
        process = db.session.get(Process, process_id)
        if process is None:
            raise click.ClickException("No such process.")
        export = reports.export_process(process, fmt, **options)
    else:
        workshop = lookup.workshop_by_code(code)
        if workshop is None:
            raise click.ClickException("No such workshop.")
        export = reports.export_workshop(workshop, fmt, **options)
    if output is None:
        sys.stdout.buffer.write(export.data)
    else:
        output.write_bytes(export.data)
        click.echo(f"Wrote {output} ({len(export.data)} bytes).", err=True)
