"""Finding a person's rows: run a lookup plan step by step over open connectors.

This is the reference executor (used by tests and the CLI); request fan-out persists the
same plan as one task per step before it reads anything, and runs the steps itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dataward.inventory.connectors.base import Connector, TableRef
from dataward.inventory.graph import LookupStep, plan_lookup
from dataward.inventory.identity import Identity, Normaliser
from dataward.inventory.model import DatasetAddress, Inventory
from dataward.inventory.query import person_select

Rows = list[dict[str, Any]]


class LookupFailed(Exception):
    """A dataset in the plan cannot be read (its table is missing)."""


def table_ref(inventory: Inventory, address: DatasetAddress) -> TableRef:
    dataset = inventory.dataset(address)
    return TableRef(dataset.table_name, dataset.db_schema)


def hop_keys(step: LookupStep, found: Mapping[DatasetAddress, Rows]) -> dict[str, list[Any]]:
    """Each hop column's values, from the rows the lookup found in the hop's source."""
    keys: dict[str, list[Any]] = {}
    for hop in step.hops:
        rows = found.get(hop.source.dataset_address, [])
        keys.setdefault(hop.column, []).extend(row.get(hop.source.column) for row in rows)
    return keys


def find_person(
    inventory: Inventory,
    connectors: Mapping[str, Connector],
    identity: Identity,
    limit: int = 10_000,
) -> dict[DatasetAddress, Rows]:
    """Every row of the person, per dataset, read with one indexed query per dataset.

    Identity columns are expected to hold normalised values (E.164 phones, lower-case
    emails), as dataward writes them. ``connectors`` maps system names to open connectors.
    ``limit`` bounds the rows read from one dataset, so a mis-annotated column cannot pull
    a whole table into memory.
    """
    # Normalising is idempotent, so an already normalised identity passes unchanged, and a
    # raw one ("091 123 4567") is bound in the one form the identity columns hold.
    identity = Normaliser(inventory.identity.default_region).identity(identity.kind, identity.value)
    found: dict[DatasetAddress, Rows] = {}
    for step in plan_lookup(inventory, identity.kind):
        connector = connectors[step.address.system]
        ref = table_ref(inventory, step.address)
        info = connector.describe(ref)
        if info is None:
            raise LookupFailed(f"{step.address}: table {ref} does not exist")
        statement = person_select(info.as_table(), step, identity, hop_keys(step, found))
        if statement is None:
            continue
        rows = connector.rows(statement.limit(limit))
        if rows:
            found[step.address] = rows
    return found
