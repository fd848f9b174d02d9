"""Socket connections, so that every process can count who is connected and revoke access."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow


class SocketConnection(db.Model):
    """One open Socket.IO connection. Rows are heartbeated by the process holding the socket;
    a row whose heartbeat is old belongs to a process that died and no longer counts."""

    __tablename__ = "socket_connections"
    __table_args__ = (Index("ix_socket_connections_workshop_audience", "workshop_id", "audience"),
                      Index("ix_socket_connections_participant_id", "participant_id"))

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    audience: Mapped[str] = mapped_column(String(12))  # participant | screen | moderator
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # How a moderator socket authenticated, so that revoking that credential finds it:
    # "user" (signed-in session), "api_key" (with api_key_id) or "link" (the moderator link).
    via: Mapped[str | None] = mapped_column(String(8))
    api_key_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_keys.id", ondelete="CASCADE"), index=True)
    process: Mapped[str] = mapped_column(String(64))
    connected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
