"""Requests that change what may be done, not the data: restriction, objection, withdrawal.

Each becomes a fact in the consent package, which the decision API and the retention
engine read: a restriction flag (Art. 18), an objection per legitimate-interest purpose
(Art. 21: B2B marketing stops), a withdrawal per consent purpose (Art. 7(3)), an entry on
the suppression list (marketing opt-out). All in the caller's transaction; never commits.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dataward.consent.errors import ConsentInputError
from dataward.consent.flags import FlagKind, set_flag
from dataward.consent.keys import resolve_hasher
from dataward.consent.ledger import ConsentChange, record_consent
from dataward.consent.purposes import PurposeCatalogue
from dataward.consent.records import Action
from dataward.consent.suppression import suppress
from dataward.inventory.identity import Identity
from dataward.policy.model import Policy
from dataward.requests.errors import RequestInputError
from dataward.requests.kinds import RequestType
from dataward.requests.models import DsrRequest

SOURCE = "data_subject_request"


def identities(request: DsrRequest) -> list[Identity]:
    found = []
    if request.email:
        found.append(Identity("email", request.email))
    if request.phone:
        found.append(Identity("phone", request.phone))
    return found


def apply_effect(
    session: Session, policy: Policy, request: DsrRequest, actor: str
) -> dict[str, Any]:
    """Record the request's effect; returns what was recorded, for the reply."""
    try:
        return _apply(session, policy, request, actor)
    except ConsentInputError as error:
        # Checked at intake against the policy; the consent catalogue may still refuse one
        # (a purpose id two activities share): a 4xx naming it, never a 500.
        raise RequestInputError(error.field, error.message) from None


def _apply(session: Session, policy: Policy, request: DsrRequest, actor: str) -> dict[str, Any]:
    kind = RequestType(request.type)
    catalogue = PurposeCatalogue(policy)
    hasher = resolve_hasher(session)
    people = identities(request)
    purposes: list[str] = list(request.details.get("purposes", []))
    reference = f"request:{request.id}"
    if kind is RequestType.restriction:
        for person in people:
            set_flag(
                session,
                catalogue,
                person,
                FlagKind.restriction,
                source=SOURCE,
                reference=reference,
                hasher=hasher,
                actor=actor,
            )
        return {"restricted": [str(person.kind) for person in people]}
    if kind is RequestType.objection:
        for person in people:
            for purpose in purposes:
                set_flag(
                    session,
                    catalogue,
                    person,
                    FlagKind.objection,
                    purpose=purpose,
                    source=SOURCE,
                    reference=reference,
                    hasher=hasher,
                    actor=actor,
                )
        return {"objected": purposes}
    if kind is RequestType.withdraw_consent:
        names = purposes or [rule.id for rule in catalogue.consent_purposes()]
        for person in people:
            for purpose in names:
                change = ConsentChange(
                    person, purpose, Action.withdrawn, policy.metadata.version, SOURCE
                )
                record_consent(session, catalogue, change, hasher=hasher, actor=actor)
        return {"withdrawn": names}
    if kind is RequestType.marketing_opt_out:
        added = [
            suppress(session, person, "unsubscribe", SOURCE, hasher=hasher, actor=actor).added
            for person in people
        ]
        return {"suppressed": [person.kind for person in people], "newly_added": sum(added)}
    raise ValueError(f"{kind.value} is not recorded as a consent fact")
