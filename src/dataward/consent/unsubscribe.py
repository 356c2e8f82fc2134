"""Unsubscribing: withdraw marketing consent, list the contact, then erase the profile.

The promise is "never contacted again", so the suppression entry and the withdrawal commit
first, on their own. Erasing the marketing profile (name, contact details, engagement) is done
right after, in the same call, by *profile erasers*: hooks that reach the company's marketing
systems, each audited (``consent.profile_erased``, or ``consent.erasure_failed``). An eraser
that fails cannot undo the unsubscribe; the retention rule that reduces unsubscribed contacts
to the list is the backstop that finishes the job.

The built-in eraser (:class:`dataward.consent.profiles.InventoryProfileEraser`) deletes the
contact's rows in the inventory's marketing datasets. Others are registered like any
plug-in: pass them in, or declare an entry point in the group ``dataward.profile_erasers``
naming a class with ``name`` and ``erase(contact)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import entry_points
from typing import Protocol

from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.consent.keys import ContactHasher
from dataward.consent.ledger import ConsentChange, record_consent
from dataward.consent.locking import lock_subject
from dataward.consent.purposes import PurposeCatalogue
from dataward.consent.queries import current_consent
from dataward.consent.records import Action
from dataward.consent.suppression import suppress
from dataward.inventory.identity import Identity

ERASER_GROUP = "dataward.profile_erasers"


@dataclass(frozen=True)
class Erased:
    """What an eraser did: rows deleted per dataset, and datasets whose rows were kept, why."""

    rows: dict[str, int]
    kept: dict[str, str] = field(default_factory=dict)


class ProfileEraser(Protocol):
    """Deletes a contact's marketing profile in a system dataward does not own."""

    name: str

    def erase(self, contact: Identity) -> int | Erased:
        """Erase every profile of ``contact``; how many were erased (or per dataset)."""
        ...


@dataclass(frozen=True)
class Erasure:
    eraser: str
    erased: int
    error: str | None = None
    datasets: dict[str, int] = field(default_factory=dict)
    kept: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Unsubscribed:
    newly_listed: bool
    withdrawn: list[str]
    hash_prefix: str
    erasures: tuple[Erasure, ...] = ()


def installed_erasers() -> list[ProfileEraser]:
    """Erasers declared by installed packages (entry point group ``dataward.profile_erasers``)."""
    return [point.load()() for point in entry_points(group=ERASER_GROUP)]


def unsubscribe(
    session: Session,
    catalogue: PurposeCatalogue,
    contact: Identity,
    *,
    source: str,
    hasher: ContactHasher,
    actor: str,
    now: datetime | None = None,
) -> Unsubscribed:
    """Withdraw every marketing consent given and list the contact; never commits."""
    key = str(contact)
    lock_subject(session, key)
    withdrawn = []
    for rule in catalogue.marketing_consent_purposes():
        state = current_consent(session, key, rule.id)
        if state is None or state.action is Action.withdrawn:
            continue
        change = ConsentChange(
            identity=contact,
            purpose=rule.id,
            action=Action.withdrawn,
            notice_version=catalogue.policy_version,
            source=source,
        )
        record_consent(session, catalogue, change, hasher=hasher, actor=actor, now=now)
        withdrawn.append(rule.id)
    listed = suppress(session, contact, "unsubscribe", source, hasher=hasher, actor=actor)
    return Unsubscribed(listed.added, withdrawn, listed.hash_hex[:16])


def erase_profiles(erasers: Iterable[ProfileEraser], contact: Identity) -> list[Erasure]:
    """Run every eraser; one failing does not stop the others."""
    outcomes = []
    for eraser in erasers:
        try:
            done = eraser.erase(contact)
        except Exception as error:  # any failure of a plug-in is recorded, not raised
            outcomes.append(Erasure(eraser.name, 0, f"{type(error).__name__}: {error}"))
            continue
        if isinstance(done, Erased):
            erased = sum(done.rows.values())
            outcomes.append(Erasure(eraser.name, erased, None, done.rows, done.kept))
        else:
            outcomes.append(Erasure(eraser.name, done))
    return outcomes


def record_erasures(
    session: Session,
    outcomes: list[Erasure],
    contact: Identity,
    *,
    hasher: ContactHasher,
    actor: str,
) -> None:
    """Audit what the erasers did; never commits."""
    for outcome in outcomes:
        AuditLog().append(
            session,
            actor=actor,
            action="consent.profile_erased" if outcome.error is None else "consent.erasure_failed",
            target=f"subject:{hasher.pseudonym(str(contact))}",
            details={
                "eraser": outcome.eraser,
                "erased": outcome.erased,
                "datasets": outcome.datasets,
                "kept": outcome.kept,
                "error": outcome.error,
            },
        )
