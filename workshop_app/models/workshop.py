"""The workshop aggregate: the workshop, its stakeholder groups, join tokens and participants."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import secrets_store
from ..domain import joincodes, phases
from ..domain.groups import format_entry
from ..domain.joincodes import JoinMode
from ..domain.kinds import ScreenTheme
from ..domain.phases import Phase, WorkshopState
from ..extensions import db
from .base import UTCDateTime, one_of, utcnow

if TYPE_CHECKING:
    from .process import FieldOfAction, Process
    from .proposal import Proposal
    from .tables import WorkshopTable
    from .voting import VotingRound

JOIN_MODES = tuple(JoinMode)
SCREEN_PURPOSE = "screen-secret"
TOKEN_PURPOSE = "join-token"
SCREEN_THEMES = tuple(ScreenTheme)
#: Every language the app has a complete catalogue for (installation and workshop can narrow it).
ALL_LANGUAGES = ("de", "en", "uk", "ar", "fa", "tr", "ru")


class Workshop(db.Model):
    __tablename__ = "workshops"
    __table_args__ = (
        one_of("state", WorkshopState, "state"),
        one_of("phase", Phase, "phase"),
        one_of("join_mode", JOIN_MODES, "join_mode"),
        one_of("screen_theme", SCREEN_THEMES, "screen_theme"),
        CheckConstraint("version >= 0", name="version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    date: Mapped[date | None]
    venue: Mapped[str] = mapped_column(String(200), default="")
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    state: Mapped[str] = mapped_column(String(12), default=WorkshopState.DRAFT.value)
    phase: Mapped[str] = mapped_column(String(12), default=Phase.LOBBY.value)
    #: When the phase last changed: phones tell "the round has just closed" from "the next one
    #: starts soon" by whether the last round closed after it (participant.page.kind).
    phase_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    focus_field_id: Mapped[int | None] = mapped_column(
        ForeignKey("fields_of_action.id", ondelete="SET NULL"))
    join_mode: Mapped[str] = mapped_column(String(12), default=JoinMode.OPEN.value)
    premoderation: Mapped[bool] = mapped_column(default=False)
    # The console's "Close" also switches the room to the results (remembered per workshop).
    close_shows_results: Mapped[bool] = mapped_column(default=False)
    # At most this many (not removed) participants; None: the installation's default
    # (PARTICIPANT_CAP_DEFAULT). Checked in the join's transaction, so parallel joins cannot pass it.
    max_participants: Mapped[int | None]
    languages: Mapped[str] = mapped_column(String(100), default=",".join(ALL_LANGUAGES))
    # The screen secret, never in the clear (secrets_store): found by its keyed digest, shown
    # again (staff pages) by unsealing. ``screen_secret`` below reads and sets both. 255
    # characters hold the Fernet token of a secret of up to 127 bytes (32 are used).
    screen_secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    screen_secret_sealed: Mapped[str] = mapped_column(String(255))
    moderator_secret_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    screen_theme: Mapped[str] = mapped_column(String(8), default=ScreenTheme.DARK.value)
    # No foreign key: it would close a cycle with proposals.workshop_id that migrations cannot
    # create portably. The moderation service checks the proposal belongs to this workshop.
    spotlight_proposal_id: Mapped[int | None]
    # A closed round whose results the moderator put on the screen (services.screen.show_round);
    # None: the screen follows the phase. No foreign key, for the same reason. A phase change ends it.
    screen_round_id: Mapped[int | None]
    timer_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # How many times the tables have rotated (world café); 0 before the first rotation.
    table_rotations: Mapped[int] = mapped_column(default=0)
    # A table whose wall the moderator put on the screen; None: the screen follows the phase.
    # No foreign key, for the same reason as screen_round_id.
    screen_table_id: Mapped[int | None]
    # Bumped by every write the room can see; events carry it so clients detect gaps.
    version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    process: Mapped[Process] = relationship(back_populates="workshops")
    focus_field: Mapped[FieldOfAction | None] = relationship(foreign_keys=[focus_field_id])
    groups: Mapped[list[StakeholderGroup]] = relationship(
        back_populates="workshop", order_by="StakeholderGroup.position",
        cascade="all, delete-orphan",
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", passive_deletes=True)
    proposals: Mapped[list[Proposal]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", passive_deletes=True,
        foreign_keys="Proposal.workshop_id",
    )
    tables: Mapped[list[WorkshopTable]] = relationship(
        back_populates="workshop", order_by="WorkshopTable.position", cascade="all, delete-orphan",
        passive_deletes=True,
    )
    rounds: Mapped[list[VotingRound]] = relationship(
        back_populates="workshop", order_by="VotingRound.id", cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def screen_secret(self) -> str:
        return secrets_store.unseal(current_app.secret_key, SCREEN_PURPOSE,
                                    self.screen_secret_sealed)

    @screen_secret.setter
    def screen_secret(self, secret: str) -> None:
        self.screen_secret_hash = self.screen_digest(secret)
        self.screen_secret_sealed = secrets_store.seal(current_app.secret_key, SCREEN_PURPOSE,
                                                       secret)

    @staticmethod
    def screen_digest(secret: str) -> str:
        return secrets_store.digest(current_app.secret_key, SCREEN_PURPOSE, secret)

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def is_open(self) -> bool:
        return self.state == WorkshopState.OPEN

    def may_become(self, target: WorkshopState) -> bool:
        """Whether the organizer may move the workshop to ``target`` now (domain.phases)."""
        return phases.may_transition_state(self.state, target)

    def bump(self) -> int:
        self.version = (self.version or 0) + 1
        return self.version

    def change_state(self, target: WorkshopState) -> None:
        """Move the workshop's life on; the domain decides which moves are allowed."""
        self.state = phases.transition_state(WorkshopState(self.state), target).value
        now = utcnow()
        if target is WorkshopState.OPEN:
            self.opened_at = self.opened_at or now
        elif target is WorkshopState.CLOSED:
            self.closed_at = now
        self.bump()

    def change_phase(self, target: Phase, focus_field_id: int | None = None) -> None:
        self.phase = phases.change_phase(
            WorkshopState(self.state), Phase(self.phase), target).value
        self.phase_changed_at = utcnow()
        self.focus_field_id = focus_field_id
        self.screen_round_id = None
        self.screen_table_id = None  # a table's wall on the screen ends with the phase, too
        self.bump()


