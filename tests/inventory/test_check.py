from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from dataward.cli.inventory import app
from dataward.inventory.check import check_inventory
from dataward.inventory.connectors.registry import default_registry
from dataward.inventory.findings import Finding, Severity
from dataward.policy.model import Policy
from tests.inventory.conftest import POLICY_FILE, inventory_of
from tests.inventory.lake import write_lake
from tests.inventory.shop import create_shop

SHOP = """\
systems:
  - name: shop
    url: {url}
    datasets:
      - name: customer
        activities: [customer_accounts]
        primary_key: [id]
        identities:
          - {{column: email, kind: email, subject: customer}}
          - {{column: phone, kind: phone, subject: customer}}
        anchors: {{relationship_end: closed_at}}
        columns:
          email: {{category: contact_details}}
          phone: {{category: contact_details}}
          name: {{category: person_name, erasure: pseudonymise}}
      - name: login
        activities: [customer_accounts]
        relations: [{{column: customer_id, matches: customer.id, subject: customer}}]
        anchors: {{generated: logged_in_at}}
        columns:
          logged_in_at: {{category: usage_data}}
      - name: employee
        activities: [staff_administration]
        identities: [{{column: email, kind: email, subject: employee}}]
        anchors: {{employment_end: left_at}}
        columns:
          email: {{category: contact_details}}
          name: {{category: person_name}}
  - name: lake
    connector: parquet
    url: {lake}
    datasets:
      - name: cdr
        activities: [communications]
        identities: [{{column: destination_number, kind: phone, subject: end_user}}]
        relations: [{{column: customer_id, matches: shop.customer.id, subject: customer}}]
        anchors: {{communication: sent_at}}
        columns:
          destination_number: {{category: contact_details, erasure: null}}
          sent_at: {{category: communication_metadata}}
"""

runner = CliRunner()


def shop_inventory(url: str, tmp_path: Path, text: str = SHOP) -> str:
    lake = write_lake(tmp_path / "lake")
    return text.format(url=url, lake=lake)


def run_check(
    write_file: Callable[[str, str], Path], text: str, env: dict[str, str] | None = None
) -> tuple[int, str]:
    path = write_file("inventory.yaml", text)
    result = runner.invoke(
        app, ["check", "-i", str(path), "-p", str(POLICY_FILE)], env=env or {}, terminal_width=200
    )
    return result.exit_code, result.output


def codes(findings: list[Finding]) -> list[str]:
    return [finding.code for finding in findings if finding.severity is Severity.error]


def test_a_complete_inventory_passes(
    any_database_url: str, tmp_path: Path, write_file: Callable[[str, str], Path]
) -> None:
    create_shop(any_database_url)
    status, output = run_check(write_file, shop_inventory(any_database_url, tmp_path))
    assert output.strip().splitlines()[-1] == "2 systems, 4 datasets: ok"
    assert status == 0


def test_missing_indexes_come_with_the_statement_to_add(
    any_database_url: str, tmp_path: Path, write_file: Callable[[str, str], Path]
) -> None:
    create_shop(any_database_url, indexes=False)
    status, output = run_check(write_file, shop_inventory(any_database_url, tmp_path))
    assert status == 1
    assert "error shop.customer: identity column 'email' has no index" in output
    assert "error shop.customer: anchor column 'closed_at' has no index" in output
    if not any_database_url.startswith("mysql"):  # MariaDB indexes foreign keys itself
        assert "error shop.login: relation column 'customer_id' has no index" in output
    assert "    CREATE INDEX ix_customer_email ON customer (email);" in output
    assert "lake.cdr" not in output  # Parquet has no indexes to advise


def test_unreachable_system_is_one_line_with_the_password_masked(
    sqlite_url: str, tmp_path: Path, write_file: Callable[[str, str], Path]
) -> None:
    create_shop(sqlite_url)
    url = "postgresql+psycopg://shop:${SHOP_PW}@127.0.0.1:1/shop"
    text = shop_inventory(url, tmp_path).replace(
        "    datasets:\n", "    options: {connect_timeout: 1}\n    datasets:\n", 1
    )
    status, output = run_check(write_file, text, {"SHOP_PW": "hunter2-secret"})
    assert status == 1
    [line] = [line for line in output.splitlines() if "unreachable" in line]
    assert line.startswith(
        "error shop: unreachable: cannot connect to postgresql+psycopg://shop:***@127.0.0.1:1/shop"
    )
    assert "hunter2-secret" not in output
    assert "shop.customer" not in output  # its datasets are not checked one by one


