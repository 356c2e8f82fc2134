"""The consent commands, end to end on a SQLite store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dataward.cli.main import app
from tests.consent.conftest import KEY_ENVIRONMENT


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    environment = KEY_ENVIRONMENT | {"DATAWARD_DATABASE_URL": f"sqlite:///{tmp_path / 'dw.db'}"}

    def invoke(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, list(args), env=environment)
        assert result.exit_code == code, result.output
        return result.output

    return invoke


def test_give_withdraw_show_decide(run) -> None:  # type: ignore[no-untyped-def]
    run("consent", "give", "Ana@Example.com", "subscriber_marketing", "--notice-version", "v1")
    assert "ALLOWED" in run("decide", "subscriber_marketing", "ana@example.com")
    run("consent", "withdraw", "ana@example.com", "subscriber_marketing", "--source", "phone")
    denied = run("decide", "subscriber_marketing", "ana@example.com", "--json", code=1)
    assert '"consent_withdrawn"' in denied
    shown = run("consent", "show", "ana@example.com", "--history", "--json")
    assert '"status": "withdrawn"' in shown and '"source": "phone"' in shown


def test_bad_input_exits_2_naming_the_field(run) -> None:  # type: ignore[no-untyped-def]
    output = run(
        "consent", "give", "ana@example.com", "b2b_marketing", "--notice-version", "v1", code=2
    )
    assert "purpose:" in output and "not consent" in output
    assert "needs the consented period" in run(
        "consent", "give", "cv@example.com", "job_applications", "--notice-version", "v1", code=2
    )
    run(
        "consent",
        "give",
        "cv@example.com",
        "job_applications",
        "--notice-version",
        "v1",
        "--months",
        "24",
    )


def test_suppression_add_check_export_import_link(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("suppression", "check", "ana@example.com", code=1)
    assert "listed" in run("suppression", "add", "Ana@Example.com")
    assert "already listed" in run("suppression", "add", "ana@example.com")
    run("suppression", "check", "ana@example.com", code=0)
    exported = tmp_path / "list.txt"
    run("suppression", "export", "--output", str(exported))
    assert "ana@example.com" not in exported.read_text()
    assert "already listed 1" in run("suppression", "import", str(exported))
    contacts = tmp_path / "contacts.txt"
    contacts.write_text("+385 91 123 4567\nbob@example.com\n")
    assert "added 2" in run("suppression", "import", str(contacts), "--contacts")
    headers = run("suppression", "link", "ana@example.com", "--base-url", "https://p.example.com")
    assert "List-Unsubscribe: <https://p.example.com/api/v1/unsubscribe/one-click/" in headers
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in headers


def test_consent_import_from_csv(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "optins.csv"
    csv.write_text(
        "identity,purpose,action,occurred_at,notice_version,source\n"
        "ana@example.com,subscriber_marketing,given,2025-01-01T00:00:00Z,v1,crm\n"
    )
    assert "imported 1 events of 1 subjects" in run("consent", "import", str(csv))
    assert "ALLOWED" in run("decide", "subscriber_marketing", "ana@example.com")


def test_campaign_check_reads_recipients_through_the_inventory(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database = tmp_path / "marketing.db"
    with sqlite3.connect(database) as connection:
        connection.execute(
            "CREATE TABLE subscribers (id INTEGER PRIMARY KEY, email TEXT, joined TEXT, left TEXT)"
        )
        connection.executemany(
            "INSERT INTO subscribers (email, joined, left) VALUES (?, ?, ?)",
            [
                ("ana@example.com", "2024-01-01 10:00:00", None),
                ("bob@example.com", None, None),
                ("cy@example.com", "2023-05-01 10:00:00", "2024-02-01 10:00:00"),
                ("dee@example.com", None, None),
                ("not-an-email", None, None),
            ],
        )
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(
        "version: 1\nsystems:\n  - name: crm\n"
        f"    url: sqlite:///{database}\n"
        "    datasets:\n      - name: subscribers\n        activities: [marketing]\n"
        "        primary_key: [id]\n        identities: [{column: email, kind: email}]\n"
    )
    imported = run(
        "consent", "import-dataset", "crm.subscribers", "--purpose", "subscriber_marketing",
        "--given-column", "joined", "--withdrawn-column", "left", "--notice-version", "v1",
        "--inventory", str(inventory),
    )  # fmt: skip
    assert "imported 3 events of 2 subjects" in imported
    run("suppression", "add", "bob@example.com")
    output = run("campaign", "check", "--inventory", str(inventory), "--json")
    assert '"recipients": 5, "allowed": 1, "blocked": 4' in output
    assert (
        '"blocked_by": {"suppressed": 1, "consent_withdrawn": 1, "no_consent": 1, '
        '"invalid_identity": 1}'
    ) in output
    assert '"reasons": {"no_consent": 2, "suppressed": 1' in output
    table = run("campaign", "check", "--inventory", str(inventory))
    assert "may be contacted" in table and "blocked: suppressed" in table


def test_birth_dates_profile_erasure_and_subscribing_again(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database = tmp_path / "company.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, born DATE)")
        connection.execute("CREATE TABLE subscribers (id INTEGER PRIMARY KEY, email TEXT)")
        connection.executemany(
            "INSERT INTO customers (email, born) VALUES (?, ?)",
            [("kid@example.com", "2019-05-01"), ("mum@example.com", "1980-05-01")],
        )
        connection.executemany(
            "INSERT INTO subscribers (email) VALUES (?)",
            [("kid@example.com",), ("mum@example.com",), ("ana@example.com",)],
        )
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(
        "version: 1\nsystems:\n  - name: shop\n"
        f"    url: sqlite:///{database}\n"
        "    datasets:\n"
        "      - name: customers\n        activities: [account_data]\n"
        "        primary_key: [id]\n        identities: [{column: email, kind: email}]\n"
        "        date_of_birth: born\n"
        "      - name: subscribers\n        activities: [marketing]\n"
        "        primary_key: [id]\n        identities: [{column: email, kind: email}]\n"
    )
    imported = run("consent", "import-birth-dates", "--inventory", str(inventory))
    assert "read 1 birth dates under 16 from shop.customers; recorded 1 new" in imported
    assert "born 2018-02-03" in run("consent", "birth-date", "tot@example.com", "2018-02-03")
    assert "under_age" in run("decide", "subscriber_marketing", "tot@example.com", code=1)
    checked = run("campaign", "check", "--inventory", str(inventory), "--json")
    assert '"under_age": 1' in checked

    erased = run("suppression", "add", "ana@example.com", "--inventory", str(inventory))
    assert "profile (inventory): shop.subscribers 1 row(s) deleted" in erased
    with sqlite3.connect(database) as connection:
        left = connection.execute("SELECT email FROM subscribers ORDER BY id").fetchall()
    assert left == [("kid@example.com",), ("mum@example.com",)]
    again = run(
        "suppression", "resubscribe", "ana@example.com", "--notice-version", "v1",
        "--source", "webform", "--channel", "web",
    )  # fmt: skip
    assert "suppression lifted" in again
    run("suppression", "check", "ana@example.com", code=1)
    assert "ALLOWED" in run("decide", "subscriber_marketing", "ana@example.com")
