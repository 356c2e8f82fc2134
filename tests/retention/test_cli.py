"""The retention, holds and worker commands, end to end on the company (SQLite)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dataward.cli.main import app
from tests.retention.company import create_company, inventory_yaml
from tests.retention.conftest import rows


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, str, str]:
    url = f"sqlite:///{tmp_path / 'company.db'}"
    create_company(url)
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(inventory_yaml(url), "utf-8")
    return inventory, f"sqlite:///{tmp_path / 'dataward.db'}", url


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_plan_json_then_run_then_nothing_left(files: tuple[Path, str, str]) -> None:
    inventory, store, url = files
    common = ["-i", str(inventory), "--database-url", store, "--as-of", "2026-03-15T12:00"]
    plan = json.loads(_invoke("retention", "plan", "--json", *common))
    lines = {line["step"]: line for line in plan["steps"]}
    assert lines["prospects@shop.prospects"]["due"] == 1
    assert lines["cdr_other_traffic_data@shop.cdrs"]["cutoff"] == "2016-01-01T00:00:00+00:00"
    assert {n["rule"] for n in plan["notices"] if n["kind"] == "review"} >= {"cookie_data"}
    assert len(rows(url, "prospects")) == 3  # the plan changed nothing
    output = _invoke("retention", "run", "--batch-size", "3", *common)
    assert "prospects" in output and "total" in output
    assert [p["id"] for p in rows(url, "prospects")] == [2, 3]
    again = json.loads(_invoke("retention", "plan", "--json", *common))
    assert all(line["due"] in (0, None) for line in again["steps"])


def test_holds_commands(files: tuple[Path, str, str]) -> None:
    inventory, store, url = files
    _invoke(
        "holds",
        "create",
        "--case",
        "LIT-1",
        "--dataset",
        "shop.prospects",
        "--reason",
        "litigation",
        "--by",
        "legal",
        "--database-url",
        store,
    )
    listed = json.loads(_invoke("holds", "list", "--json", "--active", "--database-url", store))
    assert [(h["id"], h["scope"], h["value"]) for h in listed] == [(1, "dataset", "shop.prospects")]
    common = ["-i", str(inventory), "--database-url", store, "--as-of", "2026-03-15T12:00"]
    _invoke("retention", "run", *common)
    assert len(rows(url, "prospects")) == 3
    assert "released 1 hold(s): 1" in _invoke(
        "holds", "release", "--case", "LIT-1", "--database-url", store
    )
    _invoke("retention", "run", *common)
    assert len(rows(url, "prospects")) == 2


def test_customer_commands(files: tuple[Path, str, str]) -> None:
    _, store, _ = files
    _invoke("retention", "customer", "set", "42", "--months", "3", "--database-url", store)
    listed = json.loads(_invoke("retention", "customer", "list", "--json", "--database-url", store))
    assert [(c["customer_id"], c["months"]) for c in listed] == [("42", 3)]
    assert "cleared" in _invoke("retention", "customer", "clear", "42", "--database-url", store)
    assert (
        json.loads(_invoke("retention", "customer", "list", "--json", "--database-url", store))
        == []
    )


def test_worker_once_sweeps(files: tuple[Path, str, str]) -> None:
    inventory, store, url = files
    _invoke("worker", "--once", "-i", str(inventory), "--database-url", store)
    # Judged now (after 2026-03-16), lead 3 is six months past its last contact too; lead 2
    # signed an agreement and stays.
    assert [p["id"] for p in rows(url, "prospects")] == [2]


def test_bad_as_of_is_a_usage_error(files: tuple[Path, str, str]) -> None:
    inventory, store, _ = files
    result = CliRunner().invoke(
        app,
        [
            "retention",
            "plan",
            "--as-of",
            "yesterday",
            "-i",
            str(inventory),
            "--database-url",
            store,
        ],
    )
    assert result.exit_code == 2
