"""participant cap and removal

Revision ID: a13a0001
Revises: 3d8bf7e4c890
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a13a0001'
down_revision = '3d8bf7e4c890'
branch_labels = None
depends_on = None


def upgrade():
    pass  # filled in by the joining change


def downgrade():
    pass
