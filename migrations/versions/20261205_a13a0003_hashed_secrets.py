"""screen secrets and token codes stored hashed

Revision ID: a13a0003
Revises: a13a0002
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a13a0003'
down_revision = 'a13a0002'
branch_labels = None
depends_on = None


def upgrade():
    pass  # filled in by the secrets change


def downgrade():
    pass
