"""The governed databases of one run: one connector and one long-lived connection each.

One connection per system, because the held-keys table is TEMPORARY (it lives on that
connection) and every batch of that system must see it. Table definitions are reflected
once and cached, so statements bind values with each column's real type.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa

from dataward.inventory.connectors.base import ClosesOnExit, Connector, ConnectorError, TableRef
from dataward.inventory.connectors.registry import ConnectorRegistry, default_registry
from dataward.inventory.connectors.sql import SqlConnector
from dataward.inventory.model import DatasetAddress, Inventory
from dataward.retention.compile import Target
from dataward.retention.scope import table_of
from dataward.retention.sqlite import adapt
from dataward.retention.steps import Step

Reflected = tuple[sa.TableClause, tuple[str, ...]]


def _reflect(connector: SqlConnector, schema: str | None) -> dict[str, Reflected]:
    """Columns and primary keys of every table of a schema, in two catalog queries."""
    inspector = sa.inspect(connector.engine)
    columns = inspector.get_multi_columns(schema=schema)
    keys = inspector.get_multi_pk_constraint(schema=schema)
    reflected = {}
    for (_, name), found in columns.items():
        table = sa.table(name, *(sa.column(c["name"], c["type"]) for c in found), schema=schema)
        if connector.dialect.name == "sqlite":
            table = adapt(table)
        primary: dict[str, Any] = dict(keys.get((schema, name)) or {})
        reflected[name] = (table, tuple(primary.get("constrained_columns") or ()))
    return reflected


class Unsupported(Exception):
    """The step's system cannot run retention (not SQL, unreachable, table missing)."""


class Systems(ClosesOnExit):
    def __init__(
        self,
        inventory: Inventory,
        registry: ConnectorRegistry | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.inventory = inventory
        self.registry = registry or default_registry()
        self.environ = environ
        self._connectors: dict[str, Connector] = {}
        self._connections: dict[str, sa.Connection] = {}
        self._schemas: dict[tuple[str, str | None], dict[str, Reflected]] = {}

    def close(self) -> None:
        for connection in self._connections.values():
            connection.close()
        for connector in self._connectors.values():
            connector.close()
        self._connections.clear()
        self._connectors.clear()

    def connector(self, system: str) -> SqlConnector:
        if system not in self._connectors:
            connector = self.registry.connector(self.inventory.system(system), self.environ)
            connector.open()
            self._connectors[system] = connector
        connector = self._connectors[system]
        if not isinstance(connector, SqlConnector):
            raise Unsupported(f"system {system!r} ({connector.name}) is read-only for retention")
        return connector

    def connection(self, system: str) -> sa.Connection:
        if system not in self._connections:
            self._connections[system] = self.connector(system).engine.connect()
        return self._connections[system]

    def dialect(self, system: str) -> str:
        return self.connector(system).dialect.name

    def table(self, system: str, ref: TableRef) -> tuple[sa.TableClause, tuple[str, ...]]:
        """The typed ``table()`` and the primary key read from the database."""
        connector = self.connector(system)
        schema = ref.schema or connector.settings.schema_name
        if (system, schema) not in self._schemas:
            self._schemas[(system, schema)] = _reflect(connector, schema)
        found = self._schemas[(system, schema)].get(ref.name)
        if found is None:
            raise Unsupported(f"table {ref} does not exist in system {system!r}")
        return found

    def target(self, step: Step) -> Target:
        """The step bound to its tables; raises :class:`Unsupported` when it cannot run."""
        system = step.address.system
        try:
            table, reflected = self.table(system, step.table)
            parent = self.table(system, step.via.parent)[0] if step.via else None
        except ConnectorError as error:
            raise Unsupported(str(error)) from None
        keys = step.primary_key or reflected
        if not keys:
            raise Unsupported(f"{step.address} has no primary key (inventory `primary_key`)")
        return Target(step, table, keys, parent)

    def reader(self) -> Callable[[DatasetAddress, Callable[[sa.TableClause], Any]], list[Any]]:
        """Runs a statement built on a dataset's table, for resolving holds."""

        def read(address: DatasetAddress, build: Callable[[sa.TableClause], Any]) -> list[Any]:
            dataset = self.inventory.dataset(address)
            try:
                table, _ = self.table(address.system, table_of(dataset))
            except (Unsupported, ConnectorError):
                return []
            statement = build(table)
            if statement is None:
                return []
            connection = self.connection(address.system)
            with connection.begin():
                return list(connection.execute(statement))

        return read
