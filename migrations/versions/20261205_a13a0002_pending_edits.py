"""pending edits of published proposals

Revision ID: a13a0002
Revises: a13a0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a13a0002'
down_revision = 'a13a0001'
branch_labels = None
depends_on = None


def upgrade():
    # A participant's edit of a published proposal under pre-moderation waits in these columns
    # until a moderator approves or rejects it (issue 13, item 2).
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_title', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('pending_body', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('pending_field_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pending_since', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_proposals_pending_field_id_fields_of_action'), 'fields_of_action',
            ['pending_field_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_proposals_pending_field_id_fields_of_action'),
                                 type_='foreignkey')
        batch_op.drop_column('pending_since')
        batch_op.drop_column('pending_field_id')
        batch_op.drop_column('pending_body')
        batch_op.drop_column('pending_title')
