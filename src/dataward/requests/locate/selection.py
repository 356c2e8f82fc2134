"""The WHERE clause that selects a person's rows in one dataset, built once, used everywhere.

A row belongs to the person when an identity column holds one of the person's values, or
a relation column holds a key of the person's rows in the dataset it matches.

Within one system the keys are read first, with their own indexed query, and bound as an
IN list (``orders.customer_id IN (1, 7)``) while they are few (:data:`INLINE_KEYS`): a
condition such as ``email = :e OR customer_id IN (SELECT ...)`` defeats the planner
(PostgreSQL cannot combine an index scan with a subquery under OR, so it scans the whole
table: 0.9 s on ten million CDRs), whereas ``email = :e OR customer_id IN (1, 7)`` is two
index scans combined, and the planner knows how many rows to expect. A person with more
keys than that keeps a subquery (:mod:`.planner_friendly`), so their ids never travel through
Python. Conditions are built once per request, before anything
is changed, so an erasure that deletes children first still selects by the keys read
while the parents were there. Across systems no database can join, so the keys are read
first (:func:`cross_keys`) and bound as an IN list; erasure persists them before erasing
anything, so a retry still finds rows whose parent is gone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from dataward.inventory.graph import Hop
from dataward.inventory.model import DatasetAddress
from dataward.requests.locate.plan import Step
from dataward.requests.locate.planner_friendly import first_rows, in_keys
from dataward.requests.locate.pool import ConnectorPool

# (dataset address as text, hop column) → the values the hop's source holds for the person.
Keys = dict[str, list[Any]]
# Keys of a same-system relation bound as values up to this many; past it, a subquery.
INLINE_KEYS = 1000


def key_name(address: DatasetAddress, column: str) -> str:
    return f"{address}.{column}"


def coerce(value: Any, column: sa.ColumnClause[Any]) -> Any:
    """A value as the column's Python type ("42" for an integer id, 42 for a text one)."""
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    if python_type is int and isinstance(value, str):
        return int(value) if value.lstrip("-").isdigit() else None
    if python_type is str and not isinstance(value, str):
        return str(value)
    return value


def _values(values: Sequence[Any], column: sa.ColumnClause[Any]) -> list[Any]:
    coerced = {coerce(value, column) for value in values if value is not None}
    coerced.discard(None)
    return sorted(coerced, key=str)


