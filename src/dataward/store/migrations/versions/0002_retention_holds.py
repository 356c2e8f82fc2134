"""Retention and legal holds: holds, runs and their steps, the batch mirror, keys, settings.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _time(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "legal_hold",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_ref", sa.String(200), nullable=False),
        sa.Column("scope", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("value", sa.String(500), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        _time("starts_at"),
        _time("ends_at", nullable=True),
        sa.Column("created_by", sa.String(255), nullable=False),
        _time("created_at"),
        _time("released_at", nullable=True),
        sa.Column("released_by", sa.String(255), nullable=True),
        sa.CheckConstraint(
            "scope IN ('subject', 'customer', 'dataset')", name=op.f("ck_legal_hold_scope_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_hold")),
    )
    op.create_index("ix_legal_hold_case_ref", "legal_hold", ["case_ref"])
    op.create_index("ix_legal_hold_released_at", "legal_hold", ["released_at"])
    op.create_table(
        "retention_run",
        sa.Column("id", sa.String(36), nullable=False),
        _time("as_of"),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("batch_size", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(255), nullable=False),
        _time("started_at"),
        _time("finished_at", nullable=True),
        sa.Column("rows_changed", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_run")),
    )
    op.create_index("ix_retention_run_status", "retention_run", ["status", "started_at"])
    op.create_table(
        "retention_run_step",
        sa.Column("run_id", sa.String(36), nullable=False),
        sa.Column("step_key", sa.String(255), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(64), nullable=False),
        sa.Column("dataset", sa.String(300), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        _time("cutoff", nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("rows_due", sa.BigInteger(), nullable=True),
        sa.Column("rows_done", sa.BigInteger(), nullable=False),
        sa.Column("batches", sa.Integer(), nullable=False),
        sa.Column("position_key", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["retention_run.id"],
            name=op.f("fk_retention_run_step_run_id_retention_run"),
        ),
        sa.PrimaryKeyConstraint("run_id", "step_key", name=op.f("pk_retention_run_step")),
    )
    # The primary key is the UNIQUE(run_id, step_key, batch_no) that stops a ledger row from
    # becoming two audit entries.
    op.create_table(
        "retention_batch",
        sa.Column("run_id", sa.String(36), nullable=False),
        sa.Column("step_key", sa.String(255), nullable=False),
        sa.Column("batch_no", sa.Integer(), nullable=False),
        sa.Column("rows", sa.BigInteger(), nullable=False),
        sa.Column("audit_seq", sa.BigInteger(), nullable=False),
        _time("recorded_at"),
        sa.PrimaryKeyConstraint("run_id", "step_key", "batch_no", name=op.f("pk_retention_batch")),
    )
    op.create_table(
        "managed_key",
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("secret_hex", sa.String(128), nullable=False),
        _time("created_at"),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_managed_key")),
    )
    op.create_table(
        "customer_retention",
        sa.Column("customer_id", sa.String(200), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("set_by", sa.String(255), nullable=False),
        _time("set_at"),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_customer_retention")),
    )


def downgrade() -> None:
    op.drop_table("customer_retention")
    op.drop_table("managed_key")
    op.drop_table("retention_batch")
    op.drop_table("retention_run_step")
    op.drop_index("ix_retention_run_status", table_name="retention_run")
    op.drop_table("retention_run")
    op.drop_index("ix_legal_hold_released_at", table_name="legal_hold")
    op.drop_index("ix_legal_hold_case_ref", table_name="legal_hold")
    op.drop_table("legal_hold")
