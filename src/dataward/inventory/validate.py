"""Checks across one inventory document, run in order; each reports every problem it finds.

The pydantic model checks each field on its own. These checks look across the document:
names unique, relations pointing at a dataset that exists, identity kinds sensible,
connector options valid for the system's connector. Checks that need the policy or the
live databases are in :mod:`dataward.inventory.check`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from pydantic import ValidationError

from dataward.inventory.connectors.registry import ConnectorRegistry
from dataward.inventory.model import Inventory
from dataward.inventory.problems import FieldPath, InventoryProblem


class Report(Protocol):
    def __call__(self, path: FieldPath, message: str, value: Any = None) -> InventoryProblem: ...


Check = Callable[[Inventory, Report, ConnectorRegistry], Iterator[InventoryProblem]]


def _duplicates(
    names: Iterable[str], prefix: FieldPath, report: Report
) -> Iterator[InventoryProblem]:
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            yield report((*prefix, index, "name"), "duplicate name", name)
        seen.add(name)


def unique_names(
    inventory: Inventory, report: Report, registry: ConnectorRegistry
) -> Iterator[InventoryProblem]:
    yield from _duplicates((system.name for system in inventory.systems), ("systems",), report)
    for s, system in enumerate(inventory.systems):
        names = (dataset.name for dataset in system.datasets)
        yield from _duplicates(names, ("systems", s, "datasets"), report)
    seen: set[str] = set()
    for index, item in enumerate(inventory.handled_outside):
        if item.rule in seen:
            yield report(("handled_outside", index, "rule"), "rule listed twice", item.rule)
        seen.add(item.rule)


def connectors(
    inventory: Inventory, report: Report, registry: ConnectorRegistry
) -> Iterator[InventoryProblem]:
    for s, system in enumerate(inventory.systems):
        try:
            connector = registry.get(system.connector)
        except KeyError as error:
            yield report(("systems", s, "connector"), str(error.args[0]), system.connector)
            continue
        try:
            connector.Config.model_validate(system.options)
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                path = ("systems", s, "options", *detail["loc"])
                message = detail["msg"]
                if detail["type"] == "extra_forbidden":
                    message = f"unknown option for connector {connector.name!r}"
                yield report(path, message)


def relations(
    inventory: Inventory, report: Report, registry: ConnectorRegistry
) -> Iterator[InventoryProblem]:
    known = {(address.system, address.dataset) for address, _ in inventory.datasets()}
    for s, system in enumerate(inventory.systems):
        for d, dataset in enumerate(system.datasets):
            for r, relation in enumerate(dataset.relations):
                target = relation.target(system.name)
                path = ("systems", s, "datasets", d, "relations", r, "matches")
                if (target.system, target.dataset) not in known:
                    yield report(path, f"no dataset {target.dataset!r} in system {target.system!r}")
                elif (target.system, target.dataset) == (system.name, dataset.name):
                    yield report(path, "a dataset cannot match itself", relation.matches)


def erasure_needs_category(
    inventory: Inventory, report: Report, registry: ConnectorRegistry
) -> Iterator[InventoryProblem]:
    for s, system in enumerate(inventory.systems):
        for d, dataset in enumerate(system.datasets):
            for name, column in dataset.columns.items():
                if column.erasure is not None and column.category is None:
                    path = ("systems", s, "datasets", d, "columns", name, "erasure")
                    yield report(path, "erasure is set but the column has no category")


CHECKS: tuple[Check, ...] = (unique_names, connectors, relations, erasure_needs_category)


def run_checks(
    inventory: Inventory, report: Report, registry: ConnectorRegistry
) -> list[InventoryProblem]:
    return [problem for check in CHECKS for problem in check(inventory, report, registry)]
