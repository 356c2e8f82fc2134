"""The retention plan (a dry run) and the inventory check, for the console.

The same calls the API's plan route and the CLI make; a missing or broken inventory is
shown on the page instead of failing it, since the rest of the console still works.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from dataward.inventory.check import check_inventory
from dataward.inventory.connectors.registry import default_registry
from dataward.inventory.findings import Finding
from dataward.inventory.loader import load_inventory
from dataward.inventory.model import Inventory
from dataward.inventory.problems import InventoryError
from dataward.policy import Policy
from dataward.retention.plan import Plan, make_plan
from dataward.retention.prepare import prepare
from dataward.retention.sweep import inventory_path
from dataward.retention.systems import Systems
from dataward.store import read_only

NOTICE_TITLES = {
    "review": "Rules a person decides (the notice leaves the period open)",
    "handled_outside": "Rules handled outside dataward",
    "unbound": "Rules bound to no dataset (fix the inventory)",
}


@dataclass(frozen=True)
class Loaded:
    path: Path
    inventory: Inventory | None
    problems: list[str]


def load(explicit: Path | None) -> Loaded:
    path = inventory_path(explicit)
    if not path.exists():
        return Loaded(path, None, [f"There is no inventory at {path}."])
    try:
        return Loaded(path, load_inventory(path), [])
    except InventoryError as error:
        return Loaded(path, None, [str(problem) for problem in error.problems])


def retention_plan(store: Engine, policy: Policy, inventory: Inventory) -> Plan:
    with Systems(inventory) as systems, Session(read_only(store)) as session:
        return make_plan(prepare(session, policy, inventory, datetime.now(UTC), systems), systems)


def inventory_findings(policy: Policy, inventory: Inventory) -> list[Finding]:
    """``dataward inventory check``: against the policy, then the live systems."""
    return check_inventory(inventory, policy, default_registry(), os.environ)
