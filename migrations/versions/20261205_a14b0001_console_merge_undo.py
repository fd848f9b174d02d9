"""moderator console and merge undo

Revision ID: a14b0001
Revises: a14a0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa

import workshop_app.models.base


revision = 'a14b0001'
down_revision = 'a14a0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('close_shows_results', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))

    op.create_table('proposal_merges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.Column('created_at', workshop_app.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('undone_at', workshop_app.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['target_id'], ['proposals.id'], name=op.f('fk_proposal_merges_target_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_proposal_merges_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_merges'))
    )
    with op.batch_alter_table('proposal_merges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_merges_target_id'), ['target_id'], unique=False)
        batch_op.create_index('ix_proposal_merges_workshop_undone', ['workshop_id', 'undone_at'], unique=False)


def downgrade():
    with op.batch_alter_table('proposal_merges', schema=None) as batch_op:
        batch_op.drop_index('ix_proposal_merges_workshop_undone')
        batch_op.drop_index(batch_op.f('ix_proposal_merges_target_id'))

    op.drop_table('proposal_merges')
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('close_shows_results')
