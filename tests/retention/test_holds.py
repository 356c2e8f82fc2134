"""Legal holds keep rows inside the SQL; releasing a hold lets the next run delete them."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.holds import HoldRequest, HoldScope, create_hold
from dataward.retention.plan import Plan
from tests.retention.company import ROWS
from tests.retention.conftest import Planner, Runner, lift_hold, place_hold, rows


def _line(plan: Plan, step: str) -> tuple[int | None, int, str]:
    line = next(line for line in plan.lines if line.step == step)
    return line.due, line.held, line.status


def _ids(url: str, table: str) -> set[int]:
    return {row["id"] for row in rows(url, table)}


def test_subject_hold_keeps_the_persons_rows_until_released(
    run: Runner, plan: Planner, store: sa.Engine, company_url: str
) -> None:
    # CDR 1 (2015, due for deletion) reaches end-user +385911000001.
    hold = place_hold(store, HoldScope.subject, "+385 91 100 0001")
    assert _line(plan(), "cdr_other_traffic_data@shop.cdrs") == (
        len([1, *range(100, 110)]) - 1,
        1,
        "due",
    )
    run()
    assert 1 in _ids(company_url, "cdrs")
    kept = next(row for row in rows(company_url, "cdrs") if row["id"] == 1)
    assert kept["end_user_phone"] == "+385911000001"  # not nulled either
    lift_hold(store, hold)
    run()
    assert 1 not in _ids(company_url, "cdrs")


def test_customer_hold_keeps_the_customer_and_rows_pointing_at_it(
    run: Runner, store: sa.Engine, company_url: str
) -> None:
    hold = place_hold(store, HoldScope.customer, "1")
    run()
    assert 1 in _ids(company_url, "customers")  # relationship ended 7 years ago: held
    customer_1 = [r for r in rows(company_url, "cdrs") if r["customer_id"] == 1]
    assert any(r["sent_at"].year < 2016 for r in customer_1)  # old CDRs kept via customer_id
    assert 1 in _ids(company_url, "message_content")
    old_others = [
        r for r in rows(company_url, "cdrs") if r["customer_id"] != 1 and r["sent_at"].year < 2016
    ]
    assert old_others == []  # other customers' rows were not held
    lift_hold(store, hold)
    run()
    assert 1 not in _ids(company_url, "customers")
    assert [r for r in rows(company_url, "cdrs") if r["sent_at"].year < 2016] == []


def test_subject_hold_by_email_reaches_rows_related_through_the_inventory(
    run: Runner, store: sa.Engine, company_url: str
) -> None:
    # ana@example.com is customer 1: her customers row and, through cdrs.customer_id, her CDRs.
    place_hold(store, HoldScope.subject, "ana@example.com")
    run()
    assert 1 in _ids(company_url, "customers")
    assert any(
        r["customer_id"] == 1 and r["sent_at"].year < 2016 for r in rows(company_url, "cdrs")
    )


def test_dataset_hold_skips_the_dataset_and_counts_its_due_rows_as_held(
    run: Runner, plan: Planner, store: sa.Engine, company_url: str
) -> None:
    hold = place_hold(store, HoldScope.dataset, "shop.prospects")
    assert _line(plan(), "prospects@shop.prospects") == (0, 1, "held")
    report = run()
    outcome = next(o for o in report.outcomes if o.rule == "prospects")
    assert outcome.status == "held" and outcome.rows == 0
    assert _ids(company_url, "prospects") == {p["id"] for p in ROWS["prospects"]}
    lift_hold(store, hold)
    run()
    assert _ids(company_url, "prospects") == {2, 3}


def test_a_hold_that_ended_no_longer_holds(run: Runner, store: sa.Engine, company_url: str) -> None:
    from datetime import UTC, datetime

    with Session(store) as session, session.begin():
        request = HoldRequest(
            "OLD",
            HoldScope.dataset,
            "shop.prospects",
            "closed case",
            starts_at=datetime(2020, 1, 1, tzinfo=UTC),
            ends_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        create_hold(session, request, created_by="legal")
    run()
    assert _ids(company_url, "prospects") == {2, 3}
