"""council papers from OParl

Revision ID: a16c0001
Revises: a16b0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a16c0001'
down_revision = 'a16b0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('council_papers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('paper_type', sa.String(length=200), nullable=False),
    sa.Column('web_url', sa.String(length=2000), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('error_code', sa.String(length=30), nullable=False),
    sa.Column('error_detail', sa.String(length=200), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state IN ('unverified', 'verified', 'error')", name=op.f('ck_council_papers_state')),
    sa.CheckConstraint("kind IN ('', 'paper', 'meeting', 'agenda_item', 'consultation')",
                       name=op.f('ck_council_papers_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_papers')),
    sa.UniqueConstraint('url', name=op.f('uq_council_papers_url'))
    )
    op.create_table('goal_council_papers',
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_goal_council_papers_goal_id_goals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paper_id'], ['council_papers.id'], name=op.f('fk_goal_council_papers_paper_id_council_papers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('goal_id', 'paper_id', name=op.f('pk_goal_council_papers'))
    )
    with op.batch_alter_table('goal_council_papers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_council_papers_paper_id'), ['paper_id'], unique=False)

    op.create_table('measure_council_papers',
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measures.id'], name=op.f('fk_measure_council_papers_measure_id_measures'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paper_id'], ['council_papers.id'], name=op.f('fk_measure_council_papers_paper_id_council_papers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measure_id', 'paper_id', name=op.f('pk_measure_council_papers'))
    )
    with op.batch_alter_table('measure_council_papers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_council_papers_paper_id'), ['paper_id'], unique=False)


def downgrade():
    with op.batch_alter_table('measure_council_papers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_council_papers_paper_id'))
    op.drop_table('measure_council_papers')
    with op.batch_alter_table('goal_council_papers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_council_papers_paper_id'))
    op.drop_table('goal_council_papers')
    op.drop_table('council_papers')
