"""The inventory of the demo company, written from the same declarations as its tables.

Before it is published the text is read back with the inventory loader and checked
against the default policy: a demo whose inventory would not load, or that leaves a
retention rule unbound, fails the build instead of being shipped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from dataward.demo.spec import SystemSpec
from dataward.demo.targets.base import DemoError
from dataward.inventory.findings import Severity
from dataward.inventory.loader import dump_inventory, parse_inventory
from dataward.inventory.model import Inventory
from dataward.inventory.policy_checks import check_against_policy
from dataward.inventory.problems import InventoryError
from dataward.policy.model import Policy


def inventory_document(specs: Sequence[SystemSpec], url: Callable[[str], str]) -> dict[str, Any]:
    systems = [
        {
            "name": spec.name,
            "url": url(spec.name),
            "description": spec.description,
            "datasets": [table.dataset() for table in spec.tables],
        }
        for spec in specs
    ]
    outside = [item for spec in specs for item in spec.handled_outside]
    return {"version": 1, "systems": systems, "handled_outside": outside}


def inventory_text(
    specs: Sequence[SystemSpec],
    url: Callable[[str], str],
    policy: Policy,
    header: Sequence[str],
) -> str:
    """The YAML text, checked by the inventory loader and against ``policy``."""
    try:
        written = dump_inventory(Inventory.model_validate(inventory_document(specs, url)))
        inventory = parse_inventory(written, "demo inventory")
    except InventoryError as error:
        problems = "\n".join(str(problem) for problem in error.problems)
        raise DemoError(f"the demo inventory does not load:\n{problems}") from None
    errors = [
        str(finding)
        for finding in check_against_policy(inventory, policy)
        if finding.severity is Severity.error
    ]
    if errors:
        raise DemoError("the demo inventory fails the policy checks:\n" + "\n".join(errors))
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header)
    return comments + dump_inventory(inventory)


def header_lines(scale: str, seed: int, as_of: date) -> list[str]:
    return [
        "The inventory of the dataward demo company (synthetic data, no real person).",
        f"Written by: dataward demo --scale {scale} --seed {seed} --as-of {as_of.isoformat()}",
        "Check it against the live databases: dataward inventory check -i <this file>",
    ]
