"""The real server: ``dataward serve`` in its own process on a free loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from dataward.cli.main import app
from tests.policy.factories import minimal_policy, to_yaml
from tests.servers import running_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    policy = tmp_path / "policy.yaml"
    policy.write_text(to_yaml(minimal_policy()), "utf-8")
    with running_server(("--policy", str(policy))) as base:
        yield base


def test_serves_api_and_notice_over_http(server: str) -> None:
    with httpx.Client(base_url=server, timeout=10) as client:
        openapi = client.get("/openapi.json")
        policy = client.get("/api/v1/policy")
        page = client.get("/privacy")
    assert openapi.status_code == 200
    assert "/api/v1/policy" in openapi.json()["paths"]
    assert policy.status_code == 200
    assert policy.json()["controller"]["name"] == "Example Ltd"
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "seven (7) years after the end of our business relationship" in page.text


def test_serve_refuses_a_broken_policy_before_listening(tmp_path: Path) -> None:
    broken = tmp_path / "policy.yaml"
    document = minimal_policy()
    document["activities"][0]["subjects"] = ["ghost"]
    broken.write_text(to_yaml(document), "utf-8")
    result = CliRunner().invoke(app, ["serve", "--policy", str(broken)])
    assert result.exit_code == 2
    assert "unknown subject category" in result.stderr
