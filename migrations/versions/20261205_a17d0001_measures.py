"""measures: measure proposals under goal proposals

Revision ID: a17d0001
Revises: a17c0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a17d0001'
down_revision = 'a17c0001'
branch_labels = None
depends_on = None

PHASES_BEFORE = "phase IN ('lobby', 'collect', 'vote', 'results')"
PHASES_AFTER = "phase IN ('lobby', 'collect', 'vote', 'results', 'measures')"


def upgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=8), server_default='goal', nullable=False))
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('suggested_responsible', sa.String(length=200), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('suggested_timeframe', sa.String(length=100), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('measures_open', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.create_index(batch_op.f('ix_proposals_parent_id'), ['parent_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_proposals_parent_id_proposals'), 'proposals',
                                    ['parent_id'], ['id'], ondelete='CASCADE')
        batch_op.create_check_constraint(batch_op.f('ck_proposals_kind'), "kind IN ('goal', 'measure')")
        batch_op.create_check_constraint(batch_op.f('ck_proposals_measure_has_goal'),
                                         "(kind = 'measure') = (parent_id IS NOT NULL)")
    with op.batch_alter_table('voting_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('item_kind', sa.String(length=8), server_default='goal', nullable=False))
        batch_op.add_column(sa.Column('measures_of_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_voting_rounds_measures_of_id_proposals'), 'proposals',
                                    ['measures_of_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(batch_op.f('ck_voting_rounds_item_kind'),
                                         "item_kind IN ('goal', 'measure')")
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_proposal_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_measures_source_proposal_id'), ['source_proposal_id'])
        batch_op.create_foreign_key(batch_op.f('fk_measures_source_proposal_id_proposals'), 'proposals',
                                    ['source_proposal_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_workshops_phase'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_workshops_phase'), PHASES_AFTER)


def downgrade():
    op.execute("UPDATE workshops SET phase = 'results' WHERE phase = 'measures'")
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_workshops_phase'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_workshops_phase'), PHASES_BEFORE)
    with op.batch_alter_table('measures', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_measures_source_proposal_id_proposals'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_measures_source_proposal_id'), type_='unique')
        batch_op.drop_column('source_proposal_id')
    with op.batch_alter_table('voting_rounds', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_voting_rounds_item_kind'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_voting_rounds_measures_of_id_proposals'), type_='foreignkey')
        batch_op.drop_column('measures_of_id')
        batch_op.drop_column('item_kind')
    op.execute("DELETE FROM proposals WHERE kind = 'measure'")
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_proposals_measure_has_goal'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_proposals_kind'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_proposals_parent_id_proposals'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_proposals_parent_id'))
        batch_op.drop_column('measures_open')
        batch_op.drop_column('suggested_timeframe')
        batch_op.drop_column('suggested_responsible')
        batch_op.drop_column('parent_id')
        batch_op.drop_column('kind')
