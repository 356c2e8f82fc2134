"""The connector registry: an explicit list of built-ins that callers can extend."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping

from dataward.inventory.connectors.base import Connector, ConnectorConfig, ConnectorError
from dataward.inventory.connectors.parquet import ParquetConnector
from dataward.inventory.connectors.sql import SqlConnector
from dataward.inventory.model import System
from dataward.inventory.urls import MissingVariable, interpolate, mask_url

BUILT_INS: tuple[type[Connector], ...] = (SqlConnector, ParquetConnector)


class ConnectorRegistry:
    def __init__(self, connectors: Iterable[type[Connector]] = ()) -> None:
        self._connectors: dict[str, type[Connector]] = {}
        for connector in connectors:
            self.add(connector)

    def add(self, connector: type[Connector]) -> None:
        if connector.name in self._connectors:
            raise ValueError(f"a connector named {connector.name!r} is already registered")
        self._connectors[connector.name] = connector

    def get(self, name: str) -> type[Connector]:
        try:
            return self._connectors[name]
        except KeyError:
            known = ", ".join(sorted(self._connectors))
            raise KeyError(f"unknown connector {name!r}; known: {known}") from None

    def names(self) -> list[str]:
        return sorted(self._connectors)

    def __iter__(self) -> Iterator[type[Connector]]:
        return iter(self._connectors.values())

    def config(self, system: System) -> ConnectorConfig:
        """The system's ``options`` validated by its connector (raises ValidationError)."""
        return self.get(system.connector).Config.model_validate(system.options)

    def connector(self, system: System, environ: Mapping[str, str] | None = None) -> Connector:
        """A connector for ``system``, its URL filled from ``environ`` (not yet open)."""
        environ = os.environ if environ is None else environ
        try:
            url = interpolate(system.url, environ)
        except MissingVariable as error:
            raise ConnectorError(f"cannot connect to {mask_url(system.url)}: {error}") from None
        return self.get(system.connector)(url, self.config(system), mask_url(url))


def default_registry() -> ConnectorRegistry:
    """A new registry holding the built-in connectors (built per call: no global state)."""
    return ConnectorRegistry(BUILT_INS)
