"""Create the consent tables: ledger and current state, flags, ages, cookie choices, suppression.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Monotonic ids (SQLite: AUTOINCREMENT never reuses an id) let readers fetch only new rows.
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
IDENTITY = sa.String(320)


def _id() -> sa.Column[int]:
    return sa.Column("id", ID, autoincrement=True, nullable=False)


def _time(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "consent_event",
        _id(),
        sa.Column("identity", IDENTITY, nullable=False),
        sa.Column("purpose", sa.String(64), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        _time("occurred_at"),
        _time("recorded_at"),
        _time("expires_at", nullable=True),
        sa.Column("notice_version", sa.String(64), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("channel", sa.String(32), nullable=True),
        sa.CheckConstraint(
            "action IN ('given', 'withdrawn')", name=op.f("ck_consent_event_action")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_event")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_consent_event_subject", "consent_event", ["identity", "purpose", "occurred_at", "id"]
    )
    op.create_table(
        "consent_state",
        sa.Column("identity", IDENTITY, nullable=False),
        sa.Column("purpose", sa.String(64), nullable=False),
        sa.Column("event_id", ID, nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        _time("occurred_at"),
        _time("expires_at", nullable=True),
        _time("ends_at", nullable=True),
        sa.Column("notice_version", sa.String(64), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["consent_event.id"],
            name=op.f("fk_consent_state_event_id_consent_event"),
        ),
        sa.PrimaryKeyConstraint("identity", "purpose", name=op.f("pk_consent_state")),
    )
    op.create_index("ix_consent_state_ends", "consent_state", ["purpose", "ends_at"])
    op.create_table(
        "processing_flag",
        _id(),
        sa.Column("identity", IDENTITY, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("purpose", sa.String(64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        _time("occurred_at"),
        _time("recorded_at"),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("reference", sa.String(200), nullable=True),
        sa.CheckConstraint(
            "kind IN ('objection', 'restriction')", name=op.f("ck_processing_flag_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_processing_flag")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_processing_flag_subject", "processing_flag", ["identity", "occurred_at", "id"]
    )
    op.create_table(
        "age_fact",
        _id(),
        sa.Column("identity", IDENTITY, nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        _time("recorded_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_age_fact")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_age_fact_identity", "age_fact", ["identity", "id"])
    op.create_table(
        "cookie_consent",
        _id(),
        sa.Column("visitor_id", sa.String(64), nullable=False),
        sa.Column("granted", sa.String(500), nullable=False),
        sa.Column("gpc", sa.Boolean(), nullable=False),
        sa.Column("notice_version", sa.String(64), nullable=False),
        _time("recorded_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cookie_consent")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_cookie_consent_visitor", "cookie_consent", ["visitor_id", "id"])
    op.create_table(
        "suppression_list",
        _id(),
        sa.Column("contact_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        _time("recorded_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suppression_list")),
        sa.UniqueConstraint("contact_hash", name=op.f("uq_suppression_list_contact_hash")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("suppression_list")
    op.drop_index("ix_cookie_consent_visitor", table_name="cookie_consent")
    op.drop_table("cookie_consent")
    op.drop_index("ix_age_fact_identity", table_name="age_fact")
    op.drop_table("age_fact")
    op.drop_index("ix_processing_flag_subject", table_name="processing_flag")
    op.drop_table("processing_flag")
    op.drop_index("ix_consent_state_ends", table_name="consent_state")
    op.drop_table("consent_state")
    op.drop_index("ix_consent_event_subject", table_name="consent_event")
    op.drop_table("consent_event")
