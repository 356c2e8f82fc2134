"""The retention and holds routes, on an app built by the same factory the server uses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dataward.api import ApiSettings, create_app
from dataward.policy import load_policy
from dataward.store import Settings
from tests.api.testclient import TestClient
from tests.retention.company import create_company, inventory_yaml


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'company.db'}"
    create_company(url)
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(inventory_yaml(url), "utf-8")
    settings = ApiSettings(
        store=Settings(f"sqlite:///{tmp_path / 'dataward.db'}"), inventory_path=inventory
    )
    with TestClient(create_app(settings, load_policy())) as client:
        yield client


def test_plan(client: TestClient) -> None:
    response = client.get("/api/v1/retention/plan", params={"as_of": "2026-03-15T12:00:00Z"})
    assert response.status_code == 200
    lines = {line["step"]: line for line in response.json()["steps"]}
    assert lines["prospects@shop.prospects"]["due"] == 1
    assert lines["cdr_end_user_contact@shop.cdrs"]["action"] == "null"


def test_holds_lifecycle(client: TestClient) -> None:
    body = {
        "case": "LIT-1",
        "scope": "dataset",
        "value": "shop.prospects",
        "reason": "litigation",
        "created_by": "legal@example.com",
    }
    created = client.post("/api/v1/holds", json=body)
    assert created.status_code == 201
    hold = created.json()
    plan = client.get("/api/v1/retention/plan", params={"as_of": "2026-03-15T12:00:00Z"}).json()
    prospects = next(line for line in plan["steps"] if line["rule"] == "prospects")
    assert (prospects["status"], prospects["held"]) == ("held", 1)
    assert [h["id"] for h in client.get("/api/v1/holds").json()] == [hold["id"]]
    released = client.post(f"/api/v1/holds/{hold['id']}/release", json={"released_by": "legal"})
    assert released.status_code == 200 and released.json()["released_at"]
    again = client.post(f"/api/v1/holds/{hold['id']}/release", json={"released_by": "legal"})
    assert again.status_code == 409
    assert client.post("/api/v1/holds/999/release", json={"released_by": "x"}).status_code == 404


def test_bad_hold_is_422(client: TestClient) -> None:
    body = {"case": "C", "scope": "subject", "value": "who?", "reason": "r", "created_by": "x"}
    assert client.post("/api/v1/holds", json=body).status_code == 422


def test_customer_retention(client: TestClient) -> None:
    put = client.put("/api/v1/customers/2/retention", json={"months": 1, "set_by": "customer 2"})
    assert put.status_code == 200 and put.json()["months"] == 1
    plan = client.get("/api/v1/retention/plan", params={"as_of": "2026-03-15T12:00:00Z"}).json()
    content = [line for line in plan["steps"] if line["rule"] == "communications_content"]
    assert [(line["customer"], line["due"]) for line in content] == [("2", 1), ("default", 5)]
    assert client.delete("/api/v1/customers/2/retention").status_code == 204
    assert client.delete("/api/v1/customers/2/retention").status_code == 404
    assert client.get("/api/v1/customers/retention").json() == []


def test_without_a_store_the_store_routes_answer_503() -> None:
    with TestClient(create_app(ApiSettings(), load_policy())) as client:
        assert client.get("/api/v1/holds").status_code == 503
