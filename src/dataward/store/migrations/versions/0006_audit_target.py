"""Index the audit log by target, so one request's or hold's timeline is an index range.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_audit_entry_target"), "audit_entry", ["target", "seq"])


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_entry_target"), table_name="audit_entry")
