"""drop participants.last_seen_at: written at join, cleared by the privacy pass, never read

Revision ID: a18a0001
Revises: a17e0001
Create Date: 2026-12-05

"""
import sqlalchemy as sa
from alembic import op

import workshop_app.models.base

revision = 'a18a0001'
down_revision = 'a17e0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('last_seen_at')


def downgrade():
    # The values are gone; the column comes back empty, as it is for every participant the
    # privacy pass has cleared.
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen_at', workshop_app.models.base.UTCDateTime(timezone=True),
                                      nullable=True))
