"""``dataward redact text`` and ``dataward redact detectors``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dataward.cli.main import app

runner = CliRunner()
TEXT = "Mail ana@example.hr or call +385 91 234 5678; app version 1.2.3.4.\n"


def test_stdin_to_stdout_with_placeholders() -> None:
    result = runner.invoke(app, ["redact", "text", "--names", "off"], input=TEXT)
    assert result.exit_code == 0, result.output
    assert result.output == "Mail <EMAIL> or call <PHONE>; app version 1.2.3.4.\n"


def test_file_argument_and_json(tmp_path: Path) -> None:
    source = tmp_path / "ticket.txt"
    source.write_text(TEXT, "utf-8")
    result = runner.invoke(app, ["redact", "text", str(source), "--json", "--names", "off"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["text"].startswith("Mail <EMAIL>")
    assert [(f["type"], TEXT[f["start"] : f["end"]]) for f in data["findings"]] == [
        ("EMAIL", "ana@example.hr"), ("PHONE", "+385 91 234 5678"),
    ]  # fmt: skip
    assert "ana@example.hr" not in result.output.replace(TEXT, "")


def test_pseudonymise_needs_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATAWARD_REDACT_KEY", raising=False)
    result = runner.invoke(app, ["redact", "text", "--pseudonymise"], input=TEXT)
    assert result.exit_code == 2 and "DATAWARD_REDACT_KEY" in result.output
    monkeypatch.setenv("DATAWARD_REDACT_KEY", "a-secret-of-more-than-16-bytes")
    args = ["redact", "text", "--pseudonymise", "--names", "off"]
    result = runner.invoke(app, args, input=TEXT)
    assert result.exit_code == 0 and "<EMAIL:" in result.output and "<PHONE:" in result.output


def test_region_option_reads_national_numbers() -> None:
    args = ["redact", "text", "--names", "off", "--region", "hr"]
    result = runner.invoke(app, args, input="nazovi me 091 234 5678 ili 01 2345 678")
    assert result.output == "nazovi me <PHONE> ili <PHONE>"
    bad = runner.invoke(app, ["redact", "text", "--region", "XX"], input="x")
    assert bad.exit_code == 2 and "unknown phone regions" in bad.output


def test_detectors_lists_every_builtin() -> None:
    result = runner.invoke(app, ["redact", "detectors"], terminal_width=200)
    assert result.exit_code == 0
    for name in ["email", "phone", "iban", "vat_id", "card_number", "person_name"]:
        assert name in result.output
