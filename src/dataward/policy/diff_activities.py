"""The part of a policy diff that concerns processing activities and their retention rules.

An activity is matched by id, and so are its purposes and retention rules within it: a rule
moved to another activity reads as removed from one and added to the other, which is what
changed for the people each activity concerns. A new or removed activity is one change;
its purposes and rules are not listed again. A rule is named by its description, as the
notice names the data; when two rules share a description the activity name is added so
the sentence stays unambiguous.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from dataward.policy.changes import (
    Change,
    ChangeKind,
    field_changes,
    match,
    recipient_phrase,
    transfer_phrase,
)
from dataward.policy.model import Activity, Policy, Purpose, RetentionRule
from dataward.policy.phrases import (
    action_phrase,
    anchor_phrase,
    label,
    period_phrase,
    retention_sentence,
)


@dataclass(frozen=True)
class _Versions:
    old: Policy
    new: Policy
    descriptions: Counter[str]  # how many rules share each description (the larger version)


def _purpose_name(purpose: Purpose, activity: Activity) -> str:
    return f"{activity.name} / {purpose.description.rstrip('.')}"


def _rule_name(rule: RetentionRule) -> str:
    # The description names the data ("Usage data."); it starts a sentence here.
    return rule.description.rstrip(" .")


def _references(
    old_ids: Sequence[str],
    new_ids: Sequence[str],
    names: tuple[dict[str, str], dict[str, str]],
    kinds: tuple[ChangeKind, ChangeKind],
    what: str,
    activity: str,
) -> Iterator[Change]:
    """Added and removed references (subjects, data categories, recipients …) as sentences."""
    added, removed, _ = match(old_ids, new_ids, lambda item: item)
    for item in added:
        name = names[1].get(item, label(item))
        yield Change(kinds[0], activity, None, name, f"New {what} for {activity}: {name}")
    for item in removed:
        name = names[0].get(item, label(item))
        yield Change(kinds[1], activity, name, None, f"Removed {what} from {activity}: {name}")


def _named(policy: Policy) -> dict[str, dict[str, str]]:
    return {
        "subjects": {item.id: item.name for item in policy.subject_categories},
        "data": {item.id: item.name for item in policy.data_categories},
        "recipients": {item.id: recipient_phrase(item) for item in policy.recipients},
        "transfers": {item.id: transfer_phrase(item, policy) for item in policy.transfers},
    }


def _activity_references(v: _Versions, old: Activity, new: Activity) -> Iterator[Change]:
    before, after, name = _named(v.old), _named(v.new), new.name
    K = ChangeKind
    for field, key, kinds, what in (
        ("subjects", "subjects", (K.subject_added, K.subject_removed), "data subject category"),
        ("data_categories", "data", (K.data_added, K.data_removed), "data category"),
        ("recipients", "recipients", (K.recipient_added, K.recipient_removed), "recipient"),
        ("transfers", "transfers", (K.transfer_added, K.transfer_removed), "transfer"),
    ):
        old_ids, new_ids = getattr(old, field), getattr(new, field)
        yield from _references(old_ids, new_ids, (before[key], after[key]), kinds, what, name)
    changed = (K.activity_changed, K.activity_changed)
    sources = ([f"{label(s.kind)}: {s.description}" for s in a.sources] for a in (old, new))
    old_sources, new_sources = sources
    yield from _references(old_sources, new_sources, ({}, {}), changed, "source", name)
    measures = (old.security_measures, new.security_measures)
    yield from _references(*measures, ({}, {}), changed, "security measure", name)


def _purposes(old: Activity, new: Activity) -> Iterator[Change]:
    added, removed, kept = match(old.purposes, new.purposes, lambda item: item.id)
    for purpose in added:
        text = f"{purpose.description.rstrip('.')} (legal basis: {label(purpose.legal_basis)})"
        sentence = f"New purpose for {new.name}: {text}"
        yield Change(ChangeKind.purpose_added, new.name, None, text, sentence)
    for purpose in removed:
        text = purpose.description.rstrip(".")
        sentence = f"Removed purpose from {new.name}: {text}"
        yield Change(ChangeKind.purpose_removed, new.name, text, None, sentence)
    for before, after in kept:
        subject = _purpose_name(before, new)  # as it was: the description may have changed
        if before.legal_basis != after.legal_basis:
            was, now = label(before.legal_basis), label(after.legal_basis)
            sentence = f"Legal basis of {subject} changed: {was} → {now}"
            yield Change(ChangeKind.legal_basis_changed, subject, was, now, sentence)
        skip = ("id", "legal_basis")
        yield from field_changes(before, after, ChangeKind.purpose_changed, subject, subject, skip)


def _rule_changes(
    v: _Versions, subject: str, before: RetentionRule, after: RetentionRule
) -> Iterator[Change]:
    K = ChangeKind
    if (before.offset, before.up_to) != (after.offset, after.up_to):
        was, now = period_phrase(before), period_phrase(after)
        sentence = f"{subject}: kept {was} → {now}"
        yield Change(K.retention_period_changed, subject, was, now, sentence)
    if before.anchor != after.anchor:
        was = anchor_phrase(before.anchor, v.old) if before.anchor else "no fixed event"
        now = anchor_phrase(after.anchor, v.new) if after.anchor else "no fixed event"
        sentence = f"{subject}: clock starts {was} → {now}"
        yield Change(K.retention_anchor_changed, subject, was, now, sentence)
    if before.action != after.action:
        was, now = action_phrase(before.action), action_phrase(after.action)
        sentence = f"{subject}: when the period ends, {was} → {now}"
        yield Change(K.retention_action_changed, subject, was, now, sentence)
    skip = ("id", "offset", "up_to", "anchor", "action")
    yield from field_changes(before, after, K.retention_changed, subject, subject, skip)


def _retention(v: _Versions, old: Activity, new: Activity) -> Iterator[Change]:
    def subject(rule: RetentionRule) -> str:
        name = _rule_name(rule)
        return f"{name} ({new.name})" if v.descriptions[name] > 1 else name

    added, removed, kept = match(old.retention, new.retention, lambda item: item.id)
    for rule in added:
        text = retention_sentence(rule, v.new)
        sentence = f"New retention rule for {new.name}: {text}"
        yield Change(ChangeKind.retention_added, subject(rule), None, text, sentence)
    for rule in removed:
        text = retention_sentence(rule, v.old)
        sentence = f"Removed retention rule from {new.name}: {_rule_name(rule)}"
        yield Change(ChangeKind.retention_removed, _rule_name(rule), text, None, sentence)
    for before, after in kept:
        yield from _rule_changes(v, subject(before), before, after)


# An activity's lists are compared item by item, each item in a sentence of its own.
_LISTS = (
    "id",
    "subjects",
    "data_categories",
    "sources",
    "purposes",
    "recipients",
    "transfers",
    "retention",
    "security_measures",
)


def activity_changes(old: Policy, new: Policy) -> Iterator[Change]:
    """Changes to activities, their purposes, references and retention rules."""
    descriptions = Counter(_rule_name(rule) for _, rule in new.retention_rules()) | Counter(
        _rule_name(rule) for _, rule in old.retention_rules()
    )
    versions = _Versions(old, new, descriptions)
    added, removed, kept = match(old.activities, new.activities, lambda item: item.id)
    for activity in added:
        text = f"{activity.name} ({label(activity.role)}, section {activity.section})"
        yield Change(ChangeKind.activity_added, activity.name, None, text, f"New activity: {text}")
    for activity in removed:
        sentence = f"Removed activity: {activity.name}"
        yield Change(ChangeKind.activity_removed, activity.name, activity.name, None, sentence)
    for before, after in kept:
        kind = ChangeKind.activity_changed
        yield from field_changes(before, after, kind, before.name, before.name, _LISTS)
        yield from _activity_references(versions, before, after)
        yield from _purposes(before, after)
        yield from _retention(versions, before, after)
