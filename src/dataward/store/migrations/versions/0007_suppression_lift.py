"""Suppression entries can be lifted by a fresh consent; the lifted entry stays as history.

``suppression_list`` gets ``lifted_at``; its unique constraint on ``contact_hash`` becomes a
partial unique index over the entries not lifted (one active entry per contact, any number
of lifted ones). ``suppression_lift`` records each lift with the consent event that proves it.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
ACTIVE = sa.text("lifted_at IS NULL")


def upgrade() -> None:
    # SQLite cannot drop a constraint in place: batch mode copies the table (AUTOINCREMENT
    # kept, so ids stay monotonic for the readers that fetch only new rows).
    with op.batch_alter_table(
        "suppression_list", table_kwargs={"sqlite_autoincrement": True}
    ) as batch:
        batch.add_column(sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True))
        batch.drop_constraint("uq_suppression_list_contact_hash", type_="unique")
    op.create_index(
        "uq_suppression_list_active",
        "suppression_list",
        ["contact_hash"],
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    )
    op.create_table(
        "suppression_lift",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("entry_id", ID, nullable=False),
        sa.Column("contact_hash", sa.LargeBinary(32), nullable=False),
        sa.Column("consent_event_id", ID, nullable=False),
        sa.Column("purpose", sa.String(64), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["suppression_list.id"],
            name=op.f("fk_suppression_lift_entry_id_suppression_list"),
        ),
        sa.ForeignKeyConstraint(
            ["consent_event_id"],
            ["consent_event.id"],
            name=op.f("fk_suppression_lift_consent_event_id_consent_event"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suppression_lift")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("suppression_lift")
    op.drop_index("uq_suppression_list_active", table_name="suppression_list")
    # The old unique constraint allows one entry per contact: lifted history cannot stay.
    op.execute(sa.text("DELETE FROM suppression_list WHERE lifted_at IS NOT NULL"))
    with op.batch_alter_table(
        "suppression_list", table_kwargs={"sqlite_autoincrement": True}
    ) as batch:
        batch.drop_column("lifted_at")
        batch.create_unique_constraint("uq_suppression_list_contact_hash", ["contact_hash"])