class StakeholderGroup(db.Model):
    """Politik, Verwaltung, Zivilgesellschaft — or the workshop's own list."""

    __tablename__ = "stakeholder_groups"
    __table_args__ = (
        UniqueConstraint("workshop_id", "key"),
        CheckConstraint("colour_index BETWEEN 1 AND 7", name="colour_index"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(80))
    #: One line set by the organizer that tells people who belongs here (shown when choosing).
    description: Mapped[str | None] = mapped_column(String(160))
    position: Mapped[int] = mapped_column(default=0)
    colour_index: Mapped[int] = mapped_column(default=1)
    join_code: Mapped[str | None] = mapped_column(String(12), unique=True)

    workshop: Mapped[Workshop] = relationship(back_populates="groups")

    @property
    def entry(self) -> str:
        """The group as the organizer's text area writes it: ``Name | explanation``."""
        return format_entry(self.name, self.description)


class JoinToken(db.Model):
    """A printed single-use token; redeeming it creates exactly one participant."""

    __tablename__ = "join_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("stakeholder_groups.id", ondelete="CASCADE"))
    # The printed code, never in the clear (secrets_store): found by the keyed digest of the
    # normalised code, unsealed to print the sheet again. ``code`` below reads and sets both.
    # 128 characters hold the Fernet token of a code of up to 31 characters (8 are used).
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_sealed: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    redeemed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), unique=True)

    group: Mapped[StakeholderGroup | None] = relationship()

    @property
    def code(self) -> str:
        return secrets_store.unseal(current_app.secret_key, TOKEN_PURPOSE, self.code_sealed)

    @code.setter
    def code(self, code: str) -> None:
        self.code_hash = self.code_digest(code)
        self.code_sealed = secrets_store.seal(current_app.secret_key, TOKEN_PURPOSE, code)

    @staticmethod
    def code_digest(code: str) -> str:
        """The lookup digest of a typed or scanned code (normalised first)."""
        return secrets_store.digest(current_app.secret_key, TOKEN_PURPOSE,
                                    joincodes.normalise(code))


class Participant(db.Model):
    """An anonymous member of one workshop, recognised by a hashed random secret."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("stakeholder_groups.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str | None] = mapped_column(String(60))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Removed by a moderator: their ballots left the tallies and their secret no longer works.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The table (station) the participant sits at now; None: the plenary.
    table_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop_tables.id", ondelete="SET NULL"), index=True)

    workshop: Mapped[Workshop] = relationship(back_populates="participants")
    group: Mapped[StakeholderGroup] = relationship()


class WorkshopModerator(db.Model):
    """A moderator account assigned to a workshop (organizers and admins moderate all)."""

    __tablename__ = "workshop_moderators"

    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
