"""Requests made through the API for tests that start from a verified request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from tests.web.site import Site


def verified_request(site: Site, email: str, kind: str = "access") -> str:
    body = {"type": kind, "email": email, "country": "HR", "relationship": "customer"}
    with site.api() as api:
        created = api.post("/api/v1/requests", json=body)
        assert created.status_code == 202, created.text
        request_id = str(created.json()["id"])
        (code,) = site.codes(request_id)
        verified = api.post(f"/api/v1/requests/{request_id}/verify", json={"code": code})
        assert verified.json()["status"] == "verified", verified.text
    return request_id


def due_in(site: Site, request_id: str, days: float) -> None:
    """Move a request's deadline, as if it had been received earlier."""
    due = datetime.now(UTC) + timedelta(days=days)
    with site.store.begin() as connection:
        connection.execute(
            sa.text("UPDATE dsr_request SET due_at = :due WHERE id = :id"),
            {"due": due.replace(tzinfo=None), "id": request_id},
        )


def status_of(site: Site, request_id: str) -> str:
    with site.api() as api:
        return str(api.get(f"/api/v1/staff/requests/{request_id}").json()["status"])
