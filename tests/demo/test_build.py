"""A tiny demo on SQLite: deterministic, complete, and described by a valid inventory."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from dataward.cli.demo import demo
from dataward.cli.inventory import app as inventory_app
from dataward.demo.build import DemoResult
from dataward.inventory.binding import bind
from dataward.inventory.findings import Severity
from dataward.inventory.loader import load_inventory
from dataward.inventory.policy_checks import check_against_policy
from dataward.policy.loader import load_policy
from tests.demo.conftest import AS_OF, Build, checksum, sqlite_path

runner = CliRunner(env={"COLUMNS": "200"})
app = typer.Typer()
app.command()(demo)


BUILD_IN_A_NEW_PROCESS = """
import sys
from datetime import date
from pathlib import Path

from dataward.demo.build import DemoOptions, build_demo
from dataward.demo.scale import Scale

as_of, folder = date.fromisoformat(sys.argv[1]), Path(sys.argv[2])
build_demo(DemoOptions(Scale.parse("tiny"), as_of, directory=folder))
"""


def test_same_seed_builds_the_same_data_and_another_seed_does_not(
    build: Build, tmp_path: Path
) -> None:
    first, other = build("first"), build("other", seed=7)
    # The second build runs in another interpreter with another hash seed: nothing may
    # depend on set order or on anything but the seed.
    second = tmp_path / "second"
    command = [sys.executable, "-c", BUILD_IN_A_NEW_PROCESS, AS_OF.isoformat(), str(second)]
    subprocess.run(command, check=True, env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert checksum(first.inventory.parent) == checksum(second)
    assert checksum(first.inventory.parent) != checksum(other.inventory.parent)


def test_worker_processes_build_the_same_data(build: Build) -> None:
    sequential, parallel = build("one", workers=1), build("two", workers=2)
    assert checksum(parallel.inventory.parent) == checksum(sequential.inventory.parent)
    assert parallel.datasets == sequential.datasets
    assert sorted(path.name for path in parallel.inventory.parent.iterdir()) == sorted(
        path.name for path in sequential.inventory.parent.iterdir()
    )  # the workers' share files are gone


def test_each_system_is_its_own_database_next_to_the_inventory(tiny: DemoResult) -> None:
    folder = tiny.inventory.parent
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [*(f"{system}.db" for system in tiny.urls), "inventory.yaml"]
    )
    assert len(tiny.urls) == 11
    assert not list(folder.parent.glob(".*building*"))  # the staging folder is gone


def test_every_dataset_of_the_inventory_exists_with_its_columns(tiny: DemoResult) -> None:
    inventory = load_inventory(tiny.inventory)
    counts = {(item.system, item.dataset): item.rows for item in tiny.datasets}
    for address, dataset in inventory.datasets():
        connection = sqlite3.connect(sqlite_path(tiny, address.system))
        try:
            info = connection.execute(f'PRAGMA table_info("{dataset.table_name}")').fetchall()
            (rows,) = connection.execute(f'SELECT count(*) FROM "{dataset.table_name}"').fetchone()
        finally:
            connection.close()
        columns = {row[1] for row in info}
        assert {name for _, name in dataset.used_columns()} <= columns, address
        assert rows == counts[(address.system, address.dataset)] > 0, address
    assert counts[("messaging", "cdrs")] == 2_000


def test_every_retention_rule_is_bound_or_handled_outside(tiny: DemoResult) -> None:
    inventory, policy = load_inventory(tiny.inventory), load_policy()
    outside = {item.rule: item.reason for item in inventory.handled_outside}
    for activity, rule in policy.retention_rules():
        if not rule.is_review:
            assert bind(activity, rule, inventory) or outside.get(rule.id), rule.id
    errors = [f for f in check_against_policy(inventory, policy) if f.severity is Severity.error]
    assert errors == []


def test_inventory_check_passes_on_the_live_demo(tiny: DemoResult) -> None:
    result = runner.invoke(inventory_app, ["check", "-i", str(tiny.inventory)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "11 systems, 31 datasets: ok"


def test_the_command_builds_and_prints_the_summary(tmp_path: Path) -> None:
    into = tmp_path / "demo"
    arguments = ["--scale", "tiny", "--into", str(into), "--as-of", "2025-06-30"]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 0, result.output
    assert "│ messaging     │ cdrs" in result.output
    assert "2,000" in result.output
    assert f"inventory: {into / 'inventory.yaml'}" in result.output
    assert (into / "messaging.db").exists()


def test_the_command_rejects_a_bad_scale_and_date(tmp_path: Path) -> None:
    bad_scale = runner.invoke(app, ["--scale", "huge", "--into", str(tmp_path)])
    assert bad_scale.exit_code == 2
    assert "scale must be one of tiny, small, large" in bad_scale.output
    bad_date = runner.invoke(app, ["--as-of", "yesterday", "--into", str(tmp_path)])
    assert bad_date.exit_code == 2
    assert list(tmp_path.iterdir()) == []
