"""Open connectors and described tables, kept for the life of a process.

Opening a connector (an engine and a test connection) and reflecting a table cost
milliseconds each; a request touches a dozen tables, so a server or a benchmark that
did this per request would spend most of its time there. A pool opens each system once
and describes each table once; a system that cannot be opened is not cached, so the
next attempt tries again (that is what a retry after an outage needs).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping

import sqlalchemy as sa

from dataward.inventory.connectors.base import ClosesOnExit, Connector, ConnectorError, TableInfo
from dataward.inventory.connectors.registry import ConnectorRegistry, default_registry
from dataward.inventory.lookup import table_ref
from dataward.inventory.model import DatasetAddress, Inventory


class ConnectorPool(ClosesOnExit):
    def __init__(
        self,
        inventory: Inventory,
        registry: ConnectorRegistry | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.inventory = inventory
        self._registry = registry or default_registry()
        self._environ = environ
        self._open: dict[str, Connector] = {}
        self._tables: dict[DatasetAddress, tuple[TableInfo, sa.TableClause]] = {}
        self._lock = threading.Lock()

    def connector(self, system: str) -> Connector:
        """The open connector of ``system``; raises :class:`ConnectorError` when unreachable."""
        with self._lock:
            connector = self._open.get(system)
            if connector is None:
                connector = self._registry.connector(self.inventory.system(system), self._environ)
                connector.open()
                self._open[system] = connector
            return connector

    def described(self, address: DatasetAddress) -> tuple[TableInfo, sa.TableClause]:
        """The dataset's table as described once (columns, indexes) and its typed ``table()``;
        ConnectorError when missing."""
        found = self._tables.get(address)
        if found is None:
            ref = table_ref(self.inventory, address)
            info = self.connector(address.system).describe(ref)
            if info is None:
                raise ConnectorError(f"{address}: table {ref} does not exist")
            found = info, info.as_table()
            self._tables[address] = found
        return found

    def table(self, address: DatasetAddress) -> sa.TableClause:
        """The dataset's typed ``table()`` (reflected once); ConnectorError when missing."""
        return self.described(address)[1]

    def discard(self, system: str) -> None:
        """Forget a system after an error, so the next use reconnects."""
        with self._lock:
            connector = self._open.pop(system, None)
            for address in [address for address in self._tables if address.system == system]:
                del self._tables[address]
        if connector is not None:
            connector.close()

    def close(self) -> None:
        for system in list(self._open):
            self.discard(system)

    def systems(self) -> Iterator[str]:
        return (system.name for system in self.inventory.systems)
