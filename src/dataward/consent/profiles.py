"""The built-in profile eraser: a contact's marketing profile, found and deleted by the inventory.

Which datasets hold the marketing profile is read, not written here: every dataset of the
inventory whose activities are all marketing activities of the policy (an activity with a
``marketing.*`` purpose: the newsletter's subscribers and their email events, B2B marketing
contacts). A dataset that also serves something else (event registrations that also send
invitations) is left alone: its rows have another purpose, and the erasure request reaches
them. The person's rows are found with the inventory's own lookup plan (identity columns,
then relations, across systems), bounded reads by indexed columns, and deleted with the same
conditions, children before parents, one transaction per system.

Legal holds win: a hold on the contact keeps the whole profile, a hold on a dataset keeps
that dataset's rows; both are reported (and audited) as kept.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.consent.purposes import PurposeCatalogue
from dataward.consent.unsubscribe import Erased, ProfileEraser, installed_erasers
from dataward.holds import HoldScope, active_holds
from dataward.inventory.connectors.base import Connector, ConnectorError
from dataward.inventory.connectors.registry import ConnectorRegistry, default_registry
from dataward.inventory.connectors.sql import SqlConnector
from dataward.inventory.graph import LookupStep, plan_lookup
from dataward.inventory.identity import Identity, Normaliser
from dataward.inventory.loader import load_inventory
from dataward.inventory.lookup import Rows, find_person, hop_keys, table_ref
from dataward.inventory.model import DatasetAddress, Inventory
from dataward.inventory.query import person_select


def marketing_inventory(inventory: Inventory, activities: Collection[str]) -> Inventory:
    """``inventory`` reduced to the datasets that serve only ``activities``."""
    wanted = set(activities)
    systems = []
    for system in inventory.systems:
        datasets = [
            dataset
            for dataset in system.datasets
            if dataset.activities and set(dataset.activities) <= wanted
        ]
        if datasets:
            systems.append(system.model_copy(update={"datasets": datasets}))
    return inventory.model_copy(update={"systems": systems})


def profile_erasers(
    catalogue: PurposeCatalogue,
    store: sa.Engine,
    inventory: Path | None,
    environ: Mapping[str, str] | None = None,
) -> list[ProfileEraser]:
    """The built-in eraser over the inventory at ``inventory`` (when there is one there),
    then the erasers installed packages declare."""
    built_in: list[ProfileEraser] = []
    if inventory is not None and inventory.exists():
        loader = partial(load_inventory, inventory)
        activities = catalogue.marketing_activities()
        built_in.append(InventoryProfileEraser(loader, activities, store, environ=environ))
    return built_in + installed_erasers()


class InventoryProfileEraser:
    """Deletes a contact's rows in the inventory's marketing datasets.

    ``inventory`` may be a loader, called on the first erasure: a server then starts (and
    decides) even with a broken inventory file, and each unsubscribe's erasure fails, audited,
    until it is fixed.
    """

    name = "inventory"

    def __init__(
        self,
        inventory: Inventory | Callable[[], Inventory],
        activities: Collection[str],
        store: sa.Engine,
        *,
        registry: ConnectorRegistry | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._source = inventory
        self._activities = frozenset(activities)
        self._scoped: Inventory | None = None
        self.store = store
        self._registry = registry or default_registry()
        self._environ = environ

    @property
    def inventory(self) -> Inventory:
        """The marketing datasets of the inventory (loaded on first use)."""
        if self._scoped is None:
            source = self._source
            loaded = source if isinstance(source, Inventory) else source()
            self._scoped = marketing_inventory(loaded, self._activities)
        return self._scoped

    @property
    def datasets(self) -> list[str]:
        return [str(address) for address, _ in self.inventory.datasets()]

    def erase(self, contact: Identity) -> Erased:
        region = self.inventory.identity.default_region
        identity = Normaliser(region).identity(contact.kind, contact.value)
        steps = plan_lookup(self.inventory, identity.kind)
        kept = self._held(identity, [str(step.address) for step in steps])
        if "*" in kept:
            return Erased({}, {str(step.address): kept["*"] for step in steps})
        connectors = {
            system: self._registry.connector(self.inventory.system(system), self._environ)
            for system in sorted({step.address.system for step in steps})
        }
        rows: dict[str, int] = {}
        try:
            for connector in connectors.values():
                connector.open()
            found = find_person(self.inventory, connectors, identity)
            for system, connector in connectors.items():
                mine = [step for step in steps if step.address.system == system]
                rows |= self._delete(connector, mine, identity, found, kept)
        finally:
            for connector in connectors.values():
                connector.close()
        return Erased(rows, kept)

    def _held(self, identity: Identity, datasets: list[str]) -> dict[str, str]:
        """Dataset → the hold that keeps its rows; ``"*"`` when the contact itself is held."""
        kept: dict[str, str] = {}
        with Session(self.store) as session:
            for hold in active_holds(session, datetime.now(UTC)):
                why = f"legal hold {hold.case_ref}"
                if hold.scope == HoldScope.subject and (hold.kind, hold.value) == (
                    identity.kind,
                    identity.value,
                ):
                    kept["*"] = why
                elif hold.scope == HoldScope.dataset and hold.value in datasets:
                    kept[hold.value] = why
        return kept

    def _delete(
        self,
        connector: Connector,
        steps: list[LookupStep],
        identity: Identity,
        found: Mapping[DatasetAddress, Rows],
        kept: Mapping[str, str],
    ) -> dict[str, int]:
        if not isinstance(connector, SqlConnector):
            raise ConnectorError(f"{connector.shown_url}: rows can only be deleted in SQL systems")
        deleted: dict[str, int] = {}
        # Children first: their rows were found by their parents' keys, read before this.
        with connector.engine.begin() as connection:
            for step in reversed(steps):
                name = str(step.address)
                if name in kept:
                    continue
                info = connector.describe(table_ref(self.inventory, step.address))
                if info is None:
                    raise ConnectorError(f"{name}: the table does not exist")
                table = info.as_table()
                select = person_select(table, step, identity, hop_keys(step, found))
                if select is None or select.whereclause is None:
                    continue
                result = connection.execute(sa.delete(table).where(select.whereclause))
                deleted[name] = int(result.rowcount or 0)
        return deleted
