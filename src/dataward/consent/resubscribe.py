"""Subscribing again: a fresh consent lifts the contact's suppression entry.

The suppression list is the promise that an unsubscribed person is never contacted again,
so only the person can undo it, by subscribing again. A lift therefore needs a consent given
*after* the contact was listed, to a marketing purpose, with its proof (notice version,
source, channel): an opt-in replayed from an old import cannot lift anything. The consent,
the lift and the audit entry commit together; the entry itself stays, marked lifted, and
``suppression_lift`` names the consent event that lifted it.

Lifting the list ends what the list stops: every marketing purpose, including those of
legitimate interest (``b2b_marketing``), is no longer denied with ``suppressed``. Each
consent purpose still needs its own consent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.consent.errors import ConsentInputError
from dataward.consent.keys import ContactHasher
from dataward.consent.ledger import ConsentChange, record_consent
from dataward.consent.locking import lock_subject
from dataward.consent.models import SuppressionLift
from dataward.consent.purposes import PurposeCatalogue
from dataward.consent.records import Action, ConsentRecord
from dataward.consent.suppression import active_entry


@dataclass(frozen=True)
class Resubscribed:
    consent: ConsentRecord
    lifted: bool  # False: the contact was not listed, only the consent was recorded
    hash_prefix: str


def resubscribe(
    session: Session,
    catalogue: PurposeCatalogue,
    change: ConsentChange,
    *,
    hasher: ContactHasher,
    actor: str,
    now: datetime | None = None,
) -> Resubscribed:
    """Record ``change`` (a consent given to a marketing purpose) and lift the contact's
    suppression entry with it; never commits."""
    now = now or datetime.now(UTC)
    contact = change.identity
    if contact.kind not in ("email", "phone"):
        raise ConsentInputError("contact", f"a {contact.kind} is not a contact")
    if change.action is not Action.given:
        raise ConsentInputError("action", "subscribing again needs a consent given")
    marketing = {rule.id for rule in catalogue.marketing_consent_purposes()}
    if catalogue.consent_purpose(change.purpose).id not in marketing:
        raise ConsentInputError(
            "purpose",
            f"{change.purpose!r} is not a marketing purpose: it cannot lift the suppression "
            f"list (marketing consent purposes: {', '.join(sorted(marketing))})",
        )
    key = str(contact)
    lock_subject(session, key)  # a concurrent unsubscribe waits, then lists the contact anew
    digest = hasher.digest(key)
    entry = active_entry(session, digest)
    given_at = change.occurred_at or now
    if given_at.tzinfo is None:
        raise ConsentInputError("occurred_at", "needs a time zone (e.g. 2026-05-01T10:00:00Z)")
    if entry is not None and given_at <= entry.recorded_at:
        raise ConsentInputError(
            "occurred_at",
            f"the consent must be given after the contact was listed "
            f"({entry.recorded_at.isoformat()}): only a fresh consent lifts the list",
        )
    state = record_consent(session, catalogue, change, hasher=hasher, actor=actor, now=now)
    if state.action is not Action.given:  # the consent that holds is what proves the lift
        raise ConsentInputError(
            "occurred_at", "a later withdrawal holds for this purpose: nothing to lift with"
        )
    if entry is None:
        return Resubscribed(state, False, digest.hex()[:16])
    entry.lifted_at = now
    session.add(
        SuppressionLift(
            entry_id=entry.id,
            contact_hash=digest,
            consent_event_id=state.event_id,
            purpose=state.purpose,
            source=change.source,
            lifted_at=now,
        )
    )
    AuditLog().append(
        session,
        actor=actor,
        action="suppression.lifted",
        target=f"suppression:{digest.hex()[:16]}",
        details={
            "entry_id": entry.id,
            "listed_for": entry.reason,
            "consent_event_id": state.event_id,
            "purpose": state.purpose,
            "source": change.source,
        },
    )
    return Resubscribed(state, True, digest.hex()[:16])
