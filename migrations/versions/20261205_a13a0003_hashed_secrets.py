"""screen secrets and token codes stored hashed

Screen secrets and printed token codes leave the database in the clear: each is replaced by a
keyed lookup digest and a sealed copy (a Fernet token, workshop_app.secrets_store), computed
here with the installation's secret key, so existing screen links and printed tokens keep working. Moderator
socket connections record how they authenticated (via, api_key_id), so that revoking a moderator
link or an API key finds them.

Revision ID: a13a0003
Revises: a13a0002
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa
from flask import current_app

from workshop_app import secrets_store
from workshop_app.domain import joincodes


revision = 'a13a0003'
down_revision = 'a13a0002'
branch_labels = None
depends_on = None

# Frozen copies of the purposes in workshop_app.models.workshop (a migration must not change
# when the models do).
SCREEN = "screen-secret"
TOKEN = "join-token"
# Wide enough for the Fernet token of a 127-byte secret and of a 31-character code.
SCREEN_SEALED = sa.String(length=255)
CODE_SEALED = sa.String(length=128)


def _key():
    return current_app.secret_key


def upgrade():
    connection = op.get_bind()
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('screen_secret_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('screen_secret_sealed', SCREEN_SEALED, nullable=True))
    rows = connection.execute(sa.text("SELECT id, screen_secret FROM workshops")).all()
    for workshop_id, secret in rows:
        connection.execute(
            sa.text("UPDATE workshops SET screen_secret_hash = :h, screen_secret_sealed = :s WHERE id = :id"),
            {"h": secrets_store.digest(_key(), SCREEN, secret),
             "s": secrets_store.seal(_key(), SCREEN, secret), "id": workshop_id})
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.alter_column('screen_secret_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('screen_secret_sealed', existing_type=SCREEN_SEALED, nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_workshops_screen_secret'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_workshops_screen_secret_hash'), ['screen_secret_hash'])
        batch_op.drop_column('screen_secret')

    with op.batch_alter_table('join_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('code_sealed', CODE_SEALED, nullable=True))
    rows = connection.execute(sa.text("SELECT id, code FROM join_tokens")).all()
    for token_id, code in rows:
        code = joincodes.normalise(code)
        connection.execute(
            sa.text("UPDATE join_tokens SET code_hash = :h, code_sealed = :s WHERE id = :id"),
            {"h": secrets_store.digest(_key(), TOKEN, code),
             "s": secrets_store.seal(_key(), TOKEN, code), "id": token_id})
    with op.batch_alter_table('join_tokens', schema=None) as batch_op:
        batch_op.alter_column('code_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('code_sealed', existing_type=CODE_SEALED, nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_join_tokens_code'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_join_tokens_code_hash'), ['code_hash'])
        batch_op.drop_column('code')

    with op.batch_alter_table('socket_connections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('via', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('api_key_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_socket_connections_api_key_id_api_keys'),
                                    'api_keys', ['api_key_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_socket_connections_api_key_id'), ['api_key_id'], unique=False)
        batch_op.create_index('ix_socket_connections_participant_id', ['participant_id'], unique=False)


def downgrade():
    connection = op.get_bind()
    with op.batch_alter_table('socket_connections', schema=None) as batch_op:
        batch_op.drop_index('ix_socket_connections_participant_id')
        batch_op.drop_index(batch_op.f('ix_socket_connections_api_key_id'))
        batch_op.drop_constraint(batch_op.f('fk_socket_connections_api_key_id_api_keys'), type_='foreignkey')
        batch_op.drop_column('api_key_id')
        batch_op.drop_column('via')

    with op.batch_alter_table('join_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code', sa.String(length=12), nullable=True))
    for token_id, sealed in connection.execute(sa.text("SELECT id, code_sealed FROM join_tokens")).all():
        connection.execute(sa.text("UPDATE join_tokens SET code = :c WHERE id = :id"),
                           {"c": secrets_store.unseal(_key(), TOKEN, sealed), "id": token_id})
    with op.batch_alter_table('join_tokens', schema=None) as batch_op:
        batch_op.alter_column('code', existing_type=sa.String(length=12), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_join_tokens_code_hash'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_join_tokens_code'), ['code'])
        batch_op.drop_column('code_sealed')
        batch_op.drop_column('code_hash')

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('screen_secret', sa.String(length=64), nullable=True))
    for workshop_id, sealed in connection.execute(
            sa.text("SELECT id, screen_secret_sealed FROM workshops")).all():
        connection.execute(sa.text("UPDATE workshops SET screen_secret = :s WHERE id = :id"),
                           {"s": secrets_store.unseal(_key(), SCREEN, sealed), "id": workshop_id})
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.alter_column('screen_secret', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_workshops_screen_secret_hash'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_workshops_screen_secret'), ['screen_secret'])
        batch_op.drop_column('screen_secret_sealed')
        batch_op.drop_column('screen_secret_hash')
