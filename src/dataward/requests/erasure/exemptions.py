"""Why some data stays after an erasure, said in words the requester is given.

Three kinds, checked before anything is erased and explained in the reply:

- a legal hold (notice Section 11) on the person, on a customer whose rows these are,
  or on a whole dataset;
- a legal retention duty (invoices and tax law), configured per dataset in requests.yaml;
- the suppression-list entry, kept as a keyed hash so that marketing never restarts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from dataward.holds import HoldScope, active_holds
from dataward.inventory.identity import Identity
from dataward.requests.config import RequestsConfig


@dataclass(frozen=True)
class Exemption:
    kind: str  # legal_hold / legal_duty / suppression_list
    scope: str  # "person", a dataset address, or "customer:<id>"
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "scope": self.scope, "reason": self.reason}


@dataclass
class Exemptions:
    person_held: list[Exemption] = field(default_factory=list)
    datasets: dict[str, Exemption] = field(default_factory=dict)
    held_customers: dict[str, Exemption] = field(default_factory=dict)
    kept: list[Exemption] = field(default_factory=list)
    # Parents of kept rows: anonymised in place instead of deleted (the kept rows refer to them).
    anonymised: dict[str, Exemption] = field(default_factory=dict)

    def all(self) -> list[Exemption]:
        return [
            *self.person_held,
            *self.datasets.values(),
            *self.anonymised.values(),
            *self.held_customers.values(),
            *self.kept,
        ]

    def explained(self) -> dict[str, str]:
        """Dataset → why the scan may still find the person there."""
        found = {name: item.reason for name, item in self.datasets.items()}
        return found | {name: item.reason for name, item in self.anonymised.items()}


def anonymise_parents(exemptions: Exemptions, relations: dict[str, list[str]]) -> None:
    """A kept dataset's parents (``relations``: dataset → same-system parents) keep their rows.

    Deleting a customer whose invoices the law keeps would break the invoices' foreign key
    (or orphan them): the customer row is anonymised instead, its personal columns nulled.
    """
    for name, exemption in list(exemptions.datasets.items()):
        for parent in relations.get(name, []):
            if parent not in exemptions.datasets:
                reason = f"anonymised, not deleted: the rows of {name} we must keep refer to it"
                exemptions.anonymised[parent] = Exemption(exemption.kind, parent, reason)


def find_exemptions(
    session: Session,
    config: RequestsConfig,
    identities: Mapping[str, Sequence[str]],
    datasets: Sequence[str],
    now: datetime,
) -> Exemptions:
    """The exemptions in force for this person and these datasets (``system.dataset``)."""
    found = Exemptions()
    for hold in active_holds(session, now):
        why = f"legal hold {hold.case_ref}: {hold.reason}"
        if hold.scope == HoldScope.subject and hold.value in identities.get(hold.kind, ()):
            found.person_held.append(Exemption("legal_hold", "person", why))
        elif hold.scope == HoldScope.dataset and hold.value in datasets:
            found.datasets[hold.value] = Exemption("legal_hold", hold.value, why)
        elif hold.scope == HoldScope.customer:
            found.held_customers[hold.value] = Exemption(
                "legal_hold", f"customer:{hold.value}", why
            )
    for dataset in datasets:
        duty = config.legal_duty(dataset)
        if duty is not None and dataset not in found.datasets:
            found.datasets[dataset] = Exemption(
                "legal_duty", dataset, f"{duty.reason} ({duty.law})"
            )
    return found


def suppression_kept(session: Session, contacts: Sequence[Identity]) -> list[Exemption]:
    """The person's contacts on the suppression list: kept, as a keyed hash only."""
    from dataward.consent.keys import resolve_hasher
    from dataward.consent.suppression import is_suppressed

    hasher = resolve_hasher(session)
    return [
        Exemption(
            "suppression_list",
            "person",
            f"your {contact.kind} stays on our suppression list, as a keyed hash that cannot be "
            "read back, so that we never send you marketing again",
        )
        for contact in contacts
        if is_suppressed(session, contact, hasher)
    ]
