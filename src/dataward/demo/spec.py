"""How a system of the demo is described: its tables, their rows, and their inventory entry.

A table is declared once, column by column, with the SQL type next to the policy data
category. The same declaration creates the table, writes its inventory dataset and
decides its indexes (every identity, relation and anchor column), so the database and
the inventory that describes it cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlalchemy as sa

# Column types, shared by every system.
INT = sa.Integer()
TS = sa.DateTime()
DAY = sa.Date()
BOOL = sa.Boolean()
TEXT = sa.Text()


def varchar(length: int) -> sa.String:
    return sa.String(length)


Row = tuple[Any, ...]
Batch = tuple[str, list[Row]]  # (table name, rows in column order)
BATCH_ROWS = 50_000


@dataclass(frozen=True)
class Col:
    """A column: its SQL type and, for personal data, its policy data category."""

    name: str
    type: sa.types.TypeEngine[Any]
    category: str | None = None
    erasure: str | None = None
    free_text: bool = False
    description: str | None = None

    def annotation(self) -> dict[str, Any]:
        entry: dict[str, Any] = {}
        if self.category:
            entry["category"] = self.category
        if self.erasure:
            entry["erasure"] = self.erasure
        if self.free_text:
            entry["free_text"] = True
        if self.description:
            entry["description"] = self.description
        return entry


def identity(column: str, kind: str, subject: str | None = None) -> dict[str, str]:
    return {"column": column, "kind": kind} | ({"subject": subject} if subject else {})


def relation(column: str, matches: str, subject: str | None = None) -> dict[str, str]:
    return {"column": column, "matches": matches} | ({"subject": subject} if subject else {})


def make_table(metadata: sa.MetaData, name: str, columns: Sequence[Col]) -> sa.Table:
    """The table of a spec: an integer ``id`` primary key, then the declared columns."""
    table_columns = [sa.Column("id", sa.Integer, primary_key=True, autoincrement=False)]
    table_columns += [sa.Column(column.name, column.type) for column in columns]
    return sa.Table(name, metadata, *table_columns)


class RowSource(Protocol):
    """A share of some tables' rows that a worker process produces on its own.

    It must pickle (it crosses into a new interpreter), so it carries what the rows are
    drawn from (the seed, the scale, which share), never the rows or the world itself.
    """

    def batches(self) -> Iterator[Batch]: ...


@dataclass
class TableSpec:
    """One table: ``id`` first, then ``columns``; rows come as tuples in that order.

    ``split(n)``, when set, gives the rows of this table (and of tables it fills along
    with it) as ``n`` independent sources, in id order, for ``n`` worker processes.
    """

    name: str
    description: str
    columns: Sequence[Col]
    activities: Sequence[str]
    count: int
    batches: Callable[[], Iterator[Batch]] | None = None
    identities: Sequence[dict[str, str]] = ()
    relations: Sequence[dict[str, str]] = ()
    anchors: dict[str, str] = field(default_factory=dict)
    conditions: dict[str, str] = field(default_factory=dict)
    date_of_birth: str | None = None
    erasure: str | None = None
    split: Callable[[int], list[RowSource]] | None = None

    def table(self, metadata: sa.MetaData) -> sa.Table:
        return make_table(metadata, self.name, self.columns)

    def indexed(self) -> list[str]:
        """Columns that lookups and retention filter on, in a stable order, each once."""
        names = [item["column"] for item in (*self.identities, *self.relations)]
        names += list(self.anchors.values())
        return [name for index, name in enumerate(names) if name not in names[:index]]

    def dataset(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "name": self.name,
            "description": self.description,
            "activities": list(self.activities),
            "primary_key": ["id"],
        }
        optional = {
            "identities": list(self.identities),
            "relations": list(self.relations),
            "anchors": dict(self.anchors),
            "conditions": dict(self.conditions),
            "date_of_birth": self.date_of_birth,
            "erasure": self.erasure,
        }
        entry |= {key: value for key, value in optional.items() if value}
        entry["columns"] = {column.name: column.annotation() for column in self.columns}
        return entry


def rows_of(name: str, rows: list[Row]) -> Callable[[], Iterator[Batch]]:
    """Batches of an already generated list of rows."""

    def batches() -> Iterator[Batch]:
        for start in range(0, len(rows), BATCH_ROWS):
            yield name, rows[start : start + BATCH_ROWS]

    return batches


def listed(
    name: str, description: str, columns: Sequence[Col], rows: list[Row], **kw: Any
) -> TableSpec:
    """A table whose rows are generated up front (everything but the traffic tables)."""
    return TableSpec(name, description, columns, count=len(rows), batches=rows_of(name, rows), **kw)


@dataclass
class SystemSpec:
    name: str
    description: str
    tables: list[TableSpec]
    handled_outside: list[dict[str, str]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(table.count for table in self.tables)

    def batches(self, skip: Sequence[TableSpec] = ()) -> Iterator[Batch]:
        """Every table's rows in order; ``skip`` tables that workers fill instead."""
        for table in self.tables:
            if table.batches is not None and table not in skip:
                yield from table.batches()
