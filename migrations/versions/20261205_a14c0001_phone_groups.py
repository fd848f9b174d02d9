"""phone group explanations

Revision ID: a14c0001
Revises: a14b0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a14c0001'
down_revision = 'a14b0001'
branch_labels = None
depends_on = None


def upgrade():
    # A one-line explanation per stakeholder group, set by the organizer, shown when choosing.
    with op.batch_alter_table('stakeholder_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description', sa.String(length=160), nullable=True))
    # When the phase last changed: phones tell a round that has just closed from the next one
    # that starts soon (never both messages at once).
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phase_changed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('phase_changed_at')
    with op.batch_alter_table('stakeholder_groups', schema=None) as batch_op:
        batch_op.drop_column('description')
