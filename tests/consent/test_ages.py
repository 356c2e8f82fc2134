"""Birth dates: recorded one at a time, or imported from a system the inventory describes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.consent import ConsentRuntime, Reason
from dataward.consent.ages import (
    birth_date_datasets,
    import_birth_dates,
    under_age_birth_dates,
)
from dataward.inventory.connectors.registry import default_registry
from dataward.inventory.model import DatasetAddress, Inventory
from tests.api.testclient import TestClient
from tests.consent.conftest import company_url
from tests.databases import create_filled

TODAY = date.today()
KID, TEEN, ADULT = "kid@example.com", "teen@example.com", "adult@example.com"
CUSTOMERS = DatasetAddress("messaging", "customers")


def years_ago(years: int, days: int = 0) -> date:
    """Today ``years`` ago (28 February for a 29th), plus ``days``."""
    try:
        day = TODAY.replace(year=TODAY.year - years)
    except ValueError:
        day = TODAY.replace(year=TODAY.year - years, day=28)
    return day + timedelta(days=days)


metadata = sa.MetaData()
customers = sa.Table(
    "customers", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.String(254)), sa.Column("phone", sa.String(20)),
    sa.Column("birth_date", sa.Date),
)  # fmt: skip


def inventory_for(url: str) -> Inventory:
    return Inventory.model_validate(
        {
            "systems": [
                {
                    "name": "messaging",
                    "url": url,
                    "datasets": [
                        {
                            "name": "customers",
                            "activities": ["account_data"],
                            "primary_key": ["id"],
                            "identities": [
                                {"column": "email", "kind": "email"},
                                {"column": "phone", "kind": "phone"},
                            ],
                            "date_of_birth": "birth_date",
                        }
                    ],
                }
            ]
        }
    )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def company(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    url = company_url(request, tmp_path, "messaging.db")
    create_filled(
        url,
        metadata,
        {
            "customers": [
                {"email": KID, "phone": "+385911234567", "birth_date": years_ago(12)},
                {"email": TEEN, "phone": None, "birth_date": years_ago(16, days=1)},
                {"email": ADULT, "phone": None, "birth_date": years_ago(16)},
                {"email": "nobody-knows@example.com", "phone": None, "birth_date": None},
            ]
        },
    )
    return url


def read(company: str) -> list[tuple[str, date]]:
    found = under_age_birth_dates(
        inventory_for(company), CUSTOMERS, minimum_age=16, as_of=datetime.now(UTC),
        registry=default_registry(), environ={},
    )  # fmt: skip
    return sorted((str(fact.identity), fact.birth_date) for fact in found)


def test_only_the_people_under_age_are_read(company: str) -> None:
    assert birth_date_datasets(inventory_for(company)) == [CUSTOMERS]
    assert read(company) == sorted(
        [
            ("email:kid@example.com", years_ago(12)),
            ("phone:+385911234567", years_ago(12)),
            ("email:teen@example.com", years_ago(16, days=1)),  # 16 tomorrow
        ]
    )


def test_imported_birth_dates_deny_and_are_not_recorded_twice(
    runtime: ConsentRuntime, company: str
) -> None:
    facts = under_age_birth_dates(
        inventory_for(company), CUSTOMERS, minimum_age=16, as_of=datetime.now(UTC),
        registry=default_registry(), environ={},
    )  # fmt: skip
    with runtime.writing() as session:
        done = import_birth_dates(
            session, list(facts), hasher=runtime.hasher, actor="test", datasets=["x"]
        )
    assert (done.read, done.recorded) == (3, 3)
    assert runtime.decide("subscriber_marketing", "+385 91 123 4567").reasons == (
        Reason.under_age,
        Reason.no_consent,
    )
    assert Reason.under_age not in runtime.decide("subscriber_marketing", ADULT).reasons
    with Session(runtime.engine) as session, session.begin():
        again = import_birth_dates(
            session, list(facts), hasher=runtime.hasher, actor="test", datasets=["x"]
        )
    assert again.recorded == 0


def test_a_birth_date_over_http(client: TestClient) -> None:
    body = {"identity": KID, "birth_date": years_ago(12).isoformat(), "source": "signup"}
    answer = client.post("/api/v1/birth-dates", json=body)
    assert answer.status_code == 201, answer.text
    decided = client.post(
        "/api/v1/decisions", json={"purpose": "administer_agreements", "identity": KID}
    ).json()
    assert [reason["code"] for reason in decided["reasons"]] == ["under_age"]
    future = client.post("/api/v1/birth-dates", json=body | {"birth_date": "2999-01-01"})
    assert future.status_code == 422
    assert future.json()["detail"][0]["loc"] == ["body", "birth_date"]
