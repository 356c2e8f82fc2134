"""Retention periods in words, generated from the rule's structure.

A period is never stored as prose in the policy: the sentence is built from the action,
anchor, alignment, offset and conditions that the retention engine executes, so the notice
cannot promise something the engine does not do. Numbers follow the reference notice's
style, "twelve (12) months", because a reader should not have to trust either form alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dataward.policy.calendar import Alignment
from dataward.policy.model import Period, PeriodSetBy, Policy, RetentionAction, RetentionRule

# fmt: off
_ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]
# fmt: on
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

# What happens to the data when the period ends, as a past participle: "… deleted".
VERBS: dict[RetentionAction, str] = {
    RetentionAction.delete: "deleted",
    RetentionAction.null: "removed from the record",
    RetentionAction.pseudonymise: "replaced with a pseudonym",
    RetentionAction.suppress: "kept only on the suppression list",
    RetentionAction.redact: "removed from the text",
}


def number_word(number: int) -> str:
    """English words for 0–999 999: ``number_word(25)`` is ``"twenty-five"``."""
    if number < 0:
        raise ValueError(f"no words for a negative number: {number}")
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{_ONES[hundreds]} hundred" + (f" and {number_word(rest)}" if rest else "")
    if number < 1_000_000:
        thousands, rest = divmod(number, 1000)
        joiner = " and " if 0 < rest < 100 else " "
        return f"{number_word(thousands)} thousand" + (joiner + number_word(rest) if rest else "")
    raise ValueError(f"number too large for words: {number}")


def quantity(number: int, unit: str) -> str:
    """``quantity(12, "month")`` is ``"twelve (12) months"``."""
    return f"{number_word(number)} ({number}) {unit if number == 1 else unit + 's'}"


def period_words(period: Period) -> str:
    """``{years: 1, months: 6}`` is ``"one (1) year and six (6) months"``; zero is ``""``."""
    parts = [
        quantity(amount, unit)
        for amount, unit in ((period.years, "year"), (period.months, "month"), (period.days, "day"))
        if amount
    ]
    return join_words(parts)


def join_words(words: Iterable[str]) -> str:
    """``["a", "b", "c"]`` is ``"a, b and c"``."""
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def timing_words(period: Period, alignment: Alignment, phrase: str) -> str:
    """When the period ends, relative to the anchor event named by ``phrase``."""
    amount = period_words(period)
    if not amount:
        # A zero offset acts as soon as the (aligned) event has happened.
        return {
            Alignment.instant: f"promptly after {phrase}",
            Alignment.end_of_day: f"at the end of the day of {phrase}",
            Alignment.end_of_month: f"at the end of the month in which {phrase} took place",
            Alignment.end_of_year: f"at the end of the year of {phrase}",
        }[alignment]
    return {
        Alignment.instant: f"{amount} after {phrase}",
        Alignment.end_of_day: f"{amount} after the day of {phrase}",
        Alignment.end_of_month: f"{amount} after the end of the month in which {phrase} took place",
        Alignment.end_of_year: f"{amount} following the year of {phrase}",
    }[alignment]


@dataclass(frozen=True)
class Phrasebook:
    """How the policy names its anchor events and conditions, by id."""

    anchors: Mapping[str, str]
    conditions: Mapping[str, str]

    @classmethod
    def of(cls, policy: Policy) -> Phrasebook:
        return cls(
            anchors={event.id: event.phrase for event in policy.anchor_events},
            conditions={condition.id: condition.phrase for condition in policy.conditions},
        )


def _clause(text: str) -> str:
    """Prose from the policy, trimmed so that it can sit inside a generated sentence."""
    return " ".join(text.split()).rstrip(" .")


def retention_sentence(rule: RetentionRule, phrases: Phrasebook) -> str:
    """One sentence stating a retention rule, e.g.

    "Traffic data containing end-users' personal data: removed from the record twelve (12)
    months after the end of the month in which the communication took place."
    """
    subject = _clause(rule.description)
    if rule.is_review or rule.anchor is None or rule.offset is None:
        return f"{subject}: {lower_first(_clause(rule.review_reason or 'reviewed case by case'))}."
    verb = VERBS[rule.action]
    when = timing_words(rule.offset, rule.anchor.align, phrases.anchors[rule.anchor.event])
    up_to = rule.up_to and not rule.offset.as_offset().is_zero
    if rule.period_set_by is PeriodSetBy.customer:
        body = f"{verb} according to the customer's instructions (default: "
        body += f"{'up to ' if up_to else ''}{when})"
    elif up_to:
        then = "" if rule.action is RetentionAction.delete else f", then {verb}"
        body = f"kept for up to {when}{then}"
    else:
        body = f"{verb} {when}"
    unless = " or ".join(_clause(phrases.conditions[id_]) for id_ in rule.unless)
    return f"{subject}: {body}{', unless ' + unless if unless else ''}."


def lower_first(text: str) -> str:
    """Lower-case the first letter of a sentence or name that continues another sentence;
    an acronym at the start ("EU law …", "CCTV recordings") keeps its capitals."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]
