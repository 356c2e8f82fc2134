"""A run leaves exactly the expected rows: cutoffs worked out by hand, rows compared whole."""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.audit import AuditEntry, verify
from dataward.consent.keys import resolve_hasher
from dataward.consent.models import SuppressionEntry
from dataward.consent.suppression import is_suppressed
from dataward.inventory.identity import Identity
from dataward.inventory.model import Inventory
from dataward.policy import Policy
from dataward.policy.calendar import Offset
from dataward.retention import RunOptions, Systems, run_retention
from dataward.retention.customers import set_instruction
from dataward.store import Settings, open_store
from tests.retention.company import AS_OF, ROWS
from tests.retention.conftest import Runner, rows

Rows = list[dict[str, Any]]


def expected_company() -> dict[str, Rows]:
    """The end state as of 2026-03-15 12:00 UTC, written out from the notice by hand."""
    before = copy.deepcopy(ROWS)
    under_16 = {
        c["id"]
        for c in before["customers"]
        if c["birth_date"] and c["birth_date"] > date(2010, 3, 15)
    }
    customers = [
        c
        for c in before["customers"]
        if c["id"] not in under_16
        and not (
            c["relationship_ended_at"] and c["relationship_ended_at"] <= datetime(2019, 3, 15, 12)
        )
    ]
    cdrs = []
    for cdr in before["cdrs"]:
        if cdr["sent_at"] < datetime(2016, 1, 1) or cdr["customer_id"] in under_16:
            continue
        if cdr["sent_at"] < datetime(2025, 3, 1):
            cdr.update(end_user_phone=None, end_user_email=None)
        cdrs.append(cdr)
    cutoffs = {2: datetime(2026, 2, 1), 4: datetime(2021, 3, 1)}  # the customers' instructions
    content = [
        m
        for m in before["message_content"]
        if m["sent_at"] >= cutoffs.get(m["customer_id"], datetime(2025, 3, 1))
    ]
    prospects = [
        p
        for p in before["prospects"]
        if p["agreement_signed_at"] or p["last_communication_at"] > datetime(2025, 9, 15, 12)
    ]
    candidates = [
        c
        for c in before["sourced_candidates"]
        if (c["consent_given_at"] or c["recruitment_email_at"] > datetime(2026, 2, 13, 12))
        and not (c["consent_until"] and c["consent_until"] <= datetime(2026, 3, 15, 12))
    ]
    subscribers = [
        s
        for s in before["subscribers"]
        if not (s["unsubscribed_at"] and s["unsubscribed_at"] <= datetime(2026, 3, 15, 12))
    ]
    return {
        "customers": customers,
        "cdrs": cdrs,
        "message_content": content,
        "prospects": prospects,
        "sourced_candidates": candidates,
        "subscribers": subscribers,
    }


def _instruct(store: sa.Engine) -> None:
    with Session(store) as session, session.begin():
        set_instruction(session, "2", Offset(months=1), set_by="test")
        set_instruction(session, "4", Offset(years=5), set_by="test")


def test_run_leaves_exactly_what_is_not_due(
    run: Runner, company_url: str, store: sa.Engine
) -> None:
    _instruct(store)
    report = run(batch_size=7)
    expected = expected_company()
    for table, wanted in expected.items():
        assert rows(company_url, table) == wanted, table
    removed = sum(len(ROWS[t]) - len(w) for t, w in expected.items())
    nulled = sum(
        1
        for cdr in ROWS["cdrs"]
        if datetime(2016, 1, 1) <= cdr["sent_at"] < datetime(2025, 3, 1)
        and (cdr["end_user_phone"] or cdr["end_user_email"])
        and cdr["customer_id"] != 3
    )
    assert report.rows == removed + nulled
    assert all(outcome.status == "done" for outcome in report.outcomes)


def test_second_run_changes_nothing_and_audits_no_batch(
    run: Runner, company_url: str, store: sa.Engine
) -> None:
    first = run(batch_size=5)
    after_first = {table: rows(company_url, table) for table in ROWS}
    with Session(store) as session:
        batches = session.scalar(
            sa.select(sa.func.count()).where(AuditEntry.action == "retention.batch")
        )
    second = run(batch_size=5)
    assert first.rows > 0 and second.rows == 0
    assert {table: rows(company_url, table) for table in ROWS} == after_first
    with Session(store) as session:
        assert (
            session.scalar(sa.select(sa.func.count()).where(AuditEntry.action == "retention.batch"))
            == batches
        )
        runs = session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "retention.run")
        ).all()
        assert [entry.details["rows"] for entry in runs] == [first.rows, 0]
        assert verify(session).broken is None


def test_each_batch_is_audited_once_with_rule_dataset_count_cutoff(
    run: Runner, store: sa.Engine
) -> None:
    report = run(batch_size=4)
    with Session(store) as session:
        entries = session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.action == "retention.batch")
            .order_by(AuditEntry.seq)
        ).all()
    details = [entry.details for entry in entries]
    per_step: dict[str, list[int]] = {}
    for item in details:
        per_step.setdefault(item["step"], []).append(item["batch"])
        assert item["run"] == report.run_id
        assert item["as_of"] == "2026-03-15T12:00:00+00:00"
        assert 0 < item["count"] <= 4
    for batches in per_step.values():
        assert batches == list(range(1, len(batches) + 1))  # gapless, unique, in order
    cdr_deletes = [d for d in details if d["rule"] == "cdr_other_traffic_data"]
    assert cdr_deletes[0]["dataset"] == "shop.cdrs"
    assert cdr_deletes[0]["cutoff"] == "2016-01-01T00:00:00+00:00"
    assert sum(d["count"] for d in details) == report.rows


def test_unsubscribed_contacts_stay_only_as_keyed_hashes(run: Runner, store: sa.Engine) -> None:
    run()
    with Session(store) as session:
        hasher = resolve_hasher(session)
        entries = session.scalars(sa.select(SuppressionEntry)).all()
        # "Sub.One@Example.com" and "+385 91 333 3333", found under their normalised forms.
        assert is_suppressed(session, Identity("email", "sub.one@example.com"), hasher)
        assert is_suppressed(session, Identity("phone", "+385913333333"), hasher)
        assert not is_suppressed(session, Identity("email", "two@example.com"), hasher)
    assert len(entries) == 2
    assert {entry.source for entry in entries} == {"retention:subscriber_unsubscribes"}
    assert all(len(entry.contact_hash) == 32 for entry in entries)


def test_store_and_governed_database_may_be_one(
    company_url: str, inventory: Inventory, default_policy: Policy
) -> None:
    store = open_store(Settings(company_url))
    try:
        with Systems(inventory) as systems:
            report = run_retention(
                store, default_policy, inventory, systems, as_of=AS_OF,
                options=RunOptions(batch_size=5),
            )  # fmt: skip
        with Session(store) as session:
            batches = session.scalar(
                sa.select(sa.func.count()).where(AuditEntry.action == "retention.batch")
            )
            assert verify(session).broken is None
    finally:
        store.dispose()
    assert report.rows > 0 and batches == sum(o.batches for o in report.outcomes)
    assert [p["id"] for p in rows(company_url, "prospects")] == [2, 3]
