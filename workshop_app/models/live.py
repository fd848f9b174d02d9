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
    __table_args__ = (Index("ix_socket_connections_workshop_audience", "workshop_id", "audience"),)

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    audience: Mapped[str] = mapped_column(String(12))  # participant | screen | moderator
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    process: Mapped[str] = mapped_column(String(64))
    connected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
