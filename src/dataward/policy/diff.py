"""What changed between two versions of a policy, one promise per line, in plain words.

Items are matched by id: an activity, purpose, retention rule, recipient or transfer with the
same id is the same promise, however it moved in the file; a new id is a new promise. Lists
of references (an activity's subjects, recipients) are compared as sets, so reordering them
is no change. Each change is a typed record with a ready sentence, e.g.
``Usage data: kept up to 3 years → 2 years``, so a changelog, a review in a pull request
and the ``policy diff`` command all read the same.

The records and their wording helpers live in :mod:`dataward.policy.changes`, the
comparison of activities in :mod:`dataward.policy.diff_activities`.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from dataward.policy.changes import (
    Change,
    ChangeKind,
    field_changes,
    match,
    recipient_phrase,
    sentence_case,
    show,
    transfer_phrase,
)
from dataward.policy.diff_activities import activity_changes
from dataward.policy.model import Policy
from dataward.policy.phrases import label

__all__ = ["Change", "ChangeKind", "diff_policies"]


def _contacts(old: Policy, new: Policy) -> Iterator[Change]:
    kind = ChangeKind.contact
    yield from field_changes(old.controller, new.controller, kind, "controller", "Controller")
    yield from field_changes(old.dpo, new.dpo, kind, "DPO", "DPO")
    before, after = old.eu_representative, new.eu_representative
    if before is not None and after is not None:
        yield from field_changes(before, after, kind, "EU representative", "EU representative")
    elif before != after:
        was = None if before is None else f"{before.name} <{before.email}>"
        now = None if after is None else f"{after.name} <{after.email}>"
        text = f"EU representative appointed: {now}" if now else "EU representative removed"
        yield Change(kind, "EU representative", was, now, text)


def _register(old: Policy, new: Policy) -> Iterator[Change]:
    added, removed, kept = match(old.recipients, new.recipients, lambda item: item.id)
    for recipient in added:
        yield Change(
            ChangeKind.recipient_added,
            recipient.name,
            None,
            recipient_phrase(recipient),
            f"New recipient in the register: {recipient_phrase(recipient)}",
        )
    for recipient in removed:
        yield Change(
            ChangeKind.recipient_removed,
            recipient.name,
            recipient_phrase(recipient),
            None,
            f"Removed recipient from the register: {recipient_phrase(recipient)}",
        )
    for before, after in kept:
        prefix = f"Recipient {after.name}"
        yield from field_changes(before, after, ChangeKind.recipient_changed, after.name, prefix)
    yield from _transfers(old, new)


def _transfers(old: Policy, new: Policy) -> Iterator[Change]:
    added, removed, kept = match(old.transfers, new.transfers, lambda item: item.id)
    for transfer in added:
        text = transfer_phrase(transfer, new)
        yield Change(ChangeKind.transfer_added, text, None, text, f"New transfer: {text}")
    for transfer in removed:
        text = transfer_phrase(transfer, old)
        yield Change(ChangeKind.transfer_removed, text, text, None, f"Removed transfer: {text}")
    names = {recipient.id: recipient.name for recipient in new.recipients}
    for before, after in kept:
        who = names.get(after.recipient, label(after.recipient))
        subject = f"Transfer of {who} to {after.destination}"
        if before.safeguard != after.safeguard:
            was, now = label(before.safeguard), label(after.safeguard)
            text = f"{subject}: safeguard {was} → {now}"
            yield Change(ChangeKind.safeguard_changed, subject, was, now, text)
        kind = ChangeKind.transfer_changed
        yield from field_changes(before, after, kind, subject, subject, ("id", "safeguard"))


# Vocabularies: (field, what one item is called, attribute that names it).
_VOCABULARIES = (
    ("relationships", "relationship", "title"),
    ("subject_categories", "data subject category", "name"),
    ("data_categories", "data category", "name"),
    ("anchor_events", "retention event", "phrase"),
    ("conditions", "condition", "phrase"),
    ("cookie_categories", "cookie category", "name"),
)


def _vocabularies(old: Policy, new: Policy) -> Iterator[Change]:
    kind = ChangeKind.vocabulary_changed
    for field, what, name in _VOCABULARIES:
        added, removed, kept = match(getattr(old, field), getattr(new, field), lambda i: i.id)
        for item in added:
            title = getattr(item, name)
            yield Change(kind, title, None, title, f"New {what}: {title}")
        for item in removed:
            title = getattr(item, name)
            yield Change(kind, title, title, None, f"Removed {what}: {title}")
        for before, after in kept:
            # Named as it was: the naming field itself may be what changed.
            title = getattr(before, name)
            prefix = f'{sentence_case(what)} "{title}"'
            yield from field_changes(before, after, kind, title, prefix)


def _rights(old: Policy, new: Policy) -> Iterator[Change]:
    added, removed, kept = match(old.rights, new.rights, lambda item: item.right)
    for item in added:
        right = label(item.right)
        yield Change(ChangeKind.right_added, right, None, item.description, f"Right added: {right}")
    for item in removed:
        right = label(item.right)
        yield Change(
            ChangeKind.right_removed, right, item.description, None, f"Right removed: {right}"
        )
    for before, after in kept:
        right = label(after.right)
        yield from field_changes(
            before, after, ChangeKind.right_changed, right, f"Right {right}", ("right",)
        )


def _statements(old: Policy, new: Policy) -> Iterator[Change]:
    kind = ChangeKind.statement_changed
    for field in ("complaints", "changes", "children", "retention_override"):
        before, after = getattr(old, field), getattr(new, field)
        if before == after:
            continue
        title = sentence_case(label(field))
        if isinstance(before, BaseModel) and isinstance(after, BaseModel):
            yield from field_changes(before, after, kind, title, title, ())
        else:
            was, now = show(before), show(after)
            yield Change(kind, title, was, now, f"{title}: {was} → {now}")
    added, removed, _ = match(old.security, new.security, lambda item: item)
    for measure in added:
        yield Change(kind, "security", None, measure, f"New security measure: {measure}")
    for measure in removed:
        yield Change(kind, "security", measure, None, f"Removed security measure: {measure}")


def diff_policies(old: Policy, new: Policy) -> list[Change]:
    """Every changed promise from ``old`` to ``new``; empty when they promise the same."""
    changes = list(field_changes(old.metadata, new.metadata, ChangeKind.metadata, "notice", None))
    for part in (_contacts, activity_changes, _rights, _register, _vocabularies, _statements):
        changes.extend(part(old, new))
    return changes
