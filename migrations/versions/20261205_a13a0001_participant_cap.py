"""participant cap and removal

Revision ID: a13a0001
Revises: 3d8bf7e4c890
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a13a0001'
down_revision = '3d8bf7e4c890'
branch_labels = None
depends_on = None


def upgrade():
    # NULL: the installation's default cap (PARTICIPANT_CAP_DEFAULT) applies.
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('max_participants', sa.Integer(), nullable=True))

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('removed_at')

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('max_participants')