class Selector:
    """Conditions per step for one person: identities by kind, and cross-system keys."""

    def __init__(
        self,
        pool: ConnectorPool,
        steps: Sequence[Step],
        identities: Mapping[str, Sequence[str]],
        keys: Keys | None = None,
        inline_keys: int = INLINE_KEYS,
    ) -> None:
        self.pool = pool
        self.inline_keys = inline_keys
        self.steps = {step.address: step for step in steps}
        self.identities = identities
        self.keys: Keys = dict(keys or {})
        self._conditions: dict[DatasetAddress, sa.ColumnElement[bool] | None] = {}
        self._inline: dict[tuple[DatasetAddress, str], list[Any] | None] = {}

    def table(self, step: Step) -> sa.TableClause:
        return self.pool.table(step.address)

    def condition(self, step: Step) -> sa.ColumnElement[bool] | None:
        """The person's rows in ``step``'s dataset, or None when no condition can match."""
        if step.address not in self._conditions:
            parts = [self.identity_condition(step), self.hop_condition(step)]
            present = [part for part in parts if part is not None]
            self._conditions[step.address] = sa.or_(*present) if present else None
        return self._conditions[step.address]

    def identity_condition(self, step: Step) -> sa.ColumnElement[bool] | None:
        """Rows where an identity column holds one of the person's values."""
        table = self.table(step)
        conditions: list[sa.ColumnElement[bool]] = []
        for column_name, kind in step.identities:
            values = _values(self.identities.get(kind, ()), table.c[column_name])
            if values:
                column = table.c[column_name]
                conditions.append(column == values[0] if len(values) == 1 else column.in_(values))
        return sa.or_(*conditions) if conditions else None

    def hop_condition(self, step: Step) -> sa.ColumnElement[bool] | None:
        """Rows reached through relations: they belong to the person's own rows elsewhere."""
        table = self.table(step)
        found = [self._hop(step, hop, table) for hop in step.hops]
        present = [item for item in found if item is not None]
        return sa.or_(*present) if present else None

    def _hop(self, step: Step, hop: Hop, table: sa.TableClause) -> sa.ColumnElement[bool] | None:
        column = table.c[hop.column]
        source = self.steps[hop.source.dataset_address]
        if source.system == step.system:
            inner = self.condition(source)
            if inner is None:
                return None
            values = self._same_system_keys(source, hop.source.column, inner)
            if values is not None:
                coerced = _values(values, column)
                return column.in_(coerced) if coerced else None
            source_table = self.table(source)
            return in_keys(column, sa.select(source_table.c[hop.source.column]).where(inner))
        values = _values(self.keys.get(key_name(step.address, hop.column), ()), column)
        return column.in_(values) if values else None

    def _same_system_keys(
        self, source: Step, column_name: str, condition: sa.ColumnElement[bool]
    ) -> list[Any] | None:
        """The person's values of ``source.column_name``, or None when over ``inline_keys``."""
        key = (source.address, column_name)
        if key not in self._inline:
            column = self.table(source).c[column_name]
            # No DISTINCT: it would read all the person's rows before the first key, where
            # this stops after inline_keys + 1 of them. Duplicates are dropped here.
            statement = sa.select(column).where(condition, column.is_not(None))
            limit = self.inline_keys + 1
            found = self.pool.connector(source.system).rows(first_rows(statement, limit))
            values = [next(iter(row.values())) for row in found]
            inline = len(values) <= self.inline_keys
            self._inline[key] = sorted(set(values), key=str) if inline else None
        return self._inline[key]

    def learn(self, step: Step, rows: Sequence[Mapping[str, Any]]) -> None:
        """Keep the key values children need from ``step``'s rows, which the caller has read
        in full (an export reads every dataset, parents first): each saves a query."""
        for child in self.steps.values():
            for hop in child.hops:
                if hop.source.dataset_address != step.address:
                    continue
                values = {row[hop.source.column] for row in rows} - {None}
                known = sorted(values, key=str) if len(values) <= self.inline_keys else None
                self._inline[(step.address, hop.source.column)] = known

    def rows(self, step: Step) -> sa.Select[Any] | None:
        condition = self.condition(step)
        return None if condition is None else sa.select(self.table(step)).where(condition)

    def learnt(self, hop: Hop) -> list[Any] | None:
        """The hop's source values when known from rows read before (see :meth:`learn`)."""
        return self._inline.get((hop.source.dataset_address, hop.source.column))

    def cross_hops(self, step: Step) -> list[Hop]:
        return [hop for hop in step.hops if hop.source.system != step.system]

    def source_values(self, hop: Hop) -> sa.Select[Any] | None:
        """SELECT DISTINCT of the hop's source column over the person's source rows."""
        source = self.steps[hop.source.dataset_address]
        condition = self.condition(source)
        if condition is None:
            return None
        column = self.table(source).c[hop.source.column]
        return sa.select(column).where(condition, column.is_not(None)).distinct()


def cross_keys(selector: Selector, step: Step, limit: int) -> Keys:
    """Read the keys ``step`` needs from other systems (raises ConnectorError when down)."""
    found: Keys = {}
    for hop in selector.cross_hops(step):
        known = selector.learnt(hop)
        values: list[Any] = list(known or ())
        statement = selector.source_values(hop) if known is None else None
        if statement is not None:
            connector = selector.pool.connector(hop.source.system)
            # Few rows: a plain query, not a server-side cursor (three round trips).
            rows = connector.rows(first_rows(statement, limit + 1))
            values.extend(next(iter(row.values())) for row in rows)
        if len(values) > limit:
            raise ValueError(f"{step.address}.{hop.column}: more than {limit} keys to follow")
        name = key_name(step.address, hop.column)
        found[name] = sorted({*found.get(name, []), *values}, key=str)
    selector.keys.update(found)
    return found
