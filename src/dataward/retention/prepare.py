"""What a plan and a run share: derive the steps, resolve the holds, install the held keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from dataward.holds.service import active_holds
from dataward.inventory.connectors.base import ConnectorError
from dataward.inventory.model import Inventory
from dataward.policy.model import Policy
from dataward.retention.compile import Holds
from dataward.retention.customers import instructions
from dataward.retention.derive import derive_steps
from dataward.retention.held import HeldSet, held_set, install
from dataward.retention.steps import Step, StepList
from dataward.retention.systems import Systems, Unsupported


@dataclass(frozen=True)
class Prepared:
    as_of: datetime
    steps: StepList
    held: HeldSet
    holds: dict[str, Holds]  # per system: the installed held-keys table
    unavailable: dict[str, str]  # system → why it cannot be used

    def holds_for(self, step: Step) -> Holds | None:
        return self.holds.get(step.address.system)

    def is_held(self, step: Step) -> bool:
        return step.address in self.held.datasets


def prepare(
    session: Session, policy: Policy, inventory: Inventory, as_of: datetime, systems: Systems
) -> Prepared:
    """Steps at ``as_of`` with the store's customer instructions and active holds applied.

    Reads the store (``session``) and creates each system's held-keys table; the systems'
    transactions are committed here, the store's is left to the caller.
    """
    steps = derive_steps(policy, inventory, as_of, instructions(session))
    held = held_set(active_holds(session, as_of), inventory, systems.reader())
    installed: dict[str, Holds] = {}
    unavailable: dict[str, str] = {}
    for system in sorted({step.address.system for step in steps.steps}):
        try:
            connection = systems.connection(system)
            with connection.begin():
                table = install(connection, held)
        except (Unsupported, ConnectorError) as error:
            unavailable[system] = str(error)
            continue
        installed[system] = Holds(table, held.kinds)
    return Prepared(as_of, steps, held, installed, unavailable)
