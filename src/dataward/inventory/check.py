"""``inventory check``: the inventory against the policy and against the live systems."""

from __future__ import annotations

from collections.abc import Mapping

from dataward.inventory.connectors.registry import ConnectorRegistry
from dataward.inventory.findings import Finding
from dataward.inventory.live_checks import check_systems
from dataward.inventory.model import Inventory
from dataward.inventory.policy_checks import check_against_policy
from dataward.policy.model import Policy


def check_inventory(
    inventory: Inventory,
    policy: Policy,
    registry: ConnectorRegistry,
    environ: Mapping[str, str] | None = None,
    live: bool = True,
) -> list[Finding]:
    """Every finding, policy checks first; ``live=False`` skips connecting to systems."""
    findings = check_against_policy(inventory, policy)
    if live:
        findings.extend(check_systems(inventory, policy, registry, environ))
    return findings
