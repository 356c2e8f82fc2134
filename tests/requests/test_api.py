"""The requests API through FastAPI's TestClient: the public flow, staff roles, bad input."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.api import ApiSettings, create_app
from dataward.policy import Policy
from dataward.requests.context import Context
from dataward.requests.handle import ContextHandle
from dataward.staff import Role, create_token
from dataward.store import Settings
from tests.api.testclient import TestClient
from tests.requests.company import ANA
from tests.requests.conftest import Urls, last_code

BODY = {"type": "access", "email": ANA["email"], "country": "HR", "relationship": "customer"}


@pytest.fixture
def client(urls: Urls, policy: Policy, context: Context, store: sa.Engine) -> Iterator[TestClient]:
    app = create_app(ApiSettings(store=Settings(urls.store)), policy)
    app.state.requests = ContextHandle(policy, context=context)
    with TestClient(app) as client:
        yield client


@pytest.fixture
def tokens(store: sa.Engine) -> dict[Role, dict[str, str]]:
    made = {}
    with Session(store) as session, session.begin():
        for role in Role:
            token, _ = create_token(session, name=role.value, role=role, created_by="test")
            made[role] = {"Authorization": f"Bearer {token}"}
    return made


def submit_and_verify(
    client: TestClient, store: sa.Engine, body: dict[str, object] = BODY
) -> tuple[str, str]:
    created = client.post("/api/v1/requests", json=body)
    assert created.status_code == 202, created.text
    request_id = created.json()["id"]
    verified = client.post(
        f"/api/v1/requests/{request_id}/verify", json={"code": last_code(store, request_id)}
    )
    assert verified.status_code == 200, verified.text
    return request_id, verified.json()["requester_token"]


def test_access_request_from_intake_to_download(
    client: TestClient, store: sa.Engine, tokens: dict[Role, dict[str, str]]
) -> None:
    request_id, requester = submit_and_verify(client, store)
    status = client.get(f"/api/v1/requests/{request_id}", headers={"X-Requester-Token": requester})
    assert status.json()["status"] == "verified"
    assert (
        client.get(f"/api/v1/requests/{request_id}").status_code == 404
    )  # no token: nothing shown

    assert client.post(f"/api/v1/staff/requests/{request_id}/approve").status_code == 401
    assert (
        client.post(
            f"/api/v1/staff/requests/{request_id}/approve", headers=tokens[Role.auditor]
        ).status_code
        == 403
    )
    assert client.get("/api/v1/staff/requests", headers=tokens[Role.auditor]).status_code == 200
    approved = client.post(
        f"/api/v1/staff/requests/{request_id}/approve", headers=tokens[Role.privacy_officer]
    )
    assert approved.status_code == 200 and approved.json()["status"] == "ready"
    done = client.post(
        f"/api/v1/staff/requests/{request_id}/complete",
        json={},
        headers=tokens[Role.privacy_officer],
    )
    assert done.json()["status"] == "completed"

    outbox = client.get(
        "/api/v1/staff/outbox", params={"request_id": request_id}, headers=tokens[Role.admin]
    ).json()
    link = re.search(r"(/api/v1/requests/\S+/export\?\S+)", outbox[0]["body"])
    assert link is not None
    download = client.get(link.group(1))
    assert download.status_code == 200
    assert "data.json" in zipfile.ZipFile(io.BytesIO(download.content)).namelist()
    tampered = client.get(link.group(1).replace("signature=", "signature=0"))
    assert tampered.status_code == 403


def test_staff_lists_what_is_due_and_extends_with_a_reason(
    client: TestClient, store: sa.Engine, context: Context, tokens: dict[Role, dict[str, str]]
) -> None:
    request_id, _ = submit_and_verify(client, store, BODY | {"country": "BR"})  # 15 days
    officer = tokens[Role.privacy_officer]
    week = client.get(
        "/api/v1/staff/requests", params={"due_this_week": True}, headers=officer
    ).json()
    assert week == []
    start = context.now()
    context.clock = lambda: start + timedelta(days=10)
    week = client.get(
        "/api/v1/staff/requests", params={"due_this_week": True}, headers=officer
    ).json()
    assert [row["id"] for row in week] == [request_id]
    refused = client.post(
        f"/api/v1/staff/requests/{request_id}/extend", json={"reason": "busy"}, headers=officer
    )
    assert refused.status_code == 422 and "no extension" in refused.json()["detail"]["message"]
    assert (
        client.post(
            f"/api/v1/staff/requests/{request_id}/extend", json={}, headers=officer
        ).status_code
        == 422
    )
    context.clock = lambda: start + timedelta(days=30)
    late = client.get("/api/v1/staff/requests", params={"overdue": True}, headers=officer).json()
    assert late[0]["overdue"] is True and late[0]["deadline_basis"] == "law"
    rejected = client.post(
        f"/api/v1/staff/requests/{request_id}/reject", json={"reason": "duplicate"}, headers=officer
    )
    assert rejected.json()["status"] == "rejected"
    view = client.get(f"/api/v1/staff/requests/{request_id}", headers=tokens[Role.auditor]).json()
    assert view["close_reason"] == "duplicate"


def test_eu_extension_within_the_cap(
    client: TestClient, store: sa.Engine, tokens: dict[Role, dict[str, str]]
) -> None:
    request_id, _ = submit_and_verify(client, store)
    officer = tokens[Role.privacy_officer]
    extended = client.post(
        f"/api/v1/staff/requests/{request_id}/extend",
        json={"reason": "12 systems", "by": 1},
        headers=officer,
    )
    assert extended.status_code == 200 and extended.json()["extended"] is True
    over = client.post(
        f"/api/v1/staff/requests/{request_id}/extend",
        json={"reason": "more", "by": 2},
        headers=officer,
    )
    assert over.status_code == 422 and over.json()["detail"]["field"] == "by"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"type": "forget_me"}, "type"),
        ({"email": "ana@"}, "email"),
        ({"country": "ZZ"}, "country"),
        ({"relationship": "martian"}, "relationship"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(
    client: TestClient, change: dict[str, str], field: str
) -> None:
    answer = client.post("/api/v1/requests", json=BODY | change)
    assert answer.status_code == 422
    assert answer.json()["detail"]["field"] == field


def test_malformed_payloads_are_4xx_never_500(client: TestClient, store: sa.Engine) -> None:
    assert client.post("/api/v1/requests", json=BODY | {"unknown": 1}).status_code == 422
    assert (
        client.post(
            "/api/v1/requests", content=b"{not json", headers={"content-type": "application/json"}
        ).status_code
        == 422
    )
    huge = BODY | {"note": "x" * 20_000}
    assert client.post("/api/v1/requests", json=huge).status_code == 413
    assert client.post("/api/v1/requests/nope/verify", json={"code": "123456"}).status_code == 404
    created = client.post("/api/v1/requests", json=BODY).json()
    assert (
        client.post(f"/api/v1/requests/{created['id']}/verify", json={"code": "12ab"}).status_code
        == 422
    )
    wrong = client.post(f"/api/v1/requests/{created['id']}/verify", json={"code": "000000"})
    if last_code(store, created["id"]) != "000000":
        assert wrong.status_code == 400 and wrong.json()["field"] == "code"
    assert (
        client.get("/api/v1/requests/x/export", params={"expires": 1, "signature": "x"}).status_code
        == 403
    )


def test_marketing_opt_out_is_carried_out_on_verification(
    client: TestClient, store: sa.Engine
) -> None:
    _, _ = request_id, token = submit_and_verify(
        client, store, BODY | {"type": "marketing_opt_out", "relationship": "marketing_subscriber"}
    )
    status = client.get(f"/api/v1/requests/{request_id}", headers={"X-Requester-Token": token})
    assert status.json()["status"] == "completed"
