"""Deadlines per jurisdiction: one case per unit and per kind of clock, and the labels."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from dataward.requests.errors import ExtensionError
from dataward.requests.jurisdictions import (
    POLICY_LABEL,
    CalendarRegistry,
    DeadlineRules,
    Period,
    Unit,
    deadlines_for,
    extended_due_at,
    jurisdiction_code,
    load_table,
)
from dataward.requests.kinds import RequestType

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "jurisdictions.yaml"
PACKAGED = (
    Path(__file__).resolve().parents[2]
    / "src/dataward/requests/jurisdictions/data/jurisdictions.yaml"
)
RULES = DeadlineRules(Period(30, Unit.calendar_days), None, CalendarRegistry(load_table().weekends))
# Saturday 31 January 2026, 10:00 UTC: a month end that falls on a weekend.
RECEIVED = datetime(2026, 1, 31, 10, tzinfo=UTC)


def last_day(code: str, kind: RequestType, which: int = 0) -> tuple[date, str]:
    deadline = deadlines_for(load_table(), code, kind, RECEIVED, RULES)[which]
    return (deadline.due_at - timedelta(microseconds=1)).date(), deadline.basis


# fmt: off
CASES = [
    # code, type, last day to answer, basis: one per unit and clock
    ("EU", RequestType.access, date(2026, 2, 28), "law"),          # 1 month, day clamped
    ("GB", RequestType.erasure, date(2026, 3, 2), "law"),          # 28 Feb: a Saturday, so Monday
    ("US-CA", RequestType.access, date(2026, 3, 17), "law"),       # 45 calendar days
    ("BR", RequestType.access, date(2026, 2, 15), "law"),          # 15 calendar days
    ("BR", RequestType.erasure, date(2026, 3, 2), "policy"),       # no statutory number for erasure
    ("CO", RequestType.access, date(2026, 2, 13), "law"),          # consulta: 10 business days
    ("CO", RequestType.erasure, date(2026, 2, 20), "law"),         # reclamo: 15 business days
    ("AR", RequestType.access, date(2026, 2, 10), "law"),          # 10 consecutive days
    ("AR", RequestType.erasure, date(2026, 3, 2), "policy"),       # 5 business days, unverified
    ("EG", RequestType.access, date(2026, 3, 2), "policy"),        # verified: false entry
    ("ID", RequestType.access, date(2026, 2, 3), "law"),           # 72 hours
    ("JP", RequestType.access, date(2026, 3, 2), "policy"),        # "without delay": no number
    ("KR", RequestType.rectification, date(2026, 2, 10), "law"),   # 10 days
    ("MY", RequestType.access, date(2026, 2, 21), "law"),          # 21 days
    ("PH", RequestType.access, date(2026, 3, 2), "policy"),        # 30 working days, unverified
    ("SA", RequestType.objection, date(2026, 3, 2), "law"),        # 30 days, every request
    ("AE", RequestType.access, date(2026, 3, 2), "policy"),        # executive regulations pending
    ("XX", RequestType.access, date(2026, 3, 2), "policy"),        # no entry at all
]
# fmt: on


@pytest.mark.parametrize(
    ("code", "kind", "expected", "basis"), CASES, ids=[f"{c[0]}-{c[1].value}" for c in CASES]
)
def test_deadline_per_jurisdiction(
    code: str, kind: RequestType, expected: date, basis: str
) -> None:
    assert last_day(code, kind) == (expected, basis)


def test_separate_acknowledgement_clock() -> None:
    deadlines = deadlines_for(load_table(), "US-CA", RequestType.erasure, RECEIVED, RULES)
    assert [item.kind for item in deadlines] == ["response", "acknowledgement"]
    assert last_day("US-CA", RequestType.erasure, 1) == (
        date(2026, 2, 13),
        "law",
    )  # 10 business days


def test_egypt_counts_working_days_without_friday_and_saturday() -> None:
    calendar = CalendarRegistry(load_table().weekends).get("EG")
    assert not calendar.is_business_day(date(2026, 1, 30))  # Friday
    assert calendar.is_business_day(date(2026, 2, 1))  # Sunday


def test_holidays_are_pluggable() -> None:
    rules = DeadlineRules(
        Period(30, Unit.calendar_days), None, CalendarRegistry(holidays={"CO": [date(2026, 2, 2)]})
    )
    deadline = deadlines_for(load_table(), "CO", RequestType.access, RECEIVED, rules)[0]
    assert (deadline.due_at - timedelta(microseconds=1)).date() == date(2026, 2, 16)


def test_policy_deadlines_are_labelled_and_say_why() -> None:
    deadline = deadlines_for(load_table(), "EG", RequestType.access, RECEIVED, RULES)[0]
    assert deadline.label == POLICY_LABEL
    assert "6 working days, not verified" in deadline.note
    law = deadlines_for(load_table(), "EU", RequestType.access, RECEIVED, RULES)[0]
    assert law.label.startswith("law: GDPR Art. 12(3)")


def test_extension_respects_the_cap_and_the_notice_rule() -> None:
    eu = deadlines_for(load_table(), "EU", RequestType.access, RECEIVED, RULES)[0]
    total, due = extended_due_at(eu, RECEIVED, 0, None, RECEIVED, eu.due_at, RULES)
    assert (total, (due - timedelta(microseconds=1)).date()) == (
        2,
        date(2026, 4, 30),
    )  # 3 months from receipt
    with pytest.raises(ExtensionError, match="at most 0 more"):
        extended_due_at(eu, RECEIVED, 2, 1, RECEIVED, due, RULES)
    with pytest.raises(ExtensionError, match="passed"):
        extended_due_at(eu, RECEIVED, 0, 1, eu.due_at, eu.due_at, RULES)
    kr = deadlines_for(load_table(), "KR", RequestType.access, RECEIVED, RULES)[0]
    with pytest.raises(ExtensionError, match="unverified"):
        extended_due_at(kr, RECEIVED, 0, None, RECEIVED, kr.due_at, RULES)
    br = deadlines_for(load_table(), "BR", RequestType.access, RECEIVED, RULES)[0]
    with pytest.raises(ExtensionError, match="allows no extension"):
        extended_due_at(br, RECEIVED, 0, None, RECEIVED, br.due_at, RULES)


def test_countries_map_to_entries() -> None:
    assert [jurisdiction_code(c) for c in ("HR", "NO", "GB", "US-CA", "BR", "US")] == [
        "EU",
        "EU",
        "GB",
        "US-CA",
        "BR",
        "US",
    ]


def test_table_has_21_jurisdictions_each_with_sources() -> None:
    table = load_table()
    assert len(list(table)) == 21
    for jurisdiction in table:
        assert any(clock.source for clock in jurisdiction.clocks), jurisdiction.code


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared reference not beside the repository")
def test_packaged_copy_matches_the_shared_reference() -> None:
    yaml = YAML(typ="safe")
    assert yaml.load(PACKAGED.read_text("utf-8")) == yaml.load(REFERENCE.read_text("utf-8"))
