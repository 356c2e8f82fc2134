"""Deciding for a whole list at once (a campaign's recipients), with the same answers.

A million recipients must take seconds, so the per-recipient work is a few list
comprehensions instead of a million calls to :meth:`DecisionEngine.decide`: identities are
read in one pass, the suppression list is asked once for all of them (one vectorised
search), and when nobody holds a flag or an age fact, the consent check is a dict lookup
per recipient. The answers are the engine's own (``tests/consent`` compares them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from dataward.consent.decision import BIT, Decision, DecisionEngine, Reason
from dataward.consent.errors import ConsentInputError
from dataward.consent.identity import CONTACT_KINDS, SUBJECT, check_channel, decision_key
from dataward.consent.memory import WITHDRAWN_BIT
from dataward.consent.purposes import PurposeRule
from dataward.inventory.identity import Identity

INVALID = BIT[Reason.invalid_identity]
Keys = list[tuple[str, str]]  # (kind, "kind:value"); ("", "") for an unreadable identity


@dataclass(frozen=True)
class BulkDecisions:
    """Decisions in the order of the input, and their tally."""

    purpose: str
    policy_version: str
    decisions: list[Decision]
    reasons: Counter[Reason] = field(default_factory=Counter)

    @property
    def allowed(self) -> int:
        return sum(1 for decision in self.decisions if decision.allowed)

    @property
    def denied(self) -> int:
        return len(self.decisions) - self.allowed


def decide_many(
    engine: DecisionEngine,
    purpose: str,
    identities: Sequence[Identity | str],
    channel: str | None = None,
    *,
    now: float | None = None,
    skip_invalid: bool = False,
) -> BulkDecisions:
    """One decision per identity. An unreadable identity raises, naming ``identities[i]``,
    unless ``skip_invalid``: it is then denied with the reason ``invalid_identity``."""
    rule = engine.rule(purpose)
    check_channel(channel, SUBJECT)  # the channel's name, once
    at = engine.clock() if now is None else now
    keys = _keys(identities, channel, skip_invalid)
    memory = engine.memory
    if memory.objections or memory.restrictions or memory.adult_from:
        masks = [engine.denials(rule, key, at) if key else INVALID for _, key in keys]
    else:
        masks = _consent_masks(engine, rule, keys, at)
    if rule.marketing:
        positions = [index for index, (kind, _) in enumerate(keys) if kind in CONTACT_KINDS]
        hashes = engine.hasher.hash64_many(keys[index][1] for index in positions)
        for hit in np.flatnonzero(memory.suppression.contains_many(hashes)):
            masks[positions[hit]] |= BIT[Reason.suppressed]
    decisions = engine.decisions_for(masks, rule)
    tally: Counter[Reason] = Counter()
    for mask, count in Counter(masks).items():
        for reason in engine.decision(mask, rule).reasons:
            tally[reason] += count
    return BulkDecisions(rule.id, engine.catalogue.policy_version, decisions, tally)


def _consent_masks(engine: DecisionEngine, rule: PurposeRule, keys: Keys, now: float) -> list[int]:
    """The denial bits when only consent can deny (no flags, no ages held by anyone)."""
    if not rule.needs_consent:
        return [0 if key else INVALID for _, key in keys]
    states = engine.memory.consents[rule.index]
    absent, withdrawn, expired = (
        BIT[Reason.no_consent], BIT[Reason.consent_withdrawn], BIT[Reason.consent_expired],
    )  # fmt: skip
    masks = []
    for _, key in keys:
        packed = states.get(key) if key else -1
        if packed is None:
            masks.append(absent)
        elif packed == -1:
            masks.append(INVALID)
        elif packed & WITHDRAWN_BIT:
            masks.append(withdrawn)
        else:
            masks.append(expired if packed > 1 and packed >> 1 <= now else 0)
    return masks


def _keys(identities: Sequence[Identity | str], channel: str | None, skip_invalid: bool) -> Keys:
    try:
        keys = [
            decision_key(raw) if isinstance(raw, str) else (raw.kind, f"{raw.kind}:{raw.value}")
            for raw in identities
        ]
    except ConsentInputError:
        keys = _keys_one_by_one(identities, skip_invalid)
    if channel is not None:
        for index, (kind, _) in enumerate(keys):
            try:
                check_channel(channel, kind)
            except ConsentInputError as error:
                if not skip_invalid:
                    raise ConsentInputError(f"identities[{index}]", error.message) from None
                keys[index] = ("", "")
    return keys


def _keys_one_by_one(identities: Sequence[Identity | str], skip_invalid: bool) -> Keys:
    """The slow path once an identity failed: find which, and name or skip each bad one."""
    keys: Keys = []
    for index, raw in enumerate(identities):
        try:
            keys.append(decision_key(raw) if isinstance(raw, str) else (raw.kind, str(raw)))
        except ConsentInputError as error:
            if not skip_invalid:
                raise ConsentInputError(f"identities[{index}]", error.message) from None
            keys.append(("", ""))
    return keys
