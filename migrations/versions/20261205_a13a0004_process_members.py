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
    pass  # filled in by the users change


def downgrade():
    pass
