"""ranking: a voting method of distinct places

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


def upgrade():
    pass


def downgrade():
    pass
