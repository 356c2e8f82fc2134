"""The value objects of a retention run: what one step will do, to which table, from when.

A *step* is one rule applied to one dataset (and, for rules whose period each customer sets,
to one customer or to everyone without an instruction). Steps are derived from the policy
and the inventory by :mod:`dataward.retention.derive`; they hold names, never SQL, so the
same step compiles for every dialect (:mod:`dataward.retention.compile`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from dataward.inventory.connectors.base import TableRef
from dataward.inventory.model import DatasetAddress

# The pseudo-rule of the policy's ``children`` block (minimum age), used in step keys.
MINIMUM_AGE_RULE = "minimum_age"


class StepAction(StrEnum):
    delete = "delete"  # delete the due rows
    null = "null"  # set the rule's columns to NULL, keep the row
    pseudonymise = "pseudonymise"  # replace the rule's columns with a keyed hash
    suppress = "suppress"  # keep a keyed hash of the contact, then delete the rows
    redact = "redact"  # replace the personal data found in the rule's free-text columns


@dataclass(frozen=True)
class StepKey:
    """``rule@system.dataset`` or ``rule@system.dataset#part``: unique within a run."""

    rule: str
    address: DatasetAddress
    part: str = ""

    def __str__(self) -> str:
        text = f"{self.rule}@{self.address}"
        return f"{text}#{self.part}" if self.part else text


@dataclass(frozen=True)
class Cutoff:
    """Which rows are due: ``column < value`` (or ``column > value`` when ``after``).

    ``value`` is computed once per run in Python; the column is compared bare, so the
    database answers from an index range scan. ``after`` serves the minimum-age rule,
    which is due for people born after a date.
    """

    column: str
    value: datetime | date
    after: bool = False


@dataclass(frozen=True)
class HoldColumn:
    """A column whose value may be held: ``kind`` is a held-key kind (see ``held``)."""

    column: str
    kind: str


@dataclass(frozen=True)
class CustomerScope:
    """Limit a step to one instructed customer, or to every customer without instruction."""

    column: str
    only: str | None = None
    excluded: tuple[str, ...] = ()


@dataclass(frozen=True)
class Via:
    """Rows due because a parent row in the same database is: ``column IN (SELECT …)``."""

    column: str
    parent: TableRef
    parent_column: str


@dataclass(frozen=True)
class Step:
    key: StepKey
    activity: str
    action: StepAction
    table: TableRef
    cutoff: Cutoff
    period: str
    columns: tuple[str, ...] = ()  # what null/pseudonymise/redact rewrite
    primary_key: tuple[str, ...] = ()  # empty: read from the database
    unless: tuple[str, ...] = ()  # condition columns that must be NULL for a row to be due
    customer: CustomerScope | None = None
    holds: tuple[HoldColumn, ...] = ()
    contacts: tuple[HoldColumn, ...] = ()  # suppress: the contact columns and their kinds
    via: Via | None = None
    blocked: str | None = None  # why the step cannot run (shown in the plan)

    @property
    def address(self) -> DatasetAddress:
        return self.key.address

    @property
    def rule(self) -> str:
        return self.key.rule


@dataclass(frozen=True)
class Notice:
    """A rule the engine does not run, and why: a human reads these in the plan."""

    rule: str
    activity: str
    kind: str  # review | unbound | handled_outside
    reason: str


@dataclass(frozen=True)
class StepList:
    steps: tuple[Step, ...]
    notices: tuple[Notice, ...] = field(default=())
