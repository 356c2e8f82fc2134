"""The web layer: staff users (password logins), their sessions, preference-link counts.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _time(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "staff_user",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("role", sa.String(30), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        _time("created_at"),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        _time("locked_until", nullable=True),
        _time("disabled_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_user")),
        sa.UniqueConstraint("name", name=op.f("uq_staff_user_name")),
    )
    op.create_table(
        "web_session",
        sa.Column("id_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        _time("created_at"),
        _time("expires_at"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["staff_user.id"], name=op.f("fk_web_session_user_id_staff_user")
        ),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_web_session")),
    )
    op.create_index("ix_web_session_user_id", "web_session", ["user_id"])
    op.create_table(
        "web_link_request",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("contact_digest", sa.String(64), nullable=False),
        sa.Column("client_digest", sa.String(64), nullable=False),
        _time("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_link_request")),
    )
    op.create_index(
        "ix_web_link_request_contact", "web_link_request", ["contact_digest", "created_at"]
    )
    op.create_index(
        "ix_web_link_request_client", "web_link_request", ["client_digest", "created_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_web_link_request_client", table_name="web_link_request")
    op.drop_index("ix_web_link_request_contact", table_name="web_link_request")
    op.drop_table("web_link_request")
    op.drop_index("ix_web_session_user_id", table_name="web_session")
    op.drop_table("web_session")
    op.drop_table("staff_user")
