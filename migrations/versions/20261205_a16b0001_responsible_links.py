"""responsible links and reminders

Revision ID: a16b0001
Revises: a16a0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa

from workshop_app.models.base import UTCDateTime


revision = 'a16b0001'
down_revision = 'a16a0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('responsible_email', sa.String(length=254), nullable=True))
        batch_op.create_index(batch_op.f('ix_measures_responsible_email'), ['responsible_email'], unique=False)

    op.create_table('responsible_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('secret_sealed', sa.String(length=255), nullable=False),
    sa.Column('issued_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_responsible_links_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_responsible_links')),
    sa.UniqueConstraint('process_id', 'email', name=op.f('uq_responsible_links_process_id_email')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_responsible_links_secret_hash'))
    )

    op.create_table('reminder_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=8), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error', sa.String(length=300), nullable=False),
    sa.Column('updated_at', UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('digest', 'summary')", name=op.f('ck_reminder_log_kind')),
    sa.CheckConstraint("state IN ('sending', 'sent', 'failed')", name=op.f('ck_reminder_log_state')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_reminder_log_attempts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_log')),
    sa.UniqueConstraint('kind', 'email', 'day', name=op.f('uq_reminder_log_kind_email_day'))
    )


def downgrade():
    op.drop_table('reminder_log')
    op.drop_table('responsible_links')
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measures_responsible_email'))
        batch_op.drop_column('responsible_email')
