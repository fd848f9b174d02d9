"""ranking: a voting method of distinct places

The method column's check constraint learns 'ranking' (votes store the place 1..k, which the
votes table's range -1..100 already admits; the round's budget is the number of places).

Revision ID: a17a0001
Revises: a16c0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a17a0001'
down_revision = 'a16c0001'
branch_labels = None
depends_on = None

# Frozen copies of workshop_app.domain.ballots.Method (a migration must not change when the
# models do).
BEFORE = ('dots', 'approval', 'rating', 'yes_no_abstain')
AFTER = (*BEFORE, 'ranking')


def _methods(methods):
    with op.batch_alter_table('voting_rounds', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_voting_rounds_method'), type_='check')
        batch_op.create_check_constraint(
            batch_op.f('ck_voting_rounds_method'),
            "method IN ({})".format(", ".join(f"'{m}'" for m in methods)))


def upgrade():
    _methods(AFTER)


def downgrade():
    rankings = op.get_bind().execute(
        sa.text("SELECT COUNT(*) FROM voting_rounds WHERE method = 'ranking'")).scalar()
    if rankings:
        raise RuntimeError(
            f"{rankings} ranking round(s) exist; delete or reset them before downgrading.")
    _methods(BEFORE)
