"""Shared column helpers for the models."""
from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum
from typing import Iterable

from sqlalchemy import CheckConstraint, DateTime, TypeDecorator


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC timestamps on every backend (SQLite stores no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given; use aware UTC datetimes")
            value = value.astimezone(timezone.utc)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


def one_of(column: str, values: Iterable[Enum | str], name: str) -> CheckConstraint:
    """A check constraint that keeps a string column inside a domain enum."""
    allowed = ", ".join(f"'{getattr(v, 'value', v)}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=name)