def test_missing_tables_and_columns(sqlite_url: str, tmp_path: Path, policy: Policy) -> None:
    create_shop(sqlite_url)
    text = (
        shop_inventory(sqlite_url, tmp_path)
        .replace("name: login", "name: logins")
        .replace("left_at}", "left_on}")
        .replace("matches: shop.customer.id", "matches: shop.customer.uid")
    )
    findings = check_inventory(inventory_of(text), policy, default_registry(), {})
    messages = [str(finding) for finding in findings if finding.severity is Severity.error]
    assert "error: shop.logins: table logins does not exist" in messages
    assert "error: shop.employee: column 'left_on' does not exist in table employee" in messages
    assert (
        "error: lake.cdr: relation customer_id matches shop.customer.uid: no such column"
        in messages
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("activities: [staff_administration]", "activities: []"), "no-activity"),
        (("activities: [staff_administration]", "activities: [payroll]"), "unknown-activity"),
        (("category: person_name}", "category: nickname}"), "unknown-category"),
        (("{employment_end: left_at}", "{employment_ended: left_at}"), "unknown-anchor"),
        (("subject: end_user}", "subject: robot}"), "unknown-subject"),
    ],
)
def test_policy_ids_are_checked(
    change: tuple[str, str], expected: str, tmp_path: Path, policy: Policy
) -> None:
    text = shop_inventory("sqlite://", tmp_path).replace(*change)
    findings = check_inventory(inventory_of(text), policy, default_registry(), live=False)
    assert expected in codes(findings)


def test_every_non_review_rule_is_bound_or_handled_outside(tmp_path: Path, policy: Policy) -> None:
    text = shop_inventory("sqlite://", tmp_path).replace("{communication: sent_at}", "{}")
    findings = check_inventory(inventory_of(text), policy, default_registry(), live=False)
    unbound = [finding for finding in findings if finding.code == "unbound-rule"]
    assert [finding.message.split("'")[1] for finding in unbound] == [
        "cdr_end_user_contact",
        "cdr_metadata",
    ]
    assert unbound[0].message.endswith(
        "lake.cdr has its columns (destination_number) but no anchor column for 'communication'"
    )
    assert unbound[0].fix is not None and "handled_outside" in unbound[0].fix

    outside = text + (
        "handled_outside:\n"
        "  - {rule: cdr_end_user_contact, reason: The carrier's platform strips numbers.}\n"
        "  - {rule: cdr_metadata, reason: The carrier deletes CDRs.}\n"
        "  - {rule: no_such_rule, reason: Typo.}\n"
    )
    findings = check_inventory(inventory_of(outside), policy, default_registry(), live=False)
    assert codes(findings) == ["unknown-rule"]


def test_a_bad_inventory_file_exits_with_its_problems(
    write_file: Callable[[str, str], Path],
) -> None:
    status, output = run_check(write_file, "systems:\n  - name: shop\n    urll: x\n")
    assert status == 1
    assert "inventory.yaml:3:5: system 'shop', field 'urll': unknown key 'urll'" in output


@pytest.mark.postgres
def test_free_text_on_postgresql_is_advised_its_trigram_indexes_until_they_exist(
    postgres_url: str, tmp_path: Path, write_file: Callable[[str, str], Path]
) -> None:
    create_shop(postgres_url)
    text = shop_inventory(postgres_url, tmp_path).replace(
        "name: {category: person_name, erasure: pseudonymise}",
        "name: {category: person_name, erasure: pseudonymise, free_text: true}",
    )
    status, output = run_check(write_file, text)
    fix = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
        "CREATE INDEX ix_customer_name_trgm ON customer USING gin (lower(name) gin_trgm_ops);",
        "CREATE INDEX ix_customer_name_digits_trgm ON customer "
        "USING gin (regexp_replace(name, '[^0-9]+', '', 'g') gin_trgm_ops);",
    ]
    assert status == 0  # a warning: the erasure still finds mentions, by reading the table
    lines = output.splitlines()
    start = lines.index(
        "warning shop.customer: free-text column 'name' has no trigram index: "
        "erasure reads the table"
    )
    assert lines[start + 1 : start + 4] == [f"    {statement}" for statement in fix]
    assert "employee" not in output  # its name column is not free text

    engine = sa.create_engine(postgres_url)
    try:
        with engine.begin() as connection:
            # An index counts by what it indexes, whatever its name.
            for statement in fix:
                connection.execute(sa.text(statement.replace("ix_customer_name_trgm", "own")))
    finally:
        engine.dispose()
    status, output = run_check(write_file, text)
    assert status == 0
    assert "trigram" not in output and "pg_trgm" not in output
