"""projector screen settings

Revision ID: a14a0001
Revises: a13a0004
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a14a0001'
down_revision = 'a13a0004'
branch_labels = None
depends_on = None


def upgrade():
    # Which closed round's results the moderator put on the screen (None: the current round).
    # No foreign key, like spotlight_proposal_id: it would close a cycle with voting_rounds.
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('screen_round_id', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('screen_round_id')
