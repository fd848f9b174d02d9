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
    pass  # filled in by the pre-moderation change


def downgrade():
    pass
