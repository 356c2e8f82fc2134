"""The consent routes through FastAPI's TestClient, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.api.routers.consent.tokens import REVOCATION_CHECK_SECONDS, TokenCache
from dataward.audit.models import AuditEntry
from dataward.consent import ConsentRuntime
from dataward.staff import Role, StaffMember, create_token, revoke_token
from tests.api.testclient import TestClient
from tests.consent.factories import record


def decide(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post("/api/v1/decisions", json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_a_decision_with_reasons_and_policy_version(client: TestClient) -> None:
    body = decide(client, purpose="subscriber_marketing", identity="ana@example.com")
    assert body["allowed"] is False
    assert body["reasons"] == [
        {"code": "no_consent", "message": "subscriber_marketing needs consent and none was given"}
    ]
    assert body["policy_version"] == "2023-02-22"


def test_consent_through_the_api_then_allowed(client: TestClient) -> None:
    response = client.post(
        "/api/v1/consents",
        json={
            "identity": "Ana@Example.com", "purpose": "subscriber_marketing",
            "notice_version": "2023-02-22", "source": "webform:newsletter", "channel": "web",
        },
    )  # fmt: skip
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "given"
    assert decide(
        client, purpose="subscriber_marketing", identity="ana@example.com", channel="email"
    )["allowed"]
    shown = client.get("/api/v1/consents", params={"identity": "ana@example.com"}).json()
    assert [c["purpose"] for c in shown["consents"]] == ["subscriber_marketing"]
    history = client.get("/api/v1/consents/history", params={"identity": "ana@example.com"})
    assert [event["source"] for event in history.json()["events"]] == ["webform:newsletter"]


def test_a_period_sets_the_expiry(client: TestClient) -> None:
    response = client.post(
        "/api/v1/consents",
        json={
            "identity": "cv@example.com", "purpose": "job_applications", "notice_version": "v1",
            "source": "workday", "occurred_at": "2026-01-31T10:00:00Z", "period": {"months": 1},
        },
    )  # fmt: skip
    assert response.status_code == 201, response.text
    assert response.json()["expires_at"].startswith("2026-02-28T23:59:59")


@pytest.mark.parametrize(
    ("path", "body", "location", "words"),
    [
        ("/api/v1/decisions", {"purpose": "nope", "identity": "a@example.com"},
         ["body", "purpose"], "unknown purpose 'nope'"),
        ("/api/v1/decisions", {"purpose": "b2b_marketing", "identity": "a@@example.com"},
         ["body", "identity"], "not a valid email"),
        ("/api/v1/decisions", {"purpose": "b2b_marketing", "identity": "a@example.com",
                               "channel": "sms"}, ["body", "channel"], "needs a phone"),
        ("/api/v1/decisions/bulk", {"purpose": "b2b_marketing",
                                    "identities": ["a@example.com", "??"]},
         ["body", "identities", 1], "cannot tell"),
        ("/api/v1/consents", {"identity": "a@example.com", "purpose": "b2b_marketing",
                              "notice_version": "v1", "source": "web"},
         ["body", "purpose"], "relies on legitimate_interests, not consent"),
        ("/api/v1/consents", {"identity": "a@example.com", "purpose": "job_applications",
                              "notice_version": "v1", "source": "web"},
         ["body", "expires_at"], "needs the consented period"),
        ("/api/v1/unsubscribe", {"contact": "subject:42"}, ["body", "contact"], "not an email"),
    ],
)  # fmt: skip
def test_bad_input_is_a_422_naming_the_field(
    client: TestClient, path: str, body: dict[str, Any], location: list[Any], words: str
) -> None:
    response = client.post(path, json=body)
    assert response.status_code == 422, response.text
    (detail,) = response.json()["detail"]
    assert detail["loc"] == location
    assert words in detail["msg"]


def test_bulk_decisions_with_a_tally(client: TestClient, runtime: ConsentRuntime) -> None:
    record(runtime, "ana@example.com", "subscriber_marketing")
    client.post("/api/v1/unsubscribe", json={"contact": "bob@example.com"})
    response = client.post(
        "/api/v1/decisions/bulk",
        json={
            "purpose": "subscriber_marketing", "channel": "email", "skip_invalid": True,
            "identities": ["ana@example.com", "bob@example.com", "cy@example.com", "junk"],
        },
    )  # fmt: skip
    body = response.json()
    assert (body["total"], body["allowed"], body["denied"]) == (4, 1, 3)
    assert body["by_reason"] == {
        "consent_given": 1, "suppressed": 1, "no_consent": 2, "invalid_identity": 1,
    }  # fmt: skip
    assert [item["allowed"] for item in body["results"]] == [True, False, False, False]


def test_unsubscribe_withdraws_lists_and_keeps_no_contact(
    client: TestClient, runtime: ConsentRuntime
) -> None:
    record(runtime, "ana@example.com", "subscriber_marketing")
    body = client.post("/api/v1/unsubscribe", json={"contact": "Ana@Example.com"}).json()
    assert body["withdrawn"] == ["subscriber_marketing"] and body["newly_listed"]
    again = client.post("/api/v1/unsubscribe", json={"contact": "ana@example.com"}).json()
    assert (again["newly_listed"], again["withdrawn"]) == (False, [])
    decision = decide(client, purpose="subscriber_marketing", identity="ana@example.com")
    assert [r["code"] for r in decision["reasons"]] == ["suppressed", "consent_withdrawn"]
    exported = client.get("/api/v1/suppression/export").text
    assert "ana@example.com" not in exported
    assert exported.splitlines()[2] == runtime.hasher.digest("email:ana@example.com").hex()


def test_rfc_8058_one_click_post(client: TestClient) -> None:
    issued = client.post("/api/v1/unsubscribe/links", json={"contact": "ana@example.com"}).json()
    assert issued["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = issued["url"].removeprefix("http://testserver")
    public = TestClient(client.app)  # a mail client: no staff token, no cookie
    page = public.get(path)
    assert page.status_code == 200 and "ana@example.com" in page.text
    assert decide(client, purpose="b2b_marketing", identity="ana@example.com")[
        "allowed"
    ]  # GET changed nothing
    assert public.post(path, content="wrong").status_code == 400
    response = public.post(
        path, content="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert (response.status_code, response.text) == (200, "unsubscribed")
    assert not decide(client, purpose="b2b_marketing", identity="ana@example.com")["allowed"]
    forged = path[:-4] + ("AAAA" if not path.endswith("AAAA") else "BBBB")
    assert public.post(forged, content="List-Unsubscribe=One-Click").status_code == 403


def test_cookie_consent_and_global_privacy_control(client: TestClient) -> None:
    public = TestClient(client.app)
    categories = public.get("/api/v1/cookie-consent/categories", headers={"Sec-GPC": "1"}).json()
    assert [(c["id"], c["required"], c["refused_by_gpc"]) for c in categories["categories"]] == [
        ("necessary", True, False), ("functional", False, False),
        ("analytical", False, False), ("advertising", False, True),
    ]  # fmt: skip
    everything = {"functional": True, "analytical": True, "advertising": True}
    plain = public.post("/api/v1/cookie-consent", json={"categories": everything}).json()
    assert plain["categories"] == {name: True for name in ["necessary", *everything]}
    visitor = plain["visitor_id"]
    read_with_gpc = public.get(f"/api/v1/cookie-consent/{visitor}", headers={"Sec-GPC": "1"})
    assert read_with_gpc.json()["categories"]["advertising"] is False
    gpc = public.post(
        "/api/v1/cookie-consent", json={"categories": everything, "visitor_id": visitor},
        headers={"Sec-GPC": "1"},
    ).json()  # fmt: skip
    assert gpc["categories"] == {**plain["categories"], "advertising": False} and gpc["gpc"]
    refused = public.post("/api/v1/cookie-consent", json={"categories": {"necessary": False}})
    assert refused.json()["categories"]["necessary"] is True  # cannot be refused
    unknown = public.post("/api/v1/cookie-consent", json={"categories": {"tracking": True}})
    assert unknown.json()["detail"][0]["loc"] == ["body", "categories", "tracking"]


def test_each_cookie_choice_is_audited(client: TestClient, engine: sa.Engine) -> None:
    public = TestClient(client.app)
    body = {"categories": {"analytical": True, "advertising": True}}
    first = public.post("/api/v1/cookie-consent", json=body).json()
    public.post(
        "/api/v1/cookie-consent", json=body | {"visitor_id": first["visitor_id"]},
        headers={"Sec-GPC": "1"},
    )  # fmt: skip
    with Session(engine) as session:
        entries = session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "consent.cookie_choice")
        ).all()
    details = [json.loads(entry.details_json) for entry in entries]
    assert [(item["granted"], item["gpc"]) for item in details] == [
        (["advertising", "analytical", "necessary"], False),
        (["analytical", "necessary"], True),
    ]
    assert entries[0].target == entries[1].target  # one visitor, one pseudonym
    assert first["visitor_id"] not in entries[0].target


def test_the_cookie_routes_answer_other_origins(client: TestClient) -> None:
    public = TestClient(client.app)
    origin = {"Origin": "https://www.example.com"}
    preflight = public.options(
        "/api/v1/cookie-consent",
        headers=origin | {"Access-Control-Request-Method": "POST",
                          "Access-Control-Request-Headers": "content-type"},
    )  # fmt: skip
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    recorded = public.post("/api/v1/cookie-consent", json={"categories": {}}, headers=origin)
    bad = public.post("/api/v1/cookie-consent", json={"categories": 7}, headers=origin)
    for answer in (recorded, bad, public.get("/api/v1/cookie-consent/categories")):
        assert answer.headers["access-control-allow-origin"] == "*"
    assert bad.status_code == 422
    staff_only = public.post("/api/v1/decisions", json={}, headers=origin)
    assert "access-control-allow-origin" not in staff_only.headers


def test_the_banner_script_is_served(client: TestClient) -> None:
    response = TestClient(client.app).get("/api/v1/cookie-consent/banner.js")
    assert response.headers["content-type"].startswith("text/javascript")
    assert "/api/v1/cookie-consent" in response.text and "globalPrivacyControl" in response.text


def test_suppression_import_export_round_trip(client: TestClient, runtime: ConsentRuntime) -> None:
    contacts = "ana@example.com\n+385 91 123 4567\n"
    added = client.post(
        "/api/v1/suppression/import?format=contacts", content=contacts,
        headers={"Content-Type": "text/plain"},
    ).json()  # fmt: skip
    assert added == {"read": 2, "added": 2, "already_listed": 0}
    exported = client.get("/api/v1/suppression/export").text
    assert f"# key_id: {runtime.hasher.key_id}" in exported
    again = client.post(
        "/api/v1/suppression/import", content=exported, headers={"Content-Type": "text/plain"}
    ).json()
    assert again == {"read": 2, "added": 0, "already_listed": 2}
    other_key = exported.replace(runtime.hasher.key_id, "0" * 16)
    refused = client.post(
        "/api/v1/suppression/import", content=other_key, headers={"Content-Type": "text/plain"}
    )
    assert refused.status_code == 409
    stats = client.get("/api/v1/suppression/stats").json()
    assert (stats["stored"], stats["in_memory"]) == (2, 2)


def test_staff_routes_need_a_token(client: TestClient) -> None:
    public = TestClient(client.app)
    assert public.post("/api/v1/decisions", json={}).status_code == 401
    assert public.get("/api/v1/suppression/export").status_code == 401
    assert public.post("/api/v1/unsubscribe", json={"contact": "a@example.com"}).status_code == 401


def test_a_revoked_token_stops_deciding_within_the_check_interval(
    client: TestClient, engine: sa.Engine
) -> None:
    with Session(engine) as session, session.begin():
        token, row = create_token(session, name="crm", role=Role.auditor, created_by="test")
        token_id = row.id
    sender = TestClient(client.app, headers={"Authorization": f"Bearer {token}"})
    ask = {"purpose": "subscriber_marketing", "identity": "ana@example.com"}
    assert sender.post("/api/v1/decisions", json=ask).status_code == 200
    with Session(engine) as session, session.begin():
        revoke_token(session, token_id, revoked_by="test")  # as `dataward staff revoke` does
    time.sleep(REVOCATION_CHECK_SECONDS + 0.1)
    assert sender.post("/api/v1/decisions", json=ask).status_code == 401


def test_the_token_cache_forgets_on_revocation_and_skips_overtaken_checks() -> None:
    now = [0.0]
    cache = TokenCache(clock=lambda: now[0])
    member = StaffMember(1, "crm", Role.auditor)
    assert cache.due() and not cache.due()  # one check per interval, claimed by one caller
    cache.observe((0, None))
    cache.put("t", member, cache.generation)
    assert cache.get("t") == member
    cache.observe((0, None))
    assert cache.get("t") == member  # nothing revoked: still remembered
    checked_during = cache.generation
    cache.observe((1, datetime.now(UTC)))  # a revocation, seen while "t" was being checked
    assert cache.get("t") is None
    cache.put("t", member, checked_during)
    assert cache.get("t") is None  # used once by its request, not remembered
    now[0] += REVOCATION_CHECK_SECONDS
    assert cache.due()
