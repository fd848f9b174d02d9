"""documents: proposal numbers and letterhead

Revision ID: a15a0001
Revises: a14c0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a15a0001'
down_revision = 'a14c0001'
branch_labels = None
depends_on = None


def upgrade():
    # Proposal numbers per workshop (#1, #2 … in submission order): added nullable, filled in
    # the order the proposals were submitted, then required and unique per workshop.
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.Integer(), nullable=True))
    op.execute(
        "UPDATE proposals SET number = (SELECT numbered.n FROM ("
        " SELECT id, ROW_NUMBER() OVER (PARTITION BY workshop_id ORDER BY created_at, id) AS n"
        " FROM proposals) AS numbered WHERE numbered.id = proposals.id)")
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.alter_column('number', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_proposals_workshop_id_number'),
                                          ['workshop_id', 'number'])

    # The round a goal's basis line cites, chosen by the organizer.
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('basis_round_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_goals_basis_round_id_voting_rounds'),
                                    'voting_rounds', ['basis_round_id'], ['id'], ondelete='SET NULL')

    # --- 15-form: the letterhead of a process's documents (footer line, logo) -------------
    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('letterhead_footer', sa.String(length=300), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('letterhead_logo', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('letterhead_logo_type', sa.String(length=40), nullable=True))


def downgrade():
    # --- 15-form: the letterhead ------------------------------------------------------------
    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.drop_column('letterhead_logo_type')
        batch_op.drop_column('letterhead_logo')
        batch_op.drop_column('letterhead_footer')
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_goals_basis_round_id_voting_rounds'), type_='foreignkey')
        batch_op.drop_column('basis_round_id')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_proposals_workshop_id_number'), type_='unique')
        batch_op.drop_column('number')
