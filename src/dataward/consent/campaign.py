"""A campaign through the bulk check: who may be contacted, and why the others may not.

The recipients come from the company's own systems, read through the inventory: every
dataset serving the purpose's activity (``marketing`` for ``subscriber_marketing``) that has
an identity column of the channel's kind (email for ``email``, phone for ``sms``…).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from dataward.consent.bulk import decide_many
from dataward.consent.decision import DecisionEngine, Reason
from dataward.consent.errors import ConsentInputError
from dataward.consent.identity import CHANNELS
from dataward.inventory.connectors.registry import ConnectorRegistry
from dataward.inventory.lookup import table_ref
from dataward.inventory.model import DatasetAddress, Inventory


@dataclass(frozen=True)
class CampaignReport:
    purpose: str
    channel: str | None
    policy_version: str
    sources: list[str]
    recipients: int
    allowed: int
    blocked_by: dict[str, int]  # by the first (strongest) reason: the counts add up to blocked
    reasons: dict[str, int]  # every reason that applies: a recipient may count under several

    @property
    def blocked(self) -> int:
        return self.recipients - self.allowed

    def as_dict(self) -> dict[str, Any]:
        return {
            "purpose": self.purpose,
            "channel": self.channel,
            "policy_version": self.policy_version,
            "sources": self.sources,
            "recipients": self.recipients,
            "allowed": self.allowed,
            "blocked": self.blocked,
            "blocked_by": self.blocked_by,
            "reasons": self.reasons,
        }


def check_campaign(
    engine: DecisionEngine,
    purpose: str,
    recipients: Sequence[str],
    channel: str | None = None,
    sources: Sequence[str] = (),
) -> CampaignReport:
    """Decide for every recipient; unreadable contacts are blocked as ``invalid_identity``."""
    result = decide_many(engine, purpose, recipients, channel, skip_invalid=True)
    granted = {Reason.consent_given, Reason.legal_basis}
    first: Counter[Reason] = Counter()
    for decision, count in result.outcomes.items():
        if not decision.allowed:
            first[decision.reasons[0]] += count
    order = list(Reason)  # equal counts: the stronger reason first
    strongest = sorted(first.items(), key=lambda item: (-item[1], order.index(item[0])))
    every = {r.value: n for r, n in result.reasons.most_common() if r not in granted}
    return CampaignReport(
        purpose=result.purpose,
        channel=channel,
        policy_version=result.policy_version,
        sources=list(sources),
        recipients=len(recipients),
        allowed=result.allowed,
        blocked_by={reason.value: count for reason, count in strongest},
        reasons=every,
    )


def campaign_datasets(
    inventory: Inventory, activity: str, kind: str
) -> list[tuple[DatasetAddress, str]]:
    """``(dataset, column)`` of every dataset serving ``activity`` with a ``kind`` identity."""
    found = []
    for address, dataset in inventory.datasets():
        if activity not in dataset.activities:
            continue
        for identity in dataset.identities:
            if identity.kind == kind:
                found.append((address, identity.column))
                break
    return found


def read_recipients(
    inventory: Inventory,
    targets: Sequence[tuple[DatasetAddress, str]],
    registry: ConnectorRegistry,
    environ: Mapping[str, str],
) -> list[str]:
    """The non-empty contacts in ``targets``, streamed from each system in batches."""
    recipients: list[str] = []
    for address, column in targets:
        connector = registry.connector(inventory.system(address.system), environ)
        with connector:
            info = connector.describe(table_ref(inventory, address))
            if info is None:
                raise ConsentInputError("dataset", f"{address}: the table does not exist")
            contact = info.as_table().c[column]
            statement = sa.select(contact).where(contact.is_not(None))
            for batch in connector.stream(statement, size=10_000):
                recipients.extend(str(row[column]) for row in batch)
    return recipients


def channel_kind(channel: str | None) -> str:
    """The identity kind a channel reaches (email when no channel is named)."""
    if channel is None:
        return "email"
    if channel not in CHANNELS:
        raise ConsentInputError("channel", f"unknown channel {channel!r}")
    return CHANNELS[channel]
