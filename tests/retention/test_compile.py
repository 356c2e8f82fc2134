"""The exact SQL of compiled steps, per dialect: bare columns against bound cutoffs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql, sqlite

from dataward.inventory.connectors.base import TableRef
from dataward.inventory.model import DatasetAddress
from dataward.retention.compile import (
    Holds,
    Target,
    Visited,
    batch_end,
    bound_value,
    delete_limited,
    delete_range,
    mark_visited,
    null_range,
    select_batch,
)
from dataward.retention.held import held_table
from dataward.retention.redaction import visited_table
from dataward.retention.sqlite import SqliteTimestamp, adapt
from dataward.retention.steps import Cutoff, HoldColumn, Step, StepAction, StepKey, Via

CDRS = sa.table(
    "cdrs",
    sa.column("id", sa.Integer),
    sa.column("sent_at", sa.DateTime),
    sa.column("end_user_phone", sa.String(20)),
    sa.column("end_user_email", sa.String(254)),
    sa.column("customer_id", sa.Integer),
)
HOLDS = Holds(held_table(), frozenset({"id:phone", "ref:messaging.customers.id"}))
HELD_COLUMNS = (
    HoldColumn("end_user_phone", "id:phone"),
    HoldColumn("customer_id", "ref:messaging.customers.id"),
)


def _step(action: StepAction, cutoff: datetime, columns: tuple[str, ...] = ()) -> Step:
    return Step(
        key=StepKey("cdr_rule", DatasetAddress("messaging", "cdrs")),
        activity="traffic_data",
        action=action,
        table=TableRef("cdrs"),
        cutoff=Cutoff("sent_at", cutoff),
        period="",
        columns=columns,
        holds=HELD_COLUMNS,
    )


DELETE = Target(_step(StepAction.delete, datetime(2016, 1, 1, tzinfo=UTC)), CDRS, ("id",))
NULL = Target(
    _step(StepAction.null, datetime(2025, 3, 1, tzinfo=UTC), ("end_user_phone", "end_user_email")),
    CDRS,
    ("id",),
)
PROBES_PG = (
    "NOT (EXISTS (SELECT 1 \nFROM dataward_held \n"
    "WHERE dataward_held.kind = %(held_kind_1)s::VARCHAR "
    "AND dataward_held.value = cdrs.end_user_phone)) "
    "AND NOT (EXISTS (SELECT 1 \nFROM dataward_held \n"
    "WHERE dataward_held.kind = %(held_kind_2)s::VARCHAR "
    "AND dataward_held.value = CAST(cdrs.customer_id AS VARCHAR)))"
)


def _sql(statement: sa.ClauseElement, dialect: sa.Dialect) -> tuple[str, dict[str, object]]:
    compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    return str(compiled), dict(compiled.params)


def test_delete_range_postgresql() -> None:
    upto = (datetime(2015, 6, 1, 8), 4242)
    statement = delete_range(DELETE, HOLDS, "postgresql", None, upto)
    sql, params = _sql(statement, postgresql.dialect())
    assert sql == (
        "DELETE FROM cdrs WHERE cdrs.sent_at < %(cutoff)s::TIMESTAMP WITHOUT TIME ZONE AND "
        + PROBES_PG
        + " AND cdrs.sent_at <= %(upto_0)s::TIMESTAMP WITHOUT TIME ZONE "
        "AND (cdrs.sent_at < %(upto_0)s::TIMESTAMP WITHOUT TIME ZONE "
        "OR cdrs.id <= %(upto_1)s::INTEGER)"
    )
    assert params == {
        "cutoff": datetime(2016, 1, 1),  # naive UTC for a timestamp without time zone
        "held_kind_1": "id:phone",
        "held_kind_2": "ref:messaging.customers.id",
        "upto_0": datetime(2015, 6, 1, 8),
        "upto_1": 4242,
    }


def test_batch_end_sqlite_reads_one_row_at_the_batch_boundary() -> None:
    after = (datetime(2015, 6, 1, 8), 4242)
    sql, params = _sql(batch_end(DELETE, HOLDS, "sqlite", 500, after), sqlite.dialect())
    assert sql == (
        "SELECT cdrs.sent_at, cdrs.id \nFROM cdrs \n"
        "WHERE cdrs.sent_at < ? AND NOT (EXISTS (SELECT 1 \nFROM dataward_held \n"
        "WHERE dataward_held.kind = ? AND dataward_held.value = cdrs.end_user_phone)) "
        "AND NOT (EXISTS (SELECT 1 \nFROM dataward_held \n"
        "WHERE dataward_held.kind = ? "
        "AND dataward_held.value = CAST(cdrs.customer_id AS VARCHAR))) "
        "AND cdrs.sent_at >= ? AND (cdrs.sent_at > ? OR cdrs.id > ?) "
        "ORDER BY cdrs.sent_at, cdrs.id\n LIMIT ? OFFSET ?"
    )
    assert (params["param_1"], params["param_2"]) == (1, 499)


def test_delete_mariadb_orders_and_limits_the_delete_itself() -> None:
    dialect = mysql.dialect(is_mariadb=True)
    sql, _ = _sql(delete_limited(DELETE, HOLDS, dialect.name, 10_000), dialect)
    # One probe into the TEMPORARY table: MariaDB cannot open it twice in a statement.
    assert sql == (
        "DELETE FROM cdrs WHERE cdrs.sent_at < %s AND NOT (EXISTS (SELECT 1 \n"
        "FROM dataward_held \nWHERE dataward_held.kind = %s AND dataward_held.value = "
        "cdrs.end_user_phone OR dataward_held.kind = %s AND dataward_held.value = "
        "CAST(cdrs.customer_id AS CHAR))) ORDER BY cdrs.sent_at LIMIT 10000"
    )


def test_null_range_postgresql_is_a_keyset_range_of_pending_rows() -> None:
    after = (datetime(2020, 1, 1), 41)
    upto = (datetime(2020, 2, 1), 97)
    sql, params = _sql(null_range(NULL, None, "postgresql", after, upto), postgresql.dialect())
    assert sql == (
        "UPDATE cdrs SET end_user_phone=NULL, end_user_email=NULL "
        "WHERE cdrs.sent_at < %(cutoff)s::TIMESTAMP WITHOUT TIME ZONE "
        "AND (cdrs.end_user_phone IS NOT NULL OR cdrs.end_user_email IS NOT NULL) "
        "AND cdrs.sent_at <= %(upto_0)s::TIMESTAMP WITHOUT TIME ZONE "
        "AND (cdrs.sent_at < %(upto_0)s::TIMESTAMP WITHOUT TIME ZONE "
        "OR cdrs.id <= %(upto_1)s::INTEGER) "
        "AND cdrs.sent_at >= %(after_0)s::TIMESTAMP WITHOUT TIME ZONE "
        "AND (cdrs.sent_at > %(after_0)s::TIMESTAMP WITHOUT TIME ZONE "
        "OR cdrs.id > %(after_1)s::INTEGER)"
    )
    assert params == {
        "cutoff": datetime(2025, 3, 1),
        "upto_0": upto[0],
        "upto_1": 97,
        "after_0": after[0],
        "after_1": 41,
    }


def test_minimum_age_compiles_to_born_after_through_the_parent_account() -> None:
    customers = sa.table("customers", sa.column("id", sa.Integer), sa.column("birth_date", sa.Date))
    step = Step(
        key=StepKey("minimum_age", DatasetAddress("messaging", "cdrs"), "via=customer_id"),
        activity="account_data",
        action=StepAction.delete,
        table=TableRef("cdrs"),
        cutoff=Cutoff("birth_date", date(2010, 3, 15), after=True),
        period="",
        via=Via("customer_id", TableRef("customers"), "id"),
    )
    target = Target(step, CDRS, ("id",), customers)
    sql, params = _sql(delete_range(target, None, "postgresql", (41,), (97,)), postgresql.dialect())
    assert sql == (
        "DELETE FROM cdrs WHERE cdrs.customer_id IN (SELECT customers.id \nFROM customers \n"
        "WHERE customers.birth_date > %(cutoff)s::DATE) "
        "AND cdrs.id <= %(upto_0)s::INTEGER AND cdrs.id > %(after_0)s::INTEGER"
    )
    assert params == {"cutoff": date(2010, 3, 15), "upto_0": 97, "after_0": 41}


def test_cutoffs_are_bound_as_each_column_stores_time() -> None:
    cutoff = datetime(2025, 3, 1, 12, tzinfo=UTC)
    assert bound_value(cutoff, sa.DateTime(timezone=True)) == cutoff
    assert bound_value(cutoff, sa.DateTime()) == datetime(2025, 3, 1, 12)
    # A date column is due when its midnight is before the cutoff: 1 March is, 2 March not.
    assert bound_value(cutoff, sa.Date()) == date(2025, 3, 2)
    assert bound_value(datetime(2025, 3, 1, tzinfo=UTC), sa.Date()) == date(2025, 3, 1)


def test_sqlite_text_timestamps_bind_in_their_shortest_form() -> None:
    table = adapt(CDRS)
    assert isinstance(table.c.sent_at.type, SqliteTimestamp)
    kind = table.c.sent_at.type
    bind = kind.process_bind_param
    dialect = sqlite.dialect()
    # '2016-01-01 00:00:00' (no fraction) must not sort before the cutoff of the same instant.
    assert bind(datetime(2016, 1, 1), dialect) == "2016-01-01 00:00:00"
    assert bind(datetime(2016, 1, 1, 0, 0, 0, 1), dialect) == "2016-01-01 00:00:00.000001"
    assert bind("2015-03-01 10:00:00", dialect) == "2015-03-01 10:00:00"  # a read key: as read


TICKETS = sa.table(
    "tickets",
    sa.column("id", sa.Integer),
    sa.column("part", sa.String(10)),
    sa.column("body", sa.Text),
    sa.column("resolved_at", sa.DateTime),
)
REDACT = Step(
    key=StepKey("support", DatasetAddress("desk", "tickets")),
    activity="account_data",
    action=StepAction.redact,
    table=TableRef("tickets"),
    cutoff=Cutoff("resolved_at", datetime(2019, 3, 15, 12, tzinfo=UTC)),
    period="",
    columns=("body",),
)


def test_redact_batch_postgresql_skips_rows_without_text_and_rows_already_read() -> None:
    visited = Visited(visited_table(), "support@desk.tickets:abc")
    target = Target(REDACT, TICKETS, ("id",), visited=visited)
    statement = select_batch(target, None, "postgresql", 100, None, ("body",)).with_for_update()
    sql, params = _sql(statement, postgresql.dialect())
    assert sql == (
        "SELECT tickets.resolved_at, tickets.id, tickets.body \nFROM tickets \n"
        "WHERE tickets.resolved_at < %(cutoff)s::TIMESTAMP WITHOUT TIME ZONE "
        "AND tickets.body IS NOT NULL AND NOT (EXISTS (SELECT 1 \nFROM dataward_redacted \n"
        "WHERE dataward_redacted.scope = %(visited_scope)s::VARCHAR "
        "AND dataward_redacted.row_key = CAST(tickets.id AS VARCHAR))) "
        "ORDER BY tickets.resolved_at, tickets.id \n LIMIT %(param_1)s::INTEGER FOR UPDATE"
    )
    assert params["visited_scope"] == "support@desk.tickets:abc"


def test_visits_of_a_composite_key_are_one_text_made_by_the_database() -> None:
    target = Target(REDACT, TICKETS, ("id", "part"), visited=Visited(visited_table(), "s"))
    sql, params = _sql(mark_visited(target, [(1, "a"), (2, "b")]), mysql.dialect())
    assert sql == (
        "INSERT INTO dataward_redacted (scope, row_key) SELECT %s AS anon_1, "
        "concat(CAST(tickets.id AS CHAR), %s, tickets.part) AS anon_2 \nFROM tickets \n"
        "WHERE (tickets.id, tickets.part) IN ((%s, %s), (%s, %s))"
    )
    assert params["param_2"] == "\x1f"
