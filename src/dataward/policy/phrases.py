"""Short plain-language phrases for the records built from a policy (Art. 30, diff, Fides).

The notice renderer (:mod:`dataward.policy.render.wording`) owns how a retention rule is
said; the records reuse its sentence and its verbs, so that a ROPA cell, a diff line, a Fides
``retention_period`` and the notice say the same thing. The records add only what a notice
does not need: compact periods for a diff ("up to 3 years → 2 years") and the anchor alone
("after the end of the month in which the communication took place").
"""

from __future__ import annotations

from enum import Enum

from dataward.policy.calendar import Alignment
from dataward.policy.model import Anchor, Period, Policy, RetentionAction, RetentionRule
from dataward.policy.render import wording

_ALIGN = {
    Alignment.instant: "after {event}",
    Alignment.end_of_day: "after the day of {event}",
    Alignment.end_of_month: "after the end of the month in which {event} took place",
    Alignment.end_of_year: "following the year of {event}",
}


def label(value: Enum | str) -> str:
    """An enum value or identifier as words: ``legitimate_interests`` → ``legitimate interests``."""
    text = value.value if isinstance(value, Enum) else value
    return str(text).replace("_", " ")


def duration(period: Period) -> str:
    """``{years: 1, months: 6}`` → ``1 year 6 months``; a zero period → ``0 days``."""
    parts = [
        f"{count} {unit}{'' if count == 1 else 's'}"
        for count, unit in ((period.years, "year"), (period.months, "month"), (period.days, "day"))
        if count
    ]
    return " ".join(parts) or "0 days"


def period_phrase(rule: RetentionRule) -> str:
    """How long a rule keeps data, without the anchor: ``up to 3 years``, ``12 months``."""
    if rule.offset is None:
        return "no fixed period (reviewed by a person)"
    return f"{'up to ' if rule.up_to else ''}{duration(rule.offset)}"


def anchor_phrase(anchor: Anchor, policy: Policy) -> str:
    """Where the clock starts, in the event's own phrase: ``following the year of …``."""
    phrases = {event.id: event.phrase for event in policy.anchor_events}
    return _ALIGN[anchor.align].format(event=phrases.get(anchor.event, label(anchor.event)))


def action_phrase(action: RetentionAction) -> str:
    """What happens when the period ends, in the notice's verbs: ``deleted``."""
    if action is RetentionAction.review:
        return "reviewed by a person"
    return wording.VERBS[action]


def retention_sentence(rule: RetentionRule, policy: Policy) -> str:
    """One rule as the notice states it: ``Usage data: kept for up to three (3) years …``."""
    return wording.retention_sentence(rule, wording.Phrasebook.of(policy))
