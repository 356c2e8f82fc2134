from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from ruamel.yaml import YAML
from typer.testing import CliRunner

from dataward.cli.inventory import app
from dataward.inventory.connectors.parquet import ParquetConfig, ParquetConnector
from dataward.inventory.connectors.sql import SqlConfig, SqlConnector
from dataward.inventory.detectors import default_detectors
from dataward.inventory.scan import Flag, scan, suggestion
from dataward.inventory.taxonomy import TaxonomyMap
from dataward.policy.model import Policy
from tests.inventory.conftest import POLICY_FILE, inventory_of
from tests.inventory.lake import write_lake
from tests.inventory.shop import create_shop

runner = CliRunner()


def add_access_log(url: str, rows: int = 30) -> None:
    engine = sa.create_engine(url)
    log = sa.Table(
        "access_log",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_ip", sa.String(45)),
        sa.Column("payout_iban", sa.String(34)),
        sa.Column("status", sa.String(10)),
    )
    ips = ["192.0.2.1", "2001:db8::7", "198.51.100.23"]
    with engine.begin() as connection:
        log.create(connection)
        connection.execute(
            log.insert(),
            [
                {"client_ip": ips[n % 3], "payout_iban": "HR1210010051863000160", "status": "ok"}
                for n in range(rows)
            ],
        )
    engine.dispose()


def flagged(flags: list[Flag]) -> dict[str, str]:
    return {f"{flag.table}.{flag.column}": flag.detector for flag in flags}


def test_scan_flags_personal_columns(any_database_url: str) -> None:
    create_shop(any_database_url)
    add_access_log(any_database_url)
    with SqlConnector(any_database_url, SqlConfig(), "db") as connector:
        flags = scan(connector, default_detectors(), sample=20)
    assert flagged(flags) == {
        "access_log.client_ip": "ip_address",
        "access_log.payout_iban": "iban",
        "customer.email": "email",
        "customer.phone": "phone",
        "customer.name": "person_name",
        "employee.email": "email",
        "employee.name": "person_name",
        "payment_card.card_number": "card_number",
        "payment_card.holder_name": "person_name",
        "service_request.email": "email",
        "service_request.notes": "phone",
    }
    notes = next(flag for flag in flags if flag.column == "notes")
    assert notes.free_text
    assert notes.reason == "free text containing phone (1 sampled)"
    assert all(flag.sampled <= 20 for flag in flags)


def test_annotated_columns_are_not_flagged(sqlite_url: str) -> None:
    create_shop(sqlite_url)
    inventory = inventory_of(
        f"""
systems:
  - name: shop
    url: {sqlite_url}
    datasets:
      - name: customer
        identities: [{{column: email, kind: email}}]
        columns: {{phone: {{category: contact_details}}, name: {{}}}}
"""
    )
    known = {dataset.table_name: dataset for dataset in inventory.system("shop").datasets}
    with SqlConnector(sqlite_url, SqlConfig(), "db") as connector:
        flags = scan(connector, default_detectors(), sample=5, known=known)
    assert not [flag for flag in flags if flag.table == "customer"]


def test_scan_reads_parquet_partitions(tmp_path: Path) -> None:
    write_lake(tmp_path)
    with ParquetConnector(str(tmp_path), ParquetConfig(), "lake") as connector:
        flags = scan(connector, default_detectors(), sample=3)
    assert flagged(flags) == {"cdr.destination_number": "phone"}


def test_suggestion_is_an_inventory_snippet(policy: Policy) -> None:
    flags = [
        Flag("customer", "email", "email", 1.0, 5, True, False, "user.contact.email", "email"),
        Flag("customer", "notes", "phone", 0.0, 5, False, True, "user.contact.phone_number", None),
        Flag("access_log", "client_ip", "ip_address", 1.0, 5, True, False, "user.device", None),
    ]
    text = suggestion(flags, TaxonomyMap(policy))
    assert text.startswith("# Review before use")
    datasets = YAML(typ="safe").load(text)["datasets"]
    assert datasets[0] == {
        "name": "customer",
        "activities": [],
        "identities": [{"column": "email", "kind": "email"}],
        "columns": {
            "email": {"category": "contact_details"},
            "notes": {"category": "contact_details", "free_text": True},
        },
    }
    assert datasets[1]["columns"] == {"client_ip": {"category": "TODO_user.device"}}


def test_scan_command_prints_findings_and_a_snippet(
    sqlite_url: str, write_file: Callable[[str, str], Path]
) -> None:
    create_shop(sqlite_url)
    inventory = write_file(
        "inventory.yaml",
        f"systems:\n  - name: shop\n    url: {sqlite_url}\n    datasets:\n"
        "      - name: employee\n        columns: {email: {}, name: {}}\n",
    )
    args = ["scan", sqlite_url, "--sample", "10", "-i", str(inventory), "-p", str(POLICY_FILE)]
    result = runner.invoke(app, args, terminal_width=200)
    assert result.exit_code == 1
    rows = [line.split("│") for line in result.output.splitlines() if "│" in line]
    assert ["payment_card", "card_number"] in [[c.strip() for c in row[1:3]] for row in rows]
    assert "employee" not in result.output
    assert "      card_number: {category: payment_data}\n" in result.output


def test_scan_command_names_an_unreachable_url_masked() -> None:
    url = "postgresql+psycopg://app:pw-123@127.0.0.1:1/app?connect_timeout=1"
    result = runner.invoke(app, ["scan", url], terminal_width=200)
    assert result.exit_code == 1
    assert "postgresql+psycopg://app:***@127.0.0.1:1/app" in result.output
    assert "pw-123" not in result.output


def test_scan_command_reads_national_phones_in_prose_for_its_region(sqlite_url: str) -> None:
    engine = sa.create_engine(sqlite_url)
    notes = sa.Table(
        "callback",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("note", sa.Text),
    )
    with engine.begin() as connection:
        notes.create(connection)
        texts = ["Please call me back on (11) 91234-5678 after lunch, thanks."]
        texts += ["The delivery report for the campaign arrived late again."] * 3
        connection.execute(notes.insert(), [{"note": text} for text in texts])
    engine.dispose()
    # A São Paulo mobile written the Brazilian way is a number only when BR is a region.
    plain = runner.invoke(app, ["scan", sqlite_url], terminal_width=200)
    assert plain.exit_code == 0, plain.output
    brazil = runner.invoke(app, ["scan", sqlite_url, "--region", "BR"], terminal_width=200)
    assert brazil.exit_code == 1
    assert "free text containing phone (4 sampled)" in brazil.output
