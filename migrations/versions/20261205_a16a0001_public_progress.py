"""public progress page and measure progress

Revision ID: a16a0001
Revises: a15a0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a16a0001'
down_revision = 'a15a0001'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
