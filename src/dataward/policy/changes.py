"""Change records for ``policy diff`` and the helpers that word them.

A :class:`Change` is one changed promise: its kind, the promise it is about, the value
before and after (as words; None when the item did not exist on that side) and a ready
sentence. :func:`field_changes` turns every differing field of two versions of the same
item into such records, so that new fields in the model show up in diffs without new code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from enum import Enum, StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel

from dataward.policy.model import Period, Policy, ProcessingAgreement, Recipient, Transfer
from dataward.policy.phrases import duration, label


class ChangeKind(StrEnum):
    metadata = "metadata"  # version, last updated, title …
    contact = "contact"  # controller, DPO, EU representative
    activity_added = "activity_added"
    activity_removed = "activity_removed"
    activity_changed = "activity_changed"  # name, section, summary, role, sources, security
    subject_added = "subject_added"
    subject_removed = "subject_removed"
    data_added = "data_added"
    data_removed = "data_removed"
    purpose_added = "purpose_added"
    purpose_removed = "purpose_removed"
    purpose_changed = "purpose_changed"
    legal_basis_changed = "legal_basis_changed"
    recipient_added = "recipient_added"
    recipient_removed = "recipient_removed"
    recipient_changed = "recipient_changed"
    transfer_added = "transfer_added"
    transfer_removed = "transfer_removed"
    transfer_changed = "transfer_changed"
    safeguard_changed = "safeguard_changed"
    retention_added = "retention_added"
    retention_removed = "retention_removed"
    retention_period_changed = "retention_period_changed"
    retention_action_changed = "retention_action_changed"
    retention_anchor_changed = "retention_anchor_changed"
    retention_changed = "retention_changed"  # data covered, conditions, who sets the period …
    right_added = "right_added"
    right_removed = "right_removed"
    right_changed = "right_changed"
    vocabulary_changed = "vocabulary_changed"  # subject/data categories, events, conditions …
    statement_changed = "statement_changed"  # complaints, children, override, security …


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    subject: str  # the promise that changed, e.g. "Marketing" or "Usage data"
    before: str | None  # None: it did not exist before
    after: str | None  # None: it no longer exists
    sentence: str

    def as_dict(self) -> dict[str, str | None]:
        return {**asdict(self), "kind": self.kind.value}


def show(value: Any) -> str:
    """A field value as words for a sentence."""
    if value is None:
        return "none"
    if isinstance(value, Enum):
        return label(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Period):
        return duration(value)
    if isinstance(value, ProcessingAgreement):
        if not value.in_place:
            return "not in place"
        return "in place" + (f" since {value.since.isoformat()}" if value.since else "")
    if isinstance(value, BaseModel):
        return ", ".join(f"{label(k)} {show(v)}" for k, v in value if v not in (None, [], ""))
    if isinstance(value, list | tuple):
        return ", ".join(show(item) for item in value) or "none"
    return str(value)


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def field_changes(
    old: BaseModel,
    new: BaseModel,
    kind: ChangeKind,
    subject: str,
    prefix: str | None,
    skip: Sequence[str] = ("id",),
) -> Iterator[Change]:
    """One change per differing field: ``Controller email: a@x → b@x``."""
    for name in type(old).model_fields:
        before, after = getattr(old, name), getattr(new, name)
        if name in skip or before == after:
            continue
        shown_before, shown_after = show(before), show(after)
        field = label(name)
        text = f"{prefix} {field}" if prefix else sentence_case(field)
        yield Change(
            kind, subject, shown_before, shown_after, f"{text}: {shown_before} → {shown_after}"
        )


T = TypeVar("T")


def match(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], Any]
) -> tuple[list[T], list[T], list[tuple[T, T]]]:
    """(added, removed, kept pairs), in the new order then the old order."""
    old_by_key = {key(item): item for item in old}
    new_keys = {key(item) for item in new}
    added = [item for item in new if key(item) not in old_by_key]
    removed = [item for item in old if key(item) not in new_keys]
    kept = [(old_by_key[key(item)], item) for item in new if key(item) in old_by_key]
    return added, removed, kept


def recipient_phrase(recipient: Recipient) -> str:
    """``Acme Mailer (processor, US)``."""
    return f"{recipient.name} ({label(recipient.role)}, {', '.join(recipient.locations)})"


def transfer_phrase(transfer: Transfer, policy: Policy) -> str:
    """``Acme Mailer to US (standard contractual clauses)``."""
    names = {recipient.id: recipient.name for recipient in policy.recipients}
    who = names.get(transfer.recipient, label(transfer.recipient))
    return f"{who} to {transfer.destination} ({label(transfer.safeguard)})"
