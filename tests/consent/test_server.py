"""The real server: ``dataward serve`` under uvicorn, spoken to over loopback HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dataward.store import Settings, open_store
from tests.consent.conftest import KEY_ENVIRONMENT, staff_token
from tests.servers import running_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    url = f"sqlite:///{tmp_path / 'dataward.db'}"
    engine = open_store(Settings(url))
    token = staff_token(engine)
    engine.dispose()
    environment = KEY_ENVIRONMENT | {"DATAWARD_DATABASE_URL": url}
    with running_server(environment=environment) as base:
        yield base, token


def test_consent_unsubscribe_and_decisions_over_http(server: tuple[str, str]) -> None:
    base, token = server
    staff = httpx.Client(base_url=base, timeout=10, headers={"Authorization": f"Bearer {token}"})
    mail_client = httpx.Client(base_url=base, timeout=10)
    with staff, mail_client:
        given = staff.post(
            "/api/v1/consents",
            json={"identity": "ana@example.com", "purpose": "subscriber_marketing",
                  "notice_version": "2023-02-22", "source": "webform"},
        )  # fmt: skip
        assert given.status_code == 201, given.text
        ask = {"purpose": "subscriber_marketing", "identity": "ana@example.com", "channel": "email"}
        assert staff.post("/api/v1/decisions", json=ask).json()["allowed"] is True
        link = staff.post("/api/v1/unsubscribe/links", json={"contact": "ana@example.com"}).json()
        assert link["url"].startswith(f"{base}/api/v1/unsubscribe/one-click/")
        clicked = mail_client.post(
            link["url"], content=link["headers"]["List-Unsubscribe-Post"],
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        assert clicked.status_code == 200, clicked.text
        denied = staff.post("/api/v1/decisions", json=ask).json()
        assert [reason["code"] for reason in denied["reasons"]] == [
            "suppressed", "consent_withdrawn",
        ]  # fmt: skip
        gpc = mail_client.get("/api/v1/cookie-consent/categories", headers={"Sec-GPC": "1"})
        assert {c["id"]: c["refused_by_gpc"] for c in gpc.json()["categories"]}["advertising"]
