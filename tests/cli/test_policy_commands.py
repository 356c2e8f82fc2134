"""``dataward policy check|init|show`` through the real command line parser."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dataward.cli.main import app
from tests.policy.factories import minimal_policy, to_yaml

runner = CliRunner(env={"COLUMNS": "200"})


def _write(tmp_path: Path, document: dict) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(to_yaml(document), "utf-8")
    return path


def test_check_passes_a_clean_policy(tmp_path: Path) -> None:
    result = runner.invoke(app, ["policy", "check", str(_write(tmp_path, minimal_policy()))])
    assert result.exit_code == 0, result.output
    assert "OK — 1 activities, 1 retention rules, 0 warning(s)" in result.output


def test_check_names_every_error_and_exits_2(tmp_path: Path) -> None:
    document = minimal_policy()
    document["activities"][0]["subjects"] = ["ghost"]
    document["activities"][0]["recipients"] = ["acme"]
    result = runner.invoke(app, ["policy", "check", str(_write(tmp_path, document))])
    assert result.exit_code == 2
    assert "activities[0].subjects[0]: unknown subject category" in result.output
    assert "activities[0].recipients[0]: unknown recipient" in result.output
    assert "2 error(s)" in result.output


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    document = minimal_policy()
    document["recipients"][0]["agreement"] = None
    path = str(_write(tmp_path, document))
    relaxed = runner.invoke(app, ["policy", "check", path, "--as-of", "2026-11-28"])
    strict = runner.invoke(app, ["policy", "check", path, "--as-of", "2026-11-28", "--strict"])
    assert relaxed.exit_code == 0 and "no data processing agreement" in relaxed.output
    assert strict.exit_code == 1


def test_check_reports_broken_yaml(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("metadata: [\n", "utf-8")
    result = runner.invoke(app, ["policy", "check", str(path)])
    assert result.exit_code == 2
    assert "invalid YAML" in result.output


def test_init_writes_the_default_policy_which_then_checks(tmp_path: Path) -> None:
    result = runner.invoke(app, ["policy", "init", str(tmp_path / "privacy")])
    assert result.exit_code == 0, result.output
    written = tmp_path / "privacy" / "policy.yaml"
    assert runner.invoke(app, ["policy", "check", str(written)]).exit_code == 0
    again = runner.invoke(app, ["policy", "init", str(tmp_path / "privacy")])
    assert again.exit_code == 1 and "--force" in again.output


def test_show_lists_rules(tmp_path: Path) -> None:
    result = runner.invoke(app, ["policy", "show", str(_write(tmp_path, minimal_policy()))])
    assert result.exit_code == 0, result.output
    assert "accounts_after_relationship" in result.output
