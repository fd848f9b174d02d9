"""support: participants back an existing proposal

Revision ID: a17b0001
Revises: a17a0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a17b0001'
down_revision = 'a17a0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('proposal_supports',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                            name=op.f('fk_proposal_supports_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'],
                            name=op.f('fk_proposal_supports_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'participant_id', name=op.f('pk_proposal_supports'))
    )
    with op.batch_alter_table('proposal_supports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_supports_participant_id'), ['participant_id'], unique=False)


def downgrade():
    with op.batch_alter_table('proposal_supports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_supports_participant_id'))
    op.drop_table('proposal_supports')
