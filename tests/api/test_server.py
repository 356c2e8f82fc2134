"""The real server: ``dataward serve`` in its own process on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from dataward.cli.main import app
from tests.policy.factories import minimal_policy, to_yaml

ROOT = Path(__file__).resolve().parents[2]
DATAWARD = [sys.executable, "-c", "from dataward.cli.main import main; main()"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_up(process: subprocess.Popen[str], url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}: {process.communicate()[0]}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail(f"the server did not answer {url} within {seconds} s")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    policy = tmp_path / "policy.yaml"
    policy.write_text(to_yaml(minimal_policy()), "utf-8")
    port = free_port()
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    command = [*DATAWARD, "serve", "--port", str(port), "--policy", str(policy)]
    process = subprocess.Popen(
        command,
        env=os.environ | {"PYTHONPATH": path},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, f"{base}/openapi.json")
        yield base
    finally:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


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
