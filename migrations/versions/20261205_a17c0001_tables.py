"""tables: stations per field of action, world-café rotation

Revision ID: a17c0001
Revises: a17b0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a17c0001'
down_revision = 'a17b0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('workshop_tables',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('facilitator_secret_hash', sa.String(length=64), nullable=True),
    sa.Column('facilitator_secret_sealed', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['field_id'], ['fields_of_action.id'],
                            name=op.f('fk_workshop_tables_field_id_fields_of_action'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'],
                            name=op.f('fk_workshop_tables_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop_tables')),
    sa.UniqueConstraint('facilitator_secret_hash', name=op.f('uq_workshop_tables_facilitator_secret_hash')),
    sa.UniqueConstraint('workshop_id', 'position', name=op.f('uq_workshop_tables_workshop_id_position'))
    )
    with op.batch_alter_table('workshop_tables', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_tables_workshop_id'), ['workshop_id'], unique=False)
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('table_rotations', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('screen_table_id', sa.Integer(), nullable=True))
    for table in ('participants', 'proposals'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('table_id', sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_table_id'), ['table_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_table_id_workshop_tables'),
                                        'workshop_tables', ['table_id'], ['id'], ondelete='SET NULL')


def downgrade():
    for table in ('proposals', 'participants'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_table_id_workshop_tables'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_table_id'))
            batch_op.drop_column('table_id')
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('screen_table_id')
        batch_op.drop_column('table_rotations')
    with op.batch_alter_table('workshop_tables', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_tables_workshop_id'))
    op.drop_table('workshop_tables')
