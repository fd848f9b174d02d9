"""public progress page and measure progress

Revision ID: a16a0001
Revises: a15a0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a16a0001'
down_revision = 'a15a0001'
branch_labels = None
depends_on = None


def upgrade():
    # NULL progress means "the default of the measure's status" (domain/progress.py).
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('progress', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_measures_progress_range'),
                                         'progress IS NULL OR progress BETWEEN 0 AND 100')

    # Existing notes were written by organizers for the implementation report, which goes to the
    # council: they stay public. Internal notes are a new choice.
    with op.batch_alter_table('progress_notes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public', sa.Boolean(), server_default=sa.true(), nullable=False))

    # No process is public until its organizer publishes it.
    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('embed_origins', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.drop_column('embed_origins')
        batch_op.drop_column('public')

    with op.batch_alter_table('progress_notes', schema=None) as batch_op:
        batch_op.drop_column('public')

    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_measures_progress_range'), type_='check')
        batch_op.drop_column('progress')
