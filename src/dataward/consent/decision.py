"""The decision: may purpose P use subject S now? Allowed or denied, with every reason.

A plain in-process call that reads only memory (no I/O), so a sender can ask before every
message: ``engine.decide("subscriber_marketing", "ana@example.com", channel="email")``.

Denials name every reason that applies, not only the first: a suppressed contact whose
consent was also withdrawn shows both. An allowed decision names why it is allowed: the
consent given, or the purpose's other legal basis (``legal_basis``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from dataward.consent.identity import CONTACT_KINDS, check_channel, decision_key
from dataward.consent.keys import ContactHasher
from dataward.consent.memory import ANY_PURPOSE, WITHDRAWN_BIT, ConsentMemory
from dataward.consent.purposes import PurposeCatalogue, PurposeRule
from dataward.inventory.identity import Identity


class Reason(StrEnum):
    """Why a decision went the way it did; the bit order is the order reasons are listed."""

    suppressed = "suppressed"
    objection = "objection"
    restriction = "restriction"
    under_age = "under_age"
    consent_withdrawn = "consent_withdrawn"
    consent_expired = "consent_expired"
    no_consent = "no_consent"
    invalid_identity = "invalid_identity"  # bulk checks that skip what they cannot read
    consent_given = "consent_given"
    legal_basis = "legal_basis"


DENIALS = list(Reason)[: list(Reason).index(Reason.consent_given)]
BIT = {reason: 1 << position for position, reason in enumerate(DENIALS)}


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    reasons: tuple[Reason, ...]
    policy_version: str


class DecisionEngine:
    """Decides from a :class:`ConsentMemory`; safe to call from many threads at once."""

    def __init__(
        self,
        catalogue: PurposeCatalogue,
        memory: ConsentMemory,
        hasher: ContactHasher,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.catalogue = catalogue
        self.memory = memory
        self.hasher = hasher
        self.clock = clock
        version = catalogue.policy_version
        # Every decision is one of a few hundred values: build them once, hand out the same
        # frozen object (no allocation per decision). Index: denial mask * 2 + needs_consent.
        self._decisions = [
            _decision(mask, needs_consent, version)
            for mask in range(1 << len(DENIALS))
            for needs_consent in (False, True)
        ]
        self._tables = [np.array(self._decisions[offset::2], dtype=object) for offset in (0, 1)]

    def rule(self, purpose: str) -> PurposeRule:
        rule = self.catalogue.rules.get(purpose)
        return rule if rule is not None else self.catalogue.get(purpose)

    def decide(
        self,
        purpose: str,
        identity: Identity | str,
        channel: str | None = None,
        *,
        now: float | None = None,
    ) -> Decision:
        """Allowed or denied, with reasons. ``now`` (epoch seconds) defaults to the clock.

        Raises :class:`~dataward.consent.errors.ConsentInputError` for an unknown purpose, an
        unreadable identity, or a channel that cannot reach the identity.
        """
        rule = self.rule(purpose)
        if isinstance(identity, Identity):
            kind, key = identity.kind, f"{identity.kind}:{identity.value}"
        else:
            kind, key = decision_key(identity)
        if channel is not None:
            check_channel(channel, kind)
        at = self.clock() if now is None else now
        mask = self.denials(rule, key, at)
        if rule.marketing and kind in CONTACT_KINDS and self.suppressed(key):
            mask |= BIT[Reason.suppressed]
        return self._decisions[mask * 2 + rule.needs_consent]

    def suppressed(self, key: str) -> bool:
        """Is the contact ``key`` (``email:ana@example.com``) on the suppression list?"""
        return self.hasher.hash64(key) in self.memory.suppression

    def decision(self, mask: int, rule: PurposeRule) -> Decision:
        return self._decisions[mask * 2 + rule.needs_consent]

    def decision_table(self, rule: PurposeRule) -> npt.NDArray[np.object_]:
        """The decision for each denial mask, as an array a whole mask array can index."""
        return self._tables[rule.needs_consent]

    def denials(self, rule: PurposeRule, key: str, now: float) -> int:
        """The denial bits for the subject ``key`` (``kind:value``), all but suppression."""
        memory = self.memory
        mask = 0
        if memory.objections:
            objected = memory.objections.get(key)
            if objected and (rule.id in objected or (ANY_PURPOSE in objected and rule.objectable)):
                mask |= BIT[Reason.objection]
        if memory.restrictions:
            restricted = memory.restrictions.get(key)
            if restricted and (
                rule.id in restricted or (ANY_PURPOSE in restricted and rule.restrictable)
            ):
                mask |= BIT[Reason.restriction]
        if memory.adult_from and (rule.needs_consent or rule.minors_excluded):
            of_age = memory.adult_from.get(key)
            if of_age is not None and now // 86400 < of_age:
                mask |= BIT[Reason.under_age]
        if rule.needs_consent:
            packed = memory.consents[rule.index].get(key)
            if packed is None:
                mask |= BIT[Reason.no_consent]
            elif packed & WITHDRAWN_BIT:
                mask |= BIT[Reason.consent_withdrawn]
            elif packed > 1 and packed >> 1 <= now:
                mask |= BIT[Reason.consent_expired]
        return mask


def explain(reason: Reason, rule: PurposeRule, minimum_age: int | None = None) -> str:
    """One sentence for a person reading the decision (the API adds it beside the code)."""
    texts = {
        Reason.suppressed: "the contact is on the marketing suppression list",
        Reason.objection: f"the subject objected to processing for {rule.id}",
        Reason.restriction: "processing of the subject's data is restricted",
        Reason.under_age: f"the subject is under {minimum_age}, the policy's minimum age",
        Reason.consent_withdrawn: f"consent to {rule.id} was withdrawn",
        Reason.consent_expired: f"consent to {rule.id} has expired",
        Reason.no_consent: f"{rule.id} needs consent and none was given",
        Reason.invalid_identity: "the identity could not be read",
        Reason.consent_given: f"consent to {rule.id} was given and holds",
        Reason.legal_basis: f"{rule.id} relies on {rule.legal_basis.value.replace('_', ' ')}",
    }
    return texts[reason]


def _decision(mask: int, needs_consent: bool, version: str) -> Decision:
    if mask:
        reasons = tuple(reason for reason in DENIALS if mask & BIT[reason])
        return Decision(False, reasons, version)
    granted = Reason.consent_given if needs_consent else Reason.legal_basis
    return Decision(True, (granted,), version)
