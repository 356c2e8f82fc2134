"""The exact SQL of each statement, per dialect: identifiers quoted, values bound."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.dialects.postgresql.base import PGDialect

from dataward.inventory.connectors.base import ColumnInfo, TableInfo, TableRef
from dataward.inventory.graph import Hop, LookupStep
from dataward.inventory.identity import Identity
from dataward.inventory.model import ColumnAddress, DatasetAddress
from dataward.inventory.query import create_index, index_name, person_select

CDR = TableInfo(
    TableRef("call-records", "telco"),
    (
        ColumnInfo("id", sa.BigInteger()),
        ColumnInfo("destination_number", sa.String(20)),
        ColumnInfo("customer_id", sa.Integer()),
        ColumnInfo("sent_at", sa.DateTime()),
        ColumnInfo("body", sa.Text()),
    ),
)
STEP = LookupStep(
    DatasetAddress("lake", "cdr"),
    ("destination_number",),
    (Hop("customer_id", ColumnAddress("billing", "customers", "id")),),
)
PHONE = Identity("phone", "+385911234567")

DIALECTS = {
    "sqlite": sqlite.pysqlite.dialect(),
    "postgresql": postgresql.psycopg.dialect(),
    "mariadb": mysql.pymysql.dialect(),
    "duckdb": PGDialect(paramstyle="qmark"),
}
LOOKUP_SQL = {
    "sqlite": (
        'SELECT telco."call-records".id, telco."call-records".destination_number, '
        'telco."call-records".customer_id, telco."call-records".sent_at, '
        'telco."call-records".body \nFROM telco."call-records" \n'
        'WHERE telco."call-records".destination_number = ? '
        'OR telco."call-records".customer_id IN (__[POSTCOMPILE_keys_1])'
    ),
    "postgresql": (
        'SELECT telco."call-records".id, telco."call-records".destination_number, '
        'telco."call-records".customer_id, telco."call-records".sent_at, '
        'telco."call-records".body \nFROM telco."call-records" \n'
        'WHERE telco."call-records".destination_number = %(identity_1)s::VARCHAR '
        'OR telco."call-records".customer_id IN (__[POSTCOMPILE_keys_1])'
    ),
    "mariadb": (
        "SELECT telco.`call-records`.id, telco.`call-records`.destination_number, "
        "telco.`call-records`.customer_id, telco.`call-records`.sent_at, "
        "telco.`call-records`.body \nFROM telco.`call-records` \n"
        "WHERE telco.`call-records`.destination_number = %s "
        "OR telco.`call-records`.customer_id IN (__[POSTCOMPILE_keys_1])"
    ),
    "duckdb": (
        'SELECT telco."call-records".id, telco."call-records".destination_number, '
        'telco."call-records".customer_id, telco."call-records".sent_at, '
        'telco."call-records".body \nFROM telco."call-records" \n'
        'WHERE telco."call-records".destination_number = ? '
        'OR telco."call-records".customer_id IN (__[POSTCOMPILE_keys_1])'
    ),
}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_person_lookup_sql_per_dialect(dialect: str) -> None:
    statement = person_select(CDR.as_table(), STEP, PHONE, {"customer_id": [7, 3, 7, None]})
    assert statement is not None
    compiled = statement.compile(dialect=DIALECTS[dialect])
    assert str(compiled) == LOOKUP_SQL[dialect]
    # The normalised value and the keys are bound parameters, never part of the text.
    assert compiled.params == {"identity_1": "+385911234567", "keys_1": [3, 7]}


def test_the_identity_alone_when_no_keys_were_found() -> None:
    statement = person_select(CDR.as_table(), STEP, PHONE, {})
    assert statement is not None
    assert str(statement.compile(dialect=DIALECTS["sqlite"])).endswith(
        'WHERE telco."call-records".destination_number = ?'
    )


def test_no_statement_when_nothing_can_match() -> None:
    assert person_select(CDR.as_table(), STEP, None, {"customer_id": [None]}) is None


def test_identifiers_are_coerced_to_the_column_type() -> None:
    step = LookupStep(DatasetAddress("lake", "cdr"), ("customer_id",), ())
    statement = person_select(CDR.as_table(), step, Identity("customer_id", "42"))
    assert statement is not None
    assert statement.compile().params == {"identity_1": 42}
    # A value that cannot be in an integer column matches nothing: no statement at all.
    assert person_select(CDR.as_table(), step, Identity("customer_id", "C-42")) is None


CREATE_INDEX = {
    # SQLite names the schema (an attached database) on the index, not on the table.
    "sqlite": 'CREATE INDEX telco.ix_call_records_sent_at ON "call-records" (sent_at);',
    "postgresql": 'CREATE INDEX ix_call_records_sent_at ON telco."call-records" (sent_at);',
    "mariadb": "CREATE INDEX ix_call_records_sent_at ON telco.`call-records` (sent_at);",
}


@pytest.mark.parametrize("dialect", CREATE_INDEX)
def test_create_index_statement_per_dialect(dialect: str) -> None:
    assert create_index(CDR, "sent_at", DIALECTS[dialect]) == CREATE_INDEX[dialect]


def test_text_columns_get_a_prefix_index_on_mariadb() -> None:
    assert create_index(CDR, "body", DIALECTS["mariadb"]) == (
        "CREATE INDEX ix_call_records_body ON telco.`call-records` (body(191));"
    )


def test_long_index_names_are_shortened_with_a_digest() -> None:
    name = index_name("t" * 60, "c" * 30, 63)
    assert len(name) == 63
    assert name != index_name("t" * 60, "c" * 31, 63)
