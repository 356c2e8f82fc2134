"""Deciding for a whole list at once (a campaign's recipients), with the same answers.

A million recipients must take about a second, so nothing here runs Python code per
recipient except the keyed hash, which has no bulk form: canonical emails are checked by one
regex pass over the joined list (:func:`~dataward.consent.identity.plain_email_keys`),
consents are looked up in the purpose's sorted :class:`~dataward.consent.memory.ConsentTable`
and turned into denial bits with numpy, the suppression list answers for every contact in one
vectorised search, and the decisions are taken from a table indexed by those bits.
Recipients who hold an objection, a restriction or a birth date (few) are decided one by one
by the engine itself. The answers are the engine's own: ``tests/consent`` compares them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat

import numpy as np
import numpy.typing as npt

from dataward.consent.decision import BIT, Decision, DecisionEngine, Reason
from dataward.consent.errors import ConsentInputError
from dataward.consent.identity import (
    CONTACT_KINDS,
    EMAIL,
    SUBJECT,
    check_channel,
    decision_key,
    plain_email_keys,
)
from dataward.consent.memory import ABSENT, WITHDRAWN_BIT
from dataward.consent.purposes import PurposeRule
from dataward.inventory.identity import Identity

Masks = npt.NDArray[np.int64]
INVALID = BIT[Reason.invalid_identity]


@dataclass(frozen=True)
class BulkDecisions:
    """Decisions in the order of the input, how many of each, and the tally by reason."""

    purpose: str
    policy_version: str
    decisions: list[Decision]
    reasons: Counter[Reason] = field(default_factory=Counter)
    outcomes: dict[Decision, int] = field(default_factory=dict)

    @property
    def allowed(self) -> int:
        return sum(count for decision, count in self.outcomes.items() if decision.allowed)

    @property
    def denied(self) -> int:
        return len(self.decisions) - self.allowed


@dataclass(frozen=True)
class _Keys:
    """What a list of identities names: ``kind:value`` keys ("" where unreadable)."""

    keys: list[str]
    contacts: npt.NDArray[np.bool_]  # an email or phone: what the suppression list can hold
    invalid: npt.NDArray[np.bool_]


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
    read = _read_keys(identities, channel, skip_invalid)
    masks = _consent_masks(engine, rule, read.keys, at)
    _add_facts(engine, rule, read.keys, at, masks)
    if rule.marketing and read.contacts.any():
        positions = np.flatnonzero(read.contacts)
        keys = read.keys
        contacts = keys if len(positions) == len(keys) else [keys[i] for i in positions.tolist()]
        listed = engine.memory.suppression.contains_many(engine.hasher.hash64_many(contacts))
        masks[positions[listed]] |= BIT[Reason.suppressed]
    masks[read.invalid] = INVALID
    table = engine.decision_table(rule)
    decisions: list[Decision] = table[masks].tolist()
    outcomes: dict[Decision, int] = {}
    counted: Counter[Reason] = Counter()
    counts = np.bincount(masks)
    for mask in np.flatnonzero(counts).tolist():
        decision, count = engine.decision(mask, rule), int(counts[mask])
        outcomes[decision] = count
        for reason in decision.reasons:
            counted[reason] += count
    # In the order reasons are listed, so that equal counts come out strongest first.
    tally = Counter({reason: counted[reason] for reason in Reason if reason in counted})
    return BulkDecisions(rule.id, engine.catalogue.policy_version, decisions, tally, outcomes)


def _consent_masks(engine: DecisionEngine, rule: PurposeRule, keys: list[str], now: float) -> Masks:
    """The consent bits of every subject (the engine's rules, on whole arrays)."""
    if not rule.needs_consent:
        return np.zeros(len(keys), dtype=np.int64)
    packed = engine.memory.consent_table(rule.index).lookup(keys)
    absent = packed == ABSENT
    withdrawn = ~absent & (packed & WITHDRAWN_BIT).astype(bool)
    expired = ~absent & ~withdrawn & (packed > 1) & ((packed >> 1) <= now)
    masks = absent * BIT[Reason.no_consent]
    masks |= withdrawn * BIT[Reason.consent_withdrawn]
    masks |= expired * BIT[Reason.consent_expired]
    return masks


def _add_facts(
    engine: DecisionEngine, rule: PurposeRule, keys: list[str], now: float, masks: Masks
) -> None:
    """Decide afresh, one by one, the few subjects with an objection, restriction or age."""
    memory = engine.memory
    holders = (memory.objections, memory.restrictions, memory.adult_from)
    if not any(holders):
        return
    held = set().union(*holders)
    found = np.fromiter(map(held.__contains__, keys), dtype=bool, count=len(keys))
    for position in np.flatnonzero(found).tolist():
        masks[position] = engine.denials(rule, keys[position], now)


def _read_keys(identities: Sequence[Identity | str], channel: str | None, skip: bool) -> _Keys:
    count = len(identities)
    plain = plain_email_keys(identities)
    if plain is not None:  # every one a canonical email: the common campaign
        invalid = np.zeros(count, dtype=bool)
        if channel is not None and count:
            try:
                check_channel(channel, EMAIL)
            except ConsentInputError as error:
                if not skip:
                    raise ConsentInputError("identities[0]", error.message) from None
                invalid[:] = True
        return _Keys(plain, ~invalid, invalid)
    return _read_one_by_one(identities, channel, skip)


def _read_one_by_one(
    identities: Sequence[Identity | str], channel: str | None, skip: bool
) -> _Keys:
    """Anything else (phones, other kinds, spelling to normalise): each read on its own;
    an unreadable one is named, or skipped."""
    keys: list[str] = []
    kinds: list[str] = []
    for index, raw in enumerate(identities):
        try:
            if isinstance(raw, Identity):
                kind, key = raw.kind, f"{raw.kind}:{raw.value}"
            else:
                kind, key = decision_key(raw)
            check_channel(channel, kind)
        except ConsentInputError as error:
            if not skip:
                raise ConsentInputError(f"identities[{index}]", error.message) from None
            kind, key = "", ""
        keys.append(key)
        kinds.append(kind)
    contacts = np.fromiter(map(CONTACT_KINDS.__contains__, kinds), dtype=bool, count=len(kinds))
    invalid = np.fromiter(map(str.__eq__, kinds, repeat("")), dtype=bool, count=len(kinds))
    return _Keys(keys, contacts, invalid)
