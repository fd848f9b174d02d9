"""feasibility: assessor rounds for priority x feasibility

Revision ID: a17e0001
Revises: a17d0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a17e0001'
down_revision = 'a17d0001'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
