"""responsible links and reminders

Revision ID: a16b0001
Revises: a16a0001
Create Date: 2026-12-05

"""
from alembic import op
import sqlalchemy as sa


revision = 'a16b0001'
down_revision = 'a16a0001'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
