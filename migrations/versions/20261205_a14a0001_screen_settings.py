"""projector screen settings

Revision ID: a14a0001
Revises: a13a0004
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a14a0001'
down_revision = 'a13a0004'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
