"""process owners and members

Revision ID: a13a0004
Revises: a13a0003
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a13a0004'
down_revision = 'a13a0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_processes_owner_id'), ['owner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_processes_owner_id_users'), 'users', ['owner_id'], ['id'],
                                    ondelete='SET NULL')

    op.create_table('process_members',
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_process_members_process_id_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_process_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('process_id', 'user_id', name=op.f('pk_process_members'))
    )
    with op.batch_alter_table('process_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_process_members_user_id'), ['user_id'], unique=False)

    # Existing processes keep no owner (admins see them); every existing organizer becomes a
    # member of every existing process, so that nothing disappears from anyone's dashboard.
    op.execute("INSERT INTO process_members (process_id, user_id) "
               "SELECT processes.id, users.id FROM processes CROSS JOIN users "
               "WHERE users.role = 'organizer'")


def downgrade():
    with op.batch_alter_table('process_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_process_members_user_id'))

    op.drop_table('process_members')
    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_processes_owner_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_processes_owner_id'))
        batch_op.drop_column('owner_id')
