"""The Art. 30 record: every column filled for every activity, in CSV and XLSX."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dataward.cli.main import app
from dataward.policy import load_policy
from dataward.policy.ropa import COLUMNS, EACH_CUSTOMER, ropa_rows
from tests.policy.record_cases import load, records_policy, write

runner = CliRunner()
HEADERS = [column.header for column in COLUMNS]


def _by_id(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["activity_id"]: row for row in rows}


def test_every_article_30_column_is_there() -> None:
    headers = " ".join(HEADERS)
    for article in ("30(1)(a)", "30(1)(b)", "30(1)(c)", "30(1)(d)", "30(1)(e)", "30(1)(f)"):
        assert article in headers
    for article in ("30(1)(g)", "30(2)(a)", "30(2)(b)", "30(2)(c)"):
        assert article in headers


def test_default_policy_fills_every_cell_of_every_activity() -> None:
    policy = load_policy()
    rows = ropa_rows(policy)
    assert [row["activity_id"] for row in rows] == [a.id for a in policy.activities]
    for row in rows:
        assert list(row) == [column.key for column in COLUMNS]
        empty = [key for key, value in row.items() if not value.strip()]
        assert not empty, f"{row['activity_id']}: empty {empty}"


def test_default_policy_has_one_retention_line_per_rule() -> None:
    policy = load_policy()
    rows = _by_id(ropa_rows(policy))
    for activity in policy.activities:
        cell = rows[activity.id]["retention"]
        for rule in activity.retention:
            assert rule.description.rstrip(" .") in cell, (activity.id, rule.id)


def test_controller_row() -> None:
    row = _by_id(ropa_rows(load(records_policy())))["marketing"]
    assert row["role"] == "Controller (Art. 30(1))"
    assert row["controller"] == "Example Ltd; privacy@example.com"
    assert row["dpo"] == "Data Protection Officer <dpo@example.com>"
    assert row["representative"] == "None appointed"
    assert row["purposes"] == "Send newsletters (legal basis: consent, Art. 6(1)(a))"
    assert row["processing"].startswith("Not applicable")
    assert row["recipients"] == "Acme Mailer (processor; the United States (outside the EEA))"
    assert row["transfers"] == (
        "To the United States (outside the EEA): Acme Mailer — standard contractual clauses"
    )
    assert row["retention"].splitlines() == [
        "Marketing contact data: kept only on the suppression list promptly after you unsubscribe.",
        "Legal holds and national retention duties override these periods.",
    ]
    assert row["security"] == "Certified to ISO 27001."


def test_processor_row_names_each_customer_as_controller() -> None:
    row = _by_id(ropa_rows(load(records_policy())))["content"]
    assert row["role"] == "Processor (Art. 30(2))"
    assert row["controller"] == EACH_CUSTOMER
    assert row["processor"].startswith("Example Ltd")
    assert row["processing"] == "Deliver the customer's messages."
    assert row["transfers"] == "None"  # hosting is in Germany: no third country
    assert "customer's instructions" in row["retention"]


def test_transfer_registered_for_a_recipient_counts_for_every_activity_using_it() -> None:
    document = records_policy()
    document["activities"][0]["recipients"].append("acme")  # accounts names no transfer itself
    row = _by_id(ropa_rows(load(document)))["accounts"]
    assert "Acme Mailer — standard contractual clauses" in row["transfers"]


def test_joint_controller_and_representative() -> None:
    document = records_policy()
    document["recipients"][1]["role"] = "joint_controller"
    document["eu_representative"] = {"name": "EU Rep", "email": "rep@example.eu"}
    row = _by_id(ropa_rows(load(document)))["marketing"]
    assert row["joint_controller"] == "Acme Mailer"
    assert row["representative"] == "EU Rep <rep@example.eu>"


def _csv_rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == HEADERS
    return list(reader)


def test_cli_csv_file_parses_back(tmp_path: Path) -> None:
    target = tmp_path / "ropa.csv"
    result = runner.invoke(app, ["policy", "ropa", "--format", "csv", "--output", str(target)])
    assert result.exit_code == 0, result.output
    rows = _csv_rows(target.read_text("utf-8"))
    activities = load_policy().activities
    assert [row[HEADERS[0]] for row in rows] == [activity.id for activity in activities]
    assert all(value.strip() for row in rows for value in row.values())
    assert f"wrote {target} ({len(activities)} activities)" in result.stderr


def test_cli_csv_to_stdout_of_a_policy_file(tmp_path: Path) -> None:
    policy = write(tmp_path / "policy.yaml", records_policy())
    result = runner.invoke(app, ["policy", "ropa", str(policy)])
    assert result.exit_code == 0, result.output
    rows = _csv_rows(result.stdout)
    assert [row["Activity id"] for row in rows] == ["accounts", "marketing", "content"]
    # Multi-line cells survive the round trip.
    assert len(rows[1][HEADERS[16]].splitlines()) == 2


def test_cli_xlsx_reads_back_with_layout(tmp_path: Path) -> None:
    target = tmp_path / "ropa.xlsx"
    result = runner.invoke(app, ["policy", "ropa", "--format", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == HEADERS
    expected = ropa_rows(load_policy())
    assert [list(row) for row in values[1:]] == [list(row.values()) for row in expected]
    assert sheet.freeze_panes == "C2"
    assert sheet["A1"].font.bold
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows() for cell in row)
    assert sheet.column_dimensions["Q"].width == COLUMNS[16].width


def test_cli_xlsx_needs_an_output_file() -> None:
    result = runner.invoke(app, ["policy", "ropa", "--format", "xlsx"])
    assert result.exit_code == 2
    assert "--output" in result.stderr


@pytest.mark.parametrize("command", ["ropa", "export"])
def test_cli_bad_policy_exits_2_with_the_problem(tmp_path: Path, command: str) -> None:
    document = records_policy()
    document["activities"][1]["recipients"] = ["ghost"]
    policy = write(tmp_path / "policy.yaml", document)
    result = runner.invoke(app, ["policy", command, str(policy)])
    assert result.exit_code == 2
    assert "activities[1].recipients[0]: unknown recipient" in result.stderr
