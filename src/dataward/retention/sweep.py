"""One sweep from files and settings: load, open, plan or run, close. Used by CLI and worker.

The inventory comes from ``--inventory``, else ``DATAWARD_INVENTORY``, else the demo's
``./var/demo/inventory.yaml`` when present, else ``./inventory.yaml``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from dataward.inventory.loader import load_inventory
from dataward.policy.loader import load_policy
from dataward.retention.execute import Progress
from dataward.retention.job import RunOptions, RunReport, run_retention
from dataward.retention.plan import Plan, make_plan
from dataward.retention.prepare import prepare
from dataward.retention.systems import Systems
from dataward.store import Settings, open_store, read_only

INVENTORY_VARIABLE = "DATAWARD_INVENTORY"
DEMO_INVENTORY = Path("var") / "demo" / "inventory.yaml"
PLAIN_INVENTORY = Path("inventory.yaml")


def inventory_path(explicit: Path | None, environ: Mapping[str, str] | None = None) -> Path:
    if explicit is not None:
        return explicit
    environ = os.environ if environ is None else environ
    if environ.get(INVENTORY_VARIABLE, "").strip():
        return Path(environ[INVENTORY_VARIABLE].strip())
    return DEMO_INVENTORY if DEMO_INVENTORY.exists() else PLAIN_INVENTORY


@dataclass(frozen=True)
class Sources:
    """Where a sweep reads from; ``policy`` None means the policy shipped with dataward."""

    store: Settings
    inventory: Path
    policy: Path | None = None


def plan(sources: Sources, as_of: datetime | None = None) -> Plan:
    """The dry run at ``as_of`` (default: now). Raises PolicyError / InventoryError."""
    policy, inventory = load_policy(sources.policy), load_inventory(sources.inventory)
    engine = open_store(sources.store)
    try:
        with Systems(inventory) as systems, Session(read_only(engine)) as session:
            prepared = prepare(session, policy, inventory, as_of or datetime.now(UTC), systems)
            return make_plan(prepared, systems)
    finally:
        engine.dispose()


def run(
    sources: Sources,
    as_of: datetime | None = None,
    options: RunOptions | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """Resume or start a run. Raises PolicyError / InventoryError before touching anything."""
    policy, inventory = load_policy(sources.policy), load_inventory(sources.inventory)
    engine = open_store(sources.store)
    try:
        with Systems(inventory) as systems:
            return run_retention(
                engine, policy, inventory, systems, as_of=as_of, options=options, progress=progress
            )
    finally:
        engine.dispose()
