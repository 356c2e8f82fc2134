"""The inventory commands as a person runs them (help, listing, export to stdout)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML
from typer.testing import CliRunner

from dataward.cli.main import app
from dataward.inventory.fides import read_fides
from tests.inventory.conftest import POLICY_FILE
from tests.inventory.test_loader import VALID

runner = CliRunner()


def test_inventory_is_a_command_group_of_dataward() -> None:
    result = runner.invoke(app, ["inventory", "--help"], terminal_width=120)
    assert result.exit_code == 0
    for command in ("check", "scan", "import-fides", "export", "connectors"):
        assert command in result.output


def test_connectors_lists_built_ins_with_their_options() -> None:
    result = runner.invoke(app, ["inventory", "connectors"], terminal_width=160)
    assert result.exit_code == 0
    assert "schema, connect_timeout" in result.output
    assert "hive_partitioning, pattern" in result.output


def test_export_writes_fides_yaml_to_stdout(write_file: Callable[[str, str], Path]) -> None:
    inventory = write_file("inventory.yaml", VALID)
    args = [
        "inventory",
        "export",
        "--format",
        "fides",
        "-i",
        str(inventory),
        "-p",
        str(POLICY_FILE),
    ]
    result = runner.invoke(app, args, terminal_width=200)
    assert result.exit_code == 0, result.output
    datasets = read_fides(YAML(typ="safe").load(result.output))
    assert [dataset.fides_key for dataset in datasets] == ["billing", "lake"]


def test_import_fides_reports_invalid_files(write_file: Callable[[str, str], Path]) -> None:
    bad = write_file("bad.yml", "dataset:\n  - fides_key: shop\n    collections: nope\n")
    result = runner.invoke(
        app, ["inventory", "import-fides", str(bad), "--url", "sqlite://", "-p", str(POLICY_FILE)]
    )
    assert result.exit_code == 1
    assert "bad.yml: dataset shop: collections: Input should be a valid list" in result.output
