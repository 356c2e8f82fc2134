"""What the demo company holds: rows on both sides of every retention cutoff, children,
candidates without consent, and people who appear in many systems."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest

from dataward.demo.build import DemoResult
from dataward.demo.people import FEATURED
from dataward.inventory.binding import bindings
from dataward.inventory.connectors.registry import default_registry
from dataward.inventory.identity import Identity
from dataward.inventory.loader import load_inventory
from dataward.inventory.lookup import find_person
from dataward.policy.loader import load_policy
from tests.demo.conftest import AS_OF, Build, query

AS_OF_MOMENT = datetime(AS_OF.year, AS_OF.month, AS_OF.day, tzinfo=UTC)


def _text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")  # how SQLAlchemy stores a DateTime in SQLite


@pytest.mark.parametrize("seed", [42, 7])
def test_every_anchor_has_rows_due_and_rows_not_due(build: Build, seed: int) -> None:
    result = build(seed=seed)
    inventory, policy = load_inventory(result.inventory), load_policy()
    rules = {rule.id: rule for _, rule in policy.retention_rules()}
    found = bindings(inventory, policy)
    assert len(found) >= 25
    for binding in found:
        rule = rules[binding.rule]
        table = inventory.dataset(binding.address).table_name
        cutoff = _text(rule.cutoff(AS_OF_MOMENT))
        column = f'"{binding.anchor_column}"'
        sql = f'SELECT count(*) FROM "{table}" WHERE {column} < ?'
        [(due,)] = query(result, binding.address.system, sql, cutoff)
        sql = f'SELECT count(*) FROM "{table}" WHERE {column} >= ? OR {column} IS NULL'
        [(not_due,)] = query(result, binding.address.system, sql, cutoff)
        where = f"{binding.rule} on {binding.address}"
        assert due > 0, f"{where}: no row is due"
        assert not_due > 0, f"{where}: every row is due"
        if rule.offset and not rule.offset.as_offset().is_zero:  # a later event, not a NULL one
            sql = f'SELECT count(*) FROM "{table}" WHERE {column} >= ?'
            assert query(result, binding.address.system, sql, cutoff)[0][0] > 0, where


def test_children_under_16_signed_up_as_customers(tiny: DemoResult) -> None:
    sixteen_years_ago = date(AS_OF.year - 16, AS_OF.month, AS_OF.day).isoformat()
    sql = "SELECT count(*) FROM customers WHERE kind = 'individual' AND birth_date > ?"
    assert query(tiny, "messaging", sql, sixteen_years_ago)[0][0] >= 2
    sql = "SELECT count(*) FROM customers WHERE kind = 'individual' AND birth_date <= ?"
    assert query(tiny, "messaging", sql, sixteen_years_ago)[0][0] > 0


def test_sourced_candidates_without_consent_both_overdue_and_within_30_days(
    tiny: DemoResult,
) -> None:
    sql = (
        "SELECT count(*) FROM sourced_candidates WHERE consent_given_at IS NULL "
        "AND recruitment_email_at < ?"
    )
    thirty_days_ago = _text(datetime(AS_OF.year, AS_OF.month, AS_OF.day) - timedelta(days=30))
    assert query(tiny, "recruiting", sql, thirty_days_ago)[0][0] > 0
    sql = sql.replace("<", ">=")
    assert query(tiny, "recruiting", sql, thirty_days_ago)[0][0] > 0
    sql = "SELECT count(*) FROM sourced_candidates WHERE consent_given_at IS NOT NULL"
    assert query(tiny, "recruiting", sql)[0][0] > 0


def test_the_same_people_are_in_many_systems(tiny: DemoResult) -> None:
    inventory = load_inventory(tiny.inventory)
    systems_of: dict[str, set[str]] = defaultdict(set)
    for address, dataset in inventory.datasets():
        for item in dataset.identities:
            if item.kind == "email":
                sql = f'SELECT DISTINCT "{item.column}" FROM "{dataset.table_name}"'
                for (email,) in query(tiny, address.system, sql):
                    systems_of[email].add(address.system)
    for person in tiny.featured:
        assert len(systems_of[person.email]) >= 4, (person.email, systems_of[person.email])
    assert sum(len(systems) >= 3 for systems in systems_of.values()) >= FEATURED


def test_a_person_lookup_finds_a_featured_person_everywhere(tiny: DemoResult) -> None:
    inventory = load_inventory(tiny.inventory)
    registry = default_registry()
    connectors = {system.name: registry.connector(system, {}) for system in inventory.systems}
    for connector in connectors.values():
        connector.open()
    try:
        person = tiny.featured[0]
        by_email = find_person(inventory, connectors, Identity("email", person.email))
        by_phone = find_person(inventory, connectors, Identity("phone", person.phone))
    finally:
        for connector in connectors.values():
            connector.close()
    assert {address.system for address in by_email} >= {
        "messaging",
        "marketing",
        "events",
        "support",
    }
    cdrs = [rows for address, rows in by_phone.items() if address.dataset == "cdrs"]
    assert cdrs and len(cdrs[0]) >= 2_000 // 20
