"""feasibility: assessor rounds for priority x feasibility

Revision ID: a17e0001
Revises: a17d0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a17e0001'
down_revision = 'a17d0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('voting_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('purpose', sa.String(length=12), server_default='priority', nullable=False))
        batch_op.add_column(sa.Column('assesses_round_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assessor_group_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_voting_rounds_assesses_round_id_voting_rounds'),
                                    'voting_rounds', ['assesses_round_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_voting_rounds_assessor_group_id_stakeholder_groups'),
                                    'stakeholder_groups', ['assessor_group_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(batch_op.f('ck_voting_rounds_purpose'),
                                         "purpose IN ('priority', 'feasibility')")
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_ballots_user_id_users'), 'users', ['user_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.create_unique_constraint(batch_op.f('uq_ballots_round_id_user_id'), ['round_id', 'user_id'])
        batch_op.create_check_constraint(batch_op.f('ck_ballots_one_voter'),
                                         'participant_id IS NULL OR user_id IS NULL')
    op.create_table('round_assessors',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['voting_rounds.id'],
                            name=op.f('fk_round_assessors_round_id_voting_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_round_assessors_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'user_id', name=op.f('pk_round_assessors'))
    )
    with op.batch_alter_table('round_assessors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_assessors_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('round_assessors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_assessors_user_id'))
    op.drop_table('round_assessors')
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_ballots_one_voter'), type_='check')
        batch_op.drop_constraint(batch_op.f('uq_ballots_round_id_user_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_ballots_user_id_users'), type_='foreignkey')
        batch_op.drop_column('user_id')
    with op.batch_alter_table('voting_rounds', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_voting_rounds_purpose'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_voting_rounds_assessor_group_id_stakeholder_groups'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_voting_rounds_assesses_round_id_voting_rounds'),
                                 type_='foreignkey')
        batch_op.drop_column('assessor_group_id')
        batch_op.drop_column('assesses_round_id')
        batch_op.drop_column('purpose')
