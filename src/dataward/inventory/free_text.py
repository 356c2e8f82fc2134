"""Free-text columns as an erasure searches them, and the indexes that let PostgreSQL do so.

An erasure looks for the person's email, surname and phone in every free-text column
(``free_text: true``) of a controller dataset. On PostgreSQL the search is written on two
expressions that a GIN trigram index (extension ``pg_trgm``) can serve: the lower-cased
text, and the text's digits alone (``091 123-4567`` → ``0911234567``), so a phone in any
formatting is one ``LIKE '%911234567%'``. Each expression is defined once, here: the
planner uses an expression index only when the query repeats the indexed expression
exactly, so the query, ``inventory check``'s advice and the demo's indexes all take it
from this module.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateIndex

from dataward.inventory.connectors.base import TableInfo
from dataward.inventory.model import Dataset
from dataward.inventory.query import index_name, index_table
from dataward.policy.model import Policy, Role

TRIGRAM_EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm;"
TRIGRAM_OPS = "gin_trgm_ops"
# PostgreSQL shows an indexed expression with the casts it inferred (``lower(subject::text)``).
_CASTS = re.compile(r"::text\b")

Expression = Callable[[sa.ColumnElement[Any]], sa.ColumnElement[str]]


def lowered(column: sa.ColumnElement[Any]) -> sa.ColumnElement[str]:
    """The text in lower case: emails and surnames are matched on it, in any case."""
    return sa.func.lower(column)


def digits(column: sa.ColumnElement[Any]) -> sa.ColumnElement[str]:
    """The text's digits alone (PostgreSQL only). The arguments are literals, not bound
    parameters: the query's expression must equal the index's for the planner to use it."""
    return sa.func.regexp_replace(
        column, sa.literal_column("'[^0-9]+'"), sa.literal_column("''"), sa.literal_column("'g'")
    )


# Index name suffix → expression, in the order the indexes are advised and built.
TRIGRAM_EXPRESSIONS: dict[str, Expression] = {"trgm": lowered, "digits_trgm": digits}


def processor_only(policy: Policy, activities: Iterable[str]) -> bool:
    """True when every activity is done as a processor: the content is the customer's to
    decide on, and an erasure leaves it alone."""
    roles = {policy.activity(activity).role for activity in activities}
    return bool(roles) and roles == {Role.processor}


def searched_columns(policy: Policy, dataset: Dataset) -> tuple[str, ...]:
    """The free-text columns of ``dataset`` an erasure searches (none in processor data)."""
    if processor_only(policy, dataset.activities):
        return ()
    return tuple(name for name, column in dataset.columns.items() if column.free_text)


def _trigram_index(table: sa.Table, column: str, suffix: str, dialect: sa.Dialect) -> sa.Index:
    name = index_name(table.name, f"{column}_{suffix}", dialect.max_identifier_length or 63)
    expression = TRIGRAM_EXPRESSIONS[suffix](table.c[column]).label(suffix)
    return sa.Index(name, expression, postgresql_using="gin", postgresql_ops={suffix: TRIGRAM_OPS})


def trigram_indexes(table: sa.Table, column: str, dialect: sa.Dialect) -> list[sa.Index]:
    """The GIN trigram indexes for a searched column, one per expression; PostgreSQL only
    (SQLite and MariaDB have no such index, and their search stays a scan)."""
    if dialect.name != "postgresql":
        return []
    return [_trigram_index(table, column, suffix, dialect) for suffix in TRIGRAM_EXPRESSIONS]


def _normalised(expression: str) -> str:
    return _CASTS.sub("", expression)


@functools.cache
def _shown(column: str, suffix: str) -> str:
    """The indexed expression on ``column`` as PostgreSQL shows it, without its casts.
    Compiled on a bare column (an index shows it without the table name), once per column:
    an erasure asks for every free-text column it searches."""
    expression = TRIGRAM_EXPRESSIONS[suffix](sa.column(column))
    return _normalised(str(expression.compile(dialect=postgresql.dialect())))


def _missing_suffixes(info: TableInfo, column: str) -> list[str]:
    """The trigram expressions of ``column`` no index of ``info`` serves: an existing index
    counts whatever its name, when it is a GIN ``gin_trgm_ops`` index on the same one."""
    present = {
        _normalised(expression)
        for index in info.indexes
        if index.method == "gin"
        for expression, operator_class in index.expressions
        if operator_class == TRIGRAM_OPS
    }
    return [suffix for suffix in TRIGRAM_EXPRESSIONS if _shown(column, suffix) not in present]


def missing_trigram_indexes(info: TableInfo, column: str, dialect: sa.Dialect) -> list[str]:
    """CREATE INDEX statements for the trigram indexes ``column`` lacks (PostgreSQL only)."""
    if dialect.name != "postgresql":
        return []
    table = index_table(info)
    statements = []
    for suffix in _missing_suffixes(info, column):
        index = _trigram_index(table, column, suffix, dialect)
        statements.append(str(CreateIndex(index).compile(dialect=dialect)).strip() + ";")
    return statements


def trigram_indexed(info: TableInfo, columns: Iterable[str], dialect: sa.Dialect) -> bool:
    """True when every one of ``columns`` has its trigram indexes (PostgreSQL only)."""
    return dialect.name == "postgresql" and not any(
        _missing_suffixes(info, column) for column in columns
    )
