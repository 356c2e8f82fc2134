"""Requests can stop their response clock while awaiting the requester (UK "stop the clock").

``dsr_request`` gets ``paused_at`` (set while paused) and ``pauses`` (JSON history of every
pause: when, by whom, why, for how many days).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dsr_request") as table:
        table.add_column(sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("pauses", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("dsr_request") as table:
        table.drop_column("pauses")
        table.drop_column("paused_at")
