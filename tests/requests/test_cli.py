"""The ``dataward requests`` and ``dataward staff`` commands, through Typer's runner."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from dataward.cli.main import app
from tests.requests.company import ANA, INVENTORY, create_company

runner = CliRunner()


def test_cli_flow(tmp_path: Path) -> None:
    crm, messaging = f"sqlite:///{tmp_path / 'crm.db'}", f"sqlite:///{tmp_path / 'messaging.db'}"
    create_company(crm, messaging)
    (tmp_path / "inventory.yaml").write_text(
        INVENTORY.format(crm=crm, messaging=messaging), "utf-8"
    )
    (tmp_path / "requests.yaml").write_text(f"export_dir: {tmp_path / 'exports'}\n", "utf-8")
    env = {
        "DATAWARD_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}",
        "DATAWARD_INVENTORY": str(tmp_path / "inventory.yaml"),
        "DATAWARD_REQUESTS_CONFIG": str(tmp_path / "requests.yaml"),
    }

    def run(*args: str) -> str:
        result = runner.invoke(app, list(args), env=env)
        assert result.exit_code == 0, result.output
        return result.output

    submitted = run(
        "requests",
        "submit",
        "--type",
        "access",
        "--email",
        str(ANA["email"]),
        "--country",
        "HR",
        "--relationship",
        "customer",
    )
    request_id = submitted.split()[0]
    found = re.search(r"code is (\d{6})", run("requests", "outbox", "--request", request_id))
    assert found is not None
    code = found.group(1)
    assert run("requests", "verify", request_id, code).strip() == "verified"
    assert "ready" in run("requests", "approve", request_id, "--by", "dpo")
    assert "completed" in run("requests", "complete", request_id)
    view = json.loads(run("requests", "show", request_id))
    assert view["result"]["export"]["rows"]["crm.orders"] == 3
    assert json.loads(run("requests", "list", "--overdue", "--json")) == []
    assert "policy, not law" in run("requests", "deadlines", "--type", "erasure", "--json")
    token = run("staff", "token", "create", "--role", "auditor", "--name", "ann").split()[0]
    assert token.startswith("dw_")
    assert "auditor" in run("staff", "token", "list")

    bad = runner.invoke(
        app,
        [
            "requests",
            "submit",
            "--type",
            "nope",
            "--email",
            "a@b.hr",
            "--country",
            "HR",
            "--relationship",
            "customer",
        ],
        env=env,
    )
    assert bad.exit_code == 1 and "type:" in bad.output


def test_cli_pause_resume_and_preview(tmp_path: Path) -> None:
    crm, messaging = f"sqlite:///{tmp_path / 'crm.db'}", f"sqlite:///{tmp_path / 'messaging.db'}"
    create_company(crm, messaging)
    (tmp_path / "inventory.yaml").write_text(
        INVENTORY.format(crm=crm, messaging=messaging), "utf-8"
    )
    env = {
        "DATAWARD_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}",
        "DATAWARD_INVENTORY": str(tmp_path / "inventory.yaml"),
    }

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(app, list(args), env=env)
        assert result.exit_code == code, result.output
        return result.output

    def submit(country: str) -> str:
        email = str(ANA["email"])
        made = run("requests", "submit", "--type", "erasure", "--email", email,
                   "--country", country, "--relationship", "customer")  # fmt: skip
        return made.split()[0]

    british = submit("GB")
    assert "awaiting_verification" in run("requests", "pause", british, "--reason", "an ID")
    listed = run("requests", "list")
    assert "(paused)" in listed
    assert "awaiting_verification" in run("requests", "resume", british, "--note", "ID seen")
    refused = run("requests", "pause", submit("HR"), "--reason", "an ID", code=1)
    assert "does not stop the clock" in refused

    found = re.search(r"code is (\d{6})", run("requests", "outbox", "--request", british))
    assert found is not None
    run("requests", "verify", british, found.group(1))
    dry = json.loads(run("requests", "preview", british))
    assert dry["systems"]["crm"]["rows"]["crm.orders"] == 3
    view = json.loads(run("requests", "show", british))
    assert view["status"] == "verified" and view["pauses"][0]["reason"] == "an ID"
