"""Legal holds inside the SQL: a TEMPORARY table of held keys on each system's connection.

At the start of a run (or plan) the active holds become rows ``(kind, value)``:

- a subject hold (``email`` ana@example.com) holds ``id:email`` = the value, matched
  against the dataset's identity columns of that kind;
- a customer hold is a subject hold of kind ``customer_id``;
- either is also *resolved* through the inventory's relations: the held person's rows in
  datasets that other datasets point at yield keys ``ref:<system.dataset.column>`` (her
  ``customers.id``), matched against the relation columns that point there (the CDRs'
  ``customer_id``). Resolution reads at most ``limit`` rows per dataset by indexed lookup.
- a dataset hold skips the dataset's steps altogether; their due rows count as held.

Statements then carry ``NOT EXISTS (SELECT 1 FROM dataward_held WHERE kind = … AND value =
t.col)`` per column (see :mod:`dataward.retention.compile`): held rows are never read into
Python, and a released hold simply is not in the table at the next run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from dataward.holds.models import HoldScope, LegalHold
from dataward.inventory.graph import plan_lookup
from dataward.inventory.identity import Identity
from dataward.inventory.model import ColumnAddress, DatasetAddress, Inventory
from dataward.inventory.query import person_select
from dataward.retention.scope import identity_kind, reference_kind

HELD_TABLE = "dataward_held"

# Reads the rows of one select on the system of a dataset.
Reader = Callable[[DatasetAddress, Callable[[sa.TableClause], sa.Select[Any] | None]], list[Any]]


@dataclass(frozen=True)
class HeldKey:
    kind: str
    value: str


@dataclass(frozen=True)
class HeldSet:
    keys: frozenset[HeldKey]
    datasets: frozenset[DatasetAddress]

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(key.kind for key in self.keys)


def held_table() -> sa.Table:
    """The per-connection table of held keys; TEMPORARY, so each run sees only its own."""
    metadata = sa.MetaData()
    table = sa.Table(
        HELD_TABLE,
        metadata,
        sa.Column("kind", sa.String(120), nullable=False),
        sa.Column("value", sa.String(500), nullable=False),
        prefixes=["TEMPORARY"],
    )
    sa.Index(f"ix_{HELD_TABLE}", table.c.kind, table.c.value)
    return table


def _targets(inventory: Inventory) -> dict[DatasetAddress, set[str]]:
    """Columns other datasets point at, per dataset: what a hold must resolve."""
    targets: dict[DatasetAddress, set[str]] = {}
    for address, dataset in inventory.datasets():
        for relation in dataset.relations:
            target = relation.target(address.system)
            targets.setdefault(target.dataset_address, set()).add(target.column)
    return targets


def _direct(inventory: Inventory, kind: str, value: str) -> Iterable[HeldKey]:
    """A key column that is itself an identity of the held kind needs no lookup."""
    yield HeldKey(identity_kind(kind), value)
    for address, dataset in inventory.datasets():
        for identity in dataset.identities:
            if identity.kind == kind:
                target = ColumnAddress(address.system, address.dataset, identity.column)
                yield HeldKey(reference_kind(target), value)


def _resolve(
    inventory: Inventory, identity: Identity, read: Reader, limit: int
) -> Iterable[HeldKey]:
    targets = _targets(inventory)
    found: dict[ColumnAddress, list[Any]] = {}
    for step in plan_lookup(inventory, identity.kind):
        needed = sorted(targets.get(step.address, ()))
        if not needed:
            continue
        keys: dict[str, list[Any]] = {}
        for hop in step.hops:
            keys.setdefault(hop.column, []).extend(found.get(hop.source, []))

        def build(
            table: sa.TableClause, step: Any = step, keys: Any = keys, needed: Any = needed
        ) -> Any:
            statement = person_select(table, step, identity, keys)
            if statement is None:
                return None
            columns = [table.c[name] for name in needed]
            return statement.with_only_columns(*columns).distinct().limit(limit)

        for row in read(step.address, build):
            for name in needed:
                value = row._mapping[name]
                if value is not None:
                    column = ColumnAddress(step.address.system, step.address.dataset, name)
                    found.setdefault(column, []).append(value)
    for column, values in found.items():
        for value in values:
            yield HeldKey(reference_kind(column), str(value))


def held_set(
    holds: Sequence[LegalHold], inventory: Inventory, read: Reader, limit: int = 10_000
) -> HeldSet:
    keys: set[HeldKey] = set()
    datasets: set[DatasetAddress] = set()
    for hold in holds:
        if hold.scope == HoldScope.dataset.value:
            system, _, dataset = hold.value.partition(".")
            datasets.add(DatasetAddress(system, dataset))
            continue
        keys.update(_direct(inventory, hold.kind, hold.value))
        keys.update(_resolve(inventory, Identity(hold.kind, hold.value), read, limit))
    return HeldSet(frozenset(keys), frozenset(datasets))


def install(connection: sa.Connection, held: HeldSet) -> sa.Table:
    """(Re)create the temporary table on ``connection`` and fill it; the caller commits."""
    table = held_table()
    table.drop(connection, checkfirst=True)
    table.create(connection)
    rows = [{"kind": key.kind, "value": key.value} for key in sorted(held.keys, key=str)]
    if rows:
        connection.execute(table.insert(), rows)
    return table
