"""measures: measure proposals under goal proposals

Revision ID: a17d0001
Revises: a17c0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a17d0001'
down_revision = 'a17c0001'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
