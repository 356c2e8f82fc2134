"""Checks across a whole policy, run in order; each reports every problem it finds.

The pydantic model checks each field on its own. These checks look across the document:
identifiers unique, references pointing at something defined, taxonomy keys known to
fideslang, and the recipient register kept up (agreements, assessments, safeguards).
Errors stop a policy from loading; warnings do not (``policy check --strict`` fails on them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import cache
from typing import Any, Protocol

from dataward.policy.model import Policy, RecipientRole, RetentionAction, Role, Safeguard
from dataward.policy.problems import Path, Problem, Severity

EEA = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
        "EEA",
        "EU",
    ]
)


class Report(Protocol):
    def __call__(
        self, path: Path, message: str, value: Any = None, severity: Severity = Severity.error
    ) -> Problem: ...


Check = Callable[[Policy, Report, date], Iterator[Problem]]


def _duplicates(items: Iterable[Any], prefix: Path, report: Report) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            yield report((*prefix, index, "id"), "duplicate id", item.id)
        seen.add(item.id)


def unique_ids(policy: Policy, report: Report, today: date) -> Iterator[Problem]:
    for field in (
        "relationships",
        "subject_categories",
        "data_categories",
        "anchor_events",
        "conditions",
        "recipients",
        "transfers",
        "cookie_categories",
        "activities",
    ):
        yield from _duplicates(getattr(policy, field), (field,), report)
    rule_ids: set[str] = set()
    for a, activity in enumerate(policy.activities):
        yield from _duplicates(activity.purposes, ("activities", a, "purposes"), report)
        for r, rule in enumerate(activity.retention):
            if rule.id in rule_ids:
                path = ("activities", a, "retention", r, "id")
                yield report(path, "duplicate retention rule id", rule.id)
            rule_ids.add(rule.id)


def _dangling_one(
    value: str, known: set[str], path: Path, what: str, report: Report
) -> Iterator[Problem]:
    if value not in known:
        choices = ", ".join(sorted(known)) or "none defined"
        yield report(path, f"unknown {what}; expected one of: {choices}", value)


def _dangling(
    values: Iterable[str], known: set[str], path: Path, what: str, report: Report
) -> Iterator[Problem]:
    for index, value in enumerate(values):
        yield from _dangling_one(value, known, (*path, index), what, report)


def references(policy: Policy, report: Report, today: date) -> Iterator[Problem]:
    relationships = {item.id for item in policy.relationships}
    subjects = {item.id for item in policy.subject_categories}
    categories = {item.id for item in policy.data_categories}
    events = {item.id for item in policy.anchor_events}
    conditions = {item.id for item in policy.conditions}
    recipients = {item.id for item in policy.recipients}
    transfers = {item.id for item in policy.transfers}

    for s, subject in enumerate(policy.subject_categories):
        path: Path = ("subject_categories", s, "relationship")
        yield from _dangling_one(subject.relationship, relationships, path, "relationship", report)
    for t, transfer in enumerate(policy.transfers):
        path = ("transfers", t, "recipient")
        yield from _dangling_one(transfer.recipient, recipients, path, "recipient", report)
    if policy.children is not None:
        path = ("children", "subjects")
        yield from _dangling(policy.children.subjects, subjects, path, "subject category", report)

    for a, activity in enumerate(policy.activities):
        at: Path = ("activities", a)
        yield from _dangling(
            activity.subjects, subjects, (*at, "subjects"), "subject category", report
        )
        yield from _dangling(
            activity.data_categories, categories, (*at, "data_categories"), "data category", report
        )
        yield from _dangling(
            activity.recipients, recipients, (*at, "recipients"), "recipient", report
        )
        yield from _dangling(activity.transfers, transfers, (*at, "transfers"), "transfer", report)
        for r, rule in enumerate(activity.retention):
            rule_at: Path = (*at, "retention", r)
            yield from _dangling(
                rule.data_categories,
                set(activity.data_categories),
                (*rule_at, "data_categories"),
                "data category of this activity",
                report,
            )
            yield from _dangling(
                rule.subjects,
                set(activity.subjects),
                (*rule_at, "subjects"),
                "subject category of this activity",
                report,
            )
            yield from _dangling(rule.unless, conditions, (*rule_at, "unless"), "condition", report)
            if rule.anchor is not None:
                path = (*rule_at, "anchor", "event")
                yield from _dangling_one(rule.anchor.event, events, path, "anchor event", report)


def retention_semantics(policy: Policy, report: Report, today: date) -> Iterator[Problem]:
    for a, activity in enumerate(policy.activities):
        for r, rule in enumerate(activity.retention):
            path: Path = ("activities", a, "retention", r)
            if rule.period_set_by.value == "customer" and activity.role is not Role.processor:
                yield report(
                    (*path, "period_set_by"),
                    "only a processor activity's period can be set by the customer",
                    rule.period_set_by.value,
                )
            if rule.action in (RetentionAction.null, RetentionAction.pseudonymise) and (
                rule.offset is not None and rule.offset.as_offset().is_zero and not rule.unless
            ):
                yield report(
                    (*path, "offset"),
                    "a zero period strips the columns as soon as they are written; "
                    "store them without those columns instead",
                    severity=Severity.warning,
                )
    if policy.children is not None and policy.children.action is RetentionAction.review:
        yield report(("children", "action"), "the under-age rule must act, not wait for review")


@cache
def _fides_keys() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    from fideslang import DEFAULT_TAXONOMY  # loaded on first use: the taxonomy is large

    return (
        frozenset(item.fides_key for item in DEFAULT_TAXONOMY.data_subject),
        frozenset(item.fides_key for item in DEFAULT_TAXONOMY.data_category),
        frozenset(item.fides_key for item in DEFAULT_TAXONOMY.data_use),
    )


def _unknown_fides(kind: str) -> str:
    return f"not a fideslang {kind} key (see fideslang's default taxonomy)"


def fides_taxonomy(policy: Policy, report: Report, today: date) -> Iterator[Problem]:
    subjects, categories, uses = _fides_keys()
    for s, subject in enumerate(policy.subject_categories):
        if subject.fides_key is not None and subject.fides_key not in subjects:
            yield report(
                ("subject_categories", s, "fides_key"),
                _unknown_fides("data subject"),
                subject.fides_key,
            )
    for c, category in enumerate(policy.data_categories):
        for k, key in enumerate(category.fides_keys):
            if key not in categories:
                yield report(
                    ("data_categories", c, "fides_keys", k),
                    _unknown_fides("data category"),
                    key,
                )
    for a, activity in enumerate(policy.activities):
        for p, purpose in enumerate(activity.purposes):
            if purpose.fides_use is not None and purpose.fides_use not in uses:
                yield report(
                    ("activities", a, "purposes", p, "fides_use"),
                    _unknown_fides("data use"),
                    purpose.fides_use,
                )


def recipient_register(policy: Policy, report: Report, today: date) -> Iterator[Problem]:
    warning = Severity.warning
    for r, recipient in enumerate(policy.recipients):
        at: Path = ("recipients", r)
        if recipient.role is RecipientRole.processor:
            if recipient.agreement is None or not recipient.agreement.in_place:
                yield report(
                    (*at, "agreement"),
                    f"processor {recipient.name!r} has no data processing agreement in place",
                    severity=warning,
                )
            if recipient.last_assessment is None:
                yield report(
                    (*at, "last_assessment"),
                    f"processor {recipient.name!r} has no security and privacy assessment",
                    severity=warning,
                )
        due = recipient.assessment_due()
        if due is not None and due < today:
            yield report(
                (*at, "last_assessment"),
                f"re-assessment of {recipient.name!r} was due on {due.isoformat()}",
                recipient.last_assessment.isoformat() if recipient.last_assessment else None,
                warning,
            )
    for t, transfer in enumerate(policy.transfers):
        if transfer.destination not in EEA and transfer.safeguard is Safeguard.none:
            yield report(
                ("transfers", t, "safeguard"),
                f"transfer to {transfer.destination} (outside the EEA) has no safeguard",
                transfer.safeguard.value,
                warning,
            )
    covered = {(t.recipient, t.destination) for t in policy.transfers}
    by_id = {recipient.id: recipient for recipient in policy.recipients}
    for a, activity in enumerate(policy.activities):
        for i, recipient_id in enumerate(activity.recipients):
            listed = by_id.get(recipient_id)
            if listed is None:
                continue
            for location in listed.locations:
                if location not in EEA and (recipient_id, location) not in covered:
                    yield report(
                        ("activities", a, "recipients", i),
                        f"{listed.name!r} is in {location} (outside the EEA) but no transfer "
                        "with a safeguard is recorded for it",
                        recipient_id,
                        warning,
                    )


CHECKS: tuple[Check, ...] = (
    unique_ids,
    references,
    retention_semantics,
    fides_taxonomy,
    recipient_register,
)


def run_checks(policy: Policy, report: Report, today: date) -> list[Problem]:
    return [problem for check in CHECKS for problem in check(policy, report, today)]
