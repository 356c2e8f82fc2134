"""A real server: ``dataward serve`` under uvicorn in its own process, over HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session

from dataward.staff import Role, create_token
from dataward.store import Settings, open_store
from tests.requests.company import ANA, INVENTORY, create_company
from tests.servers import running_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    crm, messaging = f"sqlite:///{tmp_path / 'crm.db'}", f"sqlite:///{tmp_path / 'messaging.db'}"
    create_company(crm, messaging)
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(INVENTORY.format(crm=crm, messaging=messaging), "utf-8")
    config = tmp_path / "requests.yaml"
    config.write_text(f"export_dir: {tmp_path / 'exports'}\n", "utf-8")
    store_url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = open_store(Settings(store_url))
    with Session(engine) as session, session.begin():
        token, _ = create_token(session, name="dpo", role=Role.admin, created_by="test")
    engine.dispose()
    environment = {
        "DATAWARD_DATABASE_URL": store_url,
        "DATAWARD_INVENTORY": str(inventory),
        "DATAWARD_REQUESTS_CONFIG": str(config),
    }
    with running_server(environment=environment) as base:
        yield base, token


def test_request_over_http_from_intake_to_erasure(server: tuple[str, str]) -> None:
    base, token = server
    staff = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, timeout=30) as client:
        created = client.post(
            "/api/v1/requests",
            json={
                "type": "erasure",
                "email": ANA["email"],
                "country": "GB",
                "relationship": "customer",
            },
        )
        assert created.status_code == 202
        request_id = created.json()["id"]
        outbox = client.get(
            "/api/v1/staff/outbox", params={"request_id": request_id}, headers=staff
        ).json()
        code = re.search(r"\b(\d{6})\b", outbox[0]["body"]).group(1)  # type: ignore[union-attr]
        assert (
            client.post(f"/api/v1/requests/{request_id}/verify", json={"code": code}).json()[
                "status"
            ]
            == "verified"
        )
        approved = client.post(f"/api/v1/staff/requests/{request_id}/approve", headers=staff)
        assert approved.status_code == 200, approved.text
        assert approved.json()["status"] == "ready"
        assert approved.json()["result"]["scan"]["passed"] is True
        listed = client.get("/api/v1/staff/requests", headers=staff).json()
        assert listed[0]["jurisdiction"] == "GB" and listed[0]["deadline_basis"] == "law"
        assert (
            client.get(
                "/api/v1/staff/requests", headers={"Authorization": "Bearer dw_nope"}
            ).status_code
            == 401
        )
