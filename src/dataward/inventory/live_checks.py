"""Checks of an inventory against the live systems: reachable, tables, columns, indexes.

Each system is opened once; a system that cannot be reached yields one finding naming
it (URL masked) and its datasets are skipped. A column that a lookup or a retention run
filters on without an index is reported with the CREATE INDEX statement that fixes it,
compiled by SQLAlchemy for that database's dialect. On PostgreSQL, a free-text column an
erasure searches without its trigram indexes is a warning with the statements to add
(see :mod:`dataward.inventory.free_text`): the search still works, by reading the table.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from dataward.inventory.connectors.base import Connector, ConnectorError, TableInfo
from dataward.inventory.connectors.registry import ConnectorRegistry
from dataward.inventory.findings import Finding, Severity
from dataward.inventory.free_text import (
    TRIGRAM_EXTENSION,
    missing_trigram_indexes,
    searched_columns,
)
from dataward.inventory.lookup import table_ref
from dataward.inventory.model import Dataset, DatasetAddress, Inventory, System
from dataward.inventory.query import create_index
from dataward.policy.model import Policy

Tables = dict[DatasetAddress, TableInfo]


def _dataset_findings(
    system: System, connector: Connector, tables: Tables, inventory: Inventory, policy: Policy
) -> Iterator[Finding]:
    for dataset in system.datasets:
        address = DatasetAddress(system.name, dataset.name)
        where = {"system": system.name, "dataset": dataset.name}
        ref = table_ref(inventory, address)
        info = connector.describe(ref)
        if info is None:
            yield Finding(Severity.error, "missing-table", f"table {ref} does not exist", **where)
            continue
        tables[address] = info
        missing = sorted({name for _, name in dataset.used_columns() if not info.column(name)})
        for name in missing:
            message = f"column {name!r} does not exist in table {ref}"
            yield Finding(Severity.error, "missing-column", message, **where)
        if not connector.supports_indexes:
            continue
        advised: set[str] = set()
        for path, name in dataset.indexed_columns():
            if name in missing or name in advised or info.is_indexed(name):
                continue
            advised.add(name)
            role = {"identities": "identity", "relations": "relation", "anchors": "anchor"}
            message = f"{role[str(path[0])]} column {name!r} has no index"
            fix = create_index(info, name, connector.dialect)
            yield Finding(Severity.error, "missing-index", message, fix=fix, **where)
        yield from _text_index_findings(dataset, info, connector, policy, where)


def _text_index_findings(
    dataset: Dataset, info: TableInfo, connector: Connector, policy: Policy, where: dict[str, str]
) -> Iterator[Finding]:
    """A warning per searched free-text column without its trigram indexes: an erasure
    still finds the person's mentions there, by reading every row of the table."""
    for name in searched_columns(policy, dataset):
        if info.column(name) is None:  # reported above
            continue
        statements = missing_trigram_indexes(info, name, connector.dialect)
        if statements:
            message = f"free-text column {name!r} has no trigram index: erasure reads the table"
            fix = "\n".join([TRIGRAM_EXTENSION, *statements])
            yield Finding(Severity.warning, "missing-text-index", message, fix=fix, **where)


def _relation_findings(inventory: Inventory, tables: Tables) -> Iterator[Finding]:
    for address, dataset in inventory.datasets():
        for relation in dataset.relations:
            target = relation.target(address.system)
            info = tables.get(target.dataset_address)
            if info is not None and info.column(target.column) is None:
                message = f"relation {relation.column} matches {relation.matches}: no such column"
                yield Finding(
                    Severity.error,
                    "missing-column",
                    message,
                    system=address.system,
                    dataset=address.dataset,
                )


def check_systems(
    inventory: Inventory,
    policy: Policy,
    registry: ConnectorRegistry,
    environ: Mapping[str, str] | None = None,
) -> list[Finding]:
    findings: list[Finding] = []
    tables: Tables = {}
    for system in inventory.systems:
        try:
            connector = registry.connector(system, environ)
            connector.open()
        except ConnectorError as error:
            message = f"unreachable: {error}"
            findings.append(Finding(Severity.error, "unreachable", message, system=system.name))
            continue
        try:
            findings.extend(_dataset_findings(system, connector, tables, inventory, policy))
        finally:
            connector.close()
    findings.extend(_relation_findings(inventory, tables))
    return findings
