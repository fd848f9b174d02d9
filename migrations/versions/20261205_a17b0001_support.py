"""support: participants back an existing proposal

Revision ID: a17b0001
Revises: a17a0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a17b0001'
down_revision = 'a17a0001'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
