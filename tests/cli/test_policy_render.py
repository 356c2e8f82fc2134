"""``dataward policy render`` through the real command line parser."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dataward.cli.main import app
from tests.policy.factories import minimal_policy, to_yaml

runner = CliRunner()


def _policy_file(tmp_path: Path) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(to_yaml(minimal_policy()), "utf-8")
    return path


def test_markdown_to_standard_output(tmp_path: Path) -> None:
    result = runner.invoke(app, ["policy", "render", str(_policy_file(tmp_path))])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Privacy notice\n")
    assert "seven (7) years after the end of our business relationship" in result.stdout


def test_html_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "privacy.html"
    result = runner.invoke(
        app,
        ["policy", "render", str(_policy_file(tmp_path)), "--format", "html", "-o", str(target)],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"wrote {target}" in result.stderr
    assert target.read_text("utf-8").startswith("<!doctype html>")


def test_default_policy_renders(tmp_path: Path) -> None:
    result = runner.invoke(app, ["policy", "render", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "twelve (12) months after the end of the month in which" in result.stdout


def test_just_in_time_text_for_one_activity(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "policy",
            "render",
            str(_policy_file(tmp_path)),
            "--activity",
            "accounts",
            "--notice-url",
            "https://example.com/privacy",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Customer accounts: how we use your data")
    assert "(https://example.com/privacy#activity-accounts)" in result.stdout


def test_unknown_activity_exits_2_listing_valid_ids(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["policy", "render", str(_policy_file(tmp_path)), "--activity", "nope"]
    )
    assert result.exit_code == 2
    assert "unknown activity 'nope'; expected one of: accounts" in result.stderr
    assert result.stdout == ""


def test_broken_policy_exits_2_with_its_problems(tmp_path: Path) -> None:
    document = minimal_policy()
    document["activities"][0]["subjects"] = ["ghost"]
    path = tmp_path / "policy.yaml"
    path.write_text(to_yaml(document), "utf-8")
    result = runner.invoke(app, ["policy", "render", str(path)])
    assert result.exit_code == 2
    assert "activities[0].subjects[0]: unknown subject category" in result.stderr
