"""The WHERE clause that selects a person's rows in one dataset, built once, used everywhere.

A row belongs to the person when an identity column holds one of the person's values, or
a relation column holds a key of the person's rows in the dataset it matches. Within one
system the key set stays in the database as a subquery (``orders.customer_id IN (SELECT
customers.id FROM customers WHERE customers.email = :e)``): no ids travel through Python,
and a set-based UPDATE or DELETE uses the same clause. Across systems no database can
join, so the keys are read first (:func:`cross_keys`) and bound as an IN list; erasure
persists them before erasing anything, so a retry still finds rows whose parent is gone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from dataward.inventory.graph import Hop
from dataward.inventory.model import DatasetAddress
from dataward.requests.locate.plan import Step
from dataward.requests.locate.pool import ConnectorPool

# (dataset address as text, hop column) → the values the hop's source holds for the person.
Keys = dict[str, list[Any]]


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
    ) -> None:
        self.pool = pool
        self.steps = {step.address: step for step in steps}
        self.identities = identities
        self.keys: Keys = dict(keys or {})
        self._conditions: dict[DatasetAddress, sa.ColumnElement[bool] | None] = {}

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
            source_table = self.table(source)
            subquery = sa.select(source_table.c[hop.source.column]).where(inner)
            return column.in_(subquery.scalar_subquery())
        values = _values(self.keys.get(key_name(step.address, hop.column), ()), column)
        return column.in_(values) if values else None

    def rows(self, step: Step) -> sa.Select[Any] | None:
        condition = self.condition(step)
        return None if condition is None else sa.select(self.table(step)).where(condition)

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
        statement = selector.source_values(hop)
        values: list[Any] = []
        if statement is not None:
            connector = selector.pool.connector(hop.source.system)
            # Few rows: a plain query, not a server-side cursor (three round trips).
            rows = connector.rows(statement.limit(limit + 1))
            values.extend(next(iter(row.values())) for row in rows)
        if len(values) > limit:
            raise ValueError(f"{step.address}.{hop.column}: more than {limit} keys to follow")
        name = key_name(step.address, hop.column)
        found[name] = sorted({*found.get(name, []), *values}, key=str)
    selector.keys.update(found)
    return found
