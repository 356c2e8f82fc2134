"""Data-subject requests: requests, codes, per-system tasks, outbox, forwarding; staff tokens.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _time(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "dsr_request",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("type", sa.String(30), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("country", sa.String(10), nullable=False),
        sa.Column("jurisdiction", sa.String(10), nullable=False),
        sa.Column("relationship", sa.String(64), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("phone", sa.String(32), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        _time("received_at"),
        _time("verified_at", nullable=True),
        _time("approved_at", nullable=True),
        sa.Column("approved_by", sa.String(255), nullable=True),
        _time("closed_at", nullable=True),
        sa.Column("closed_by", sa.String(255), nullable=True),
        sa.Column("close_reason", sa.Text(), nullable=True),
        _time("due_at"),
        _time("ack_due_at", nullable=True),
        sa.Column("deadline", sa.Text(), nullable=False),
        sa.Column("extension_total", sa.Integer(), nullable=False),
        sa.Column("extensions", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("export_path", sa.Text(), nullable=True),
        sa.Column("requester_token_hash", sa.String(64), nullable=True),
        sa.Column("client_digest", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dsr_request")),
    )
    op.create_index("ix_dsr_request_status_due", "dsr_request", ["status", "due_at"])
    op.create_index("ix_dsr_request_received_at", "dsr_request", ["received_at"])
    op.create_table(
        "dsr_challenge",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.String(36), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("identity_digest", sa.String(64), nullable=False),
        sa.Column("client_digest", sa.String(64), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        _time("created_at"),
        _time("expires_at"),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _time("consumed_at", nullable=True),
        _time("locked_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"], ["dsr_request.id"], name=op.f("fk_dsr_challenge_request_id_dsr_request")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dsr_challenge")),
    )
    op.create_index("ix_dsr_challenge_request_id", "dsr_challenge", ["request_id"])
    op.create_index("ix_dsr_challenge_identity", "dsr_challenge", ["identity_digest", "created_at"])
    op.create_index("ix_dsr_challenge_client", "dsr_challenge", ["client_digest", "created_at"])
    op.create_table(
        "dsr_task",
        sa.Column("request_id", sa.String(36), nullable=False),
        sa.Column("system", sa.String(128), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _time("next_attempt_at", nullable=True),
        sa.Column("keys", sa.Text(), nullable=True),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        _time("updated_at"),
        sa.ForeignKeyConstraint(
            ["request_id"], ["dsr_request.id"], name=op.f("fk_dsr_task_request_id_dsr_request")
        ),
        sa.PrimaryKeyConstraint("request_id", "system", name=op.f("pk_dsr_task")),
    )
    op.create_table(
        "dsr_outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.String(36), nullable=True),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _time("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dsr_outbox")),
    )
    op.create_index("ix_dsr_outbox_request_id", "dsr_outbox", ["request_id"])
    op.create_table(
        "dsr_customer_endpoint",
        sa.Column("customer_id", sa.String(200), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("secret_hex", sa.String(128), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        _time("created_at"),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_dsr_customer_endpoint")),
    )
    op.create_table(
        "dsr_delivery",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("request_id", sa.String(36), nullable=False),
        sa.Column("customer_id", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        _time("delivered_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"], ["dsr_request.id"], name=op.f("fk_dsr_delivery_request_id_dsr_request")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dsr_delivery")),
    )
    op.create_index("ix_dsr_delivery_request_id", "dsr_delivery", ["request_id"])
    op.create_table(
        "staff_token",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("role", sa.String(30), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        _time("created_at"),
        sa.Column("created_by", sa.String(255), nullable=False),
        _time("revoked_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_token_token_hash")),
    )


def downgrade() -> None:
    op.drop_table("staff_token")
    op.drop_index("ix_dsr_delivery_request_id", table_name="dsr_delivery")
    op.drop_table("dsr_delivery")
    op.drop_table("dsr_customer_endpoint")
    op.drop_index("ix_dsr_outbox_request_id", table_name="dsr_outbox")
    op.drop_table("dsr_outbox")
    op.drop_table("dsr_task")
    op.drop_index("ix_dsr_challenge_client", table_name="dsr_challenge")
    op.drop_index("ix_dsr_challenge_identity", table_name="dsr_challenge")
    op.drop_index("ix_dsr_challenge_request_id", table_name="dsr_challenge")
    op.drop_table("dsr_challenge")
    op.drop_index("ix_dsr_request_received_at", table_name="dsr_request")
    op.drop_index("ix_dsr_request_status_due", table_name="dsr_request")
    op.drop_table("dsr_request")
