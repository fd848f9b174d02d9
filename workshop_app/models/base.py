"""Shared column helpers for the models."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from enum import Enum

from sqlalchemy import CheckConstraint, DateTime, TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC timestamps on every backend (SQLite stores no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given; use aware UTC datetimes")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def one_of(column: str, values: Iterable[Enum | str], name: str) -> CheckConstraint:
    """A check constraint that keeps a string column inside a domain enum."""
    allowed = ", ".join(f"'{getattr(v, 'value', v)}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)
