"""A small company with rows on both sides of every cutoff, on any engine.

As of 2026-03-15 12:00 UTC the default policy's cutoffs are (worked out by hand from the
notice, not by the engine):

- CDR end-user contact, null 12 months after the end of the month: ``sent_at < 2025-03-01``;
- the rest of a CDR, 10 years following its year: ``sent_at < 2016-01-01``;
- individual customers, 7 years after the relationship ends: ``ended <= 2019-03-15 12:00``;
- minimum age 16: born after 2010-03-15;
- prospects, 6 months after the last contact unless an agreement: ``<= 2025-09-15 12:00``;
- sourced candidates, 30 days after the email unless consent: ``<= 2026-02-13 12:00``;
- consented candidates, at the end of the consent: ``consent_until <= as_of``;
- unsubscribed subscribers: ``unsubscribed_at <= as_of``;
- message content, per customer (default 12 months after the end of the month:
  ``sent_at < 2025-03-01``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from tests.databases import create_filled

AS_OF = datetime(2026, 3, 15, 12, tzinfo=UTC)


def _t(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro)  # naive UTC, as stored


def metadata() -> sa.MetaData:
    meta = sa.MetaData()
    sa.Table(
        "customers",
        meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("email", sa.String(254), index=True),
        sa.Column("phone", sa.String(20), index=True),
        sa.Column("first_name", sa.String(100)),
        sa.Column("birth_date", sa.Date, index=True),
        sa.Column("relationship_ended_at", sa.DateTime, index=True),
    )
    sa.Table(
        "cdrs",
        meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("customer_id", sa.Integer, index=True),
        sa.Column("end_user_phone", sa.String(80), index=True),
        sa.Column("end_user_email", sa.String(254), index=True),
        sa.Column("channel", sa.String(10)),
        sa.Column("sent_at", sa.DateTime, index=True),
    )
    sa.Table(
        "message_content",
        meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("customer_id", sa.Integer, index=True),
        sa.Column("body", sa.Text),
        sa.Column("sent_at", sa.DateTime, index=True),
    )
    sa.Table(
        "prospects",
        meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("email", sa.String(254), index=True),
        sa.Column("last_communication_at", sa.DateTime, index=True),
        sa.Column("agreement_signed_at", sa.DateTime),
    )
    sa.Table(
        "sourced_candidates",
        meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("email", sa.String(254), index=True),
        sa.Column("headline", sa.String(100)),
        sa.Column("recruitment_email_at", sa.DateTime, index=True),
        sa.Column("consent_given_at", sa.DateTime),
        sa.Column("consent_until", sa.DateTime, index=True),
    )
    sa.Table(
        "subscribers",
        meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("email", sa.String(254), index=True),
        sa.Column("phone", sa.String(20), index=True),
        sa.Column("first_name", sa.String(100)),
        sa.Column("unsubscribed_at", sa.DateTime, index=True),
    )
    return meta


def _cdrs() -> list[dict[str, Any]]:
    """Edge rows first (ids 1-6), then 60 CDRs spread over 2014-2026 for batching."""
    rows = [
        (1, 1, "+385911000001", None, _t(2015, 12, 31, 23, 59, 59)),  # deleted
        (2, 1, "+385911000002", "a@example.com", _t(2016, 1, 1)),  # kept, contact nulled
        (3, 2, "+385911000003", None, _t(2025, 2, 28, 23, 59, 59, 999999)),  # nulled
        (4, 2, "+385911000004", "b@example.com", _t(2025, 3, 1)),  # untouched
        (5, 3, None, None, _t(2020, 6, 1)),  # nothing to null
        (6, 4, "+385911000006", None, _t(2026, 1, 1)),  # untouched
    ]
    for number in range(60):
        year, month = 2014 + number // 5, 1 + (number * 7) % 12
        phone = f"+38591200{number:04d}" if number % 4 else None
        email = f"user{number % 9}@example.com" if number % 3 else None
        rows.append(
            (
                100 + number,
                1 + number % 4,
                phone,
                email,
                _t(year, month, 1 + number % 28, number % 24),
            )
        )
    return [
        {
            "id": i,
            "customer_id": c,
            "end_user_phone": p,
            "end_user_email": e,
            "channel": "sms",
            "sent_at": s,
        }
        for i, c, p, e, s in rows
    ]


ROWS: dict[str, list[dict[str, Any]]] = {
    "customers": [
        {
            "id": 1,
            "email": "ana@example.com",
            "phone": "+385911111111",
            "first_name": "Ana",
            "birth_date": date(1980, 1, 1),
            "relationship_ended_at": _t(2019, 3, 15, 12),
        },  # due
        {
            "id": 2,
            "email": "ivo@example.com",
            "phone": "+385922222222",
            "first_name": "Ivo",
            "birth_date": date(1975, 5, 5),
            "relationship_ended_at": _t(2019, 3, 15, 12, 0, 1),
        },
        {
            "id": 3,
            "email": "kid@example.com",
            "phone": None,
            "first_name": "Kid",
            "birth_date": date(2010, 3, 16),
            "relationship_ended_at": None,
        },  # under 16: deleted
        {
            "id": 4,
            "email": "teen@example.com",
            "phone": None,
            "first_name": "Teen",
            "birth_date": date(2010, 3, 15),
            "relationship_ended_at": None,
        },  # 16 today: kept
        {
            "id": 5,
            "email": "eve@example.com",
            "phone": None,
            "first_name": "Eve",
            "birth_date": None,
            "relationship_ended_at": None,
        },
    ],
    "cdrs": _cdrs(),
    "message_content": [
        {"id": i, "customer_id": c, "body": f"Your code is {i}", "sent_at": s}
        for i, c, s in [
            (1, 1, _t(2025, 2, 28, 23)),
            (2, 1, _t(2025, 3, 1)),  # default: < 2025-03-01
            (3, 2, _t(2026, 1, 31)),
            (4, 2, _t(2026, 2, 1)),  # customer 2: 1 month
            (5, 4, _t(2022, 1, 1)),
            (6, 4, _t(2021, 2, 28)),  # customer 4: 5 years
            (7, 5, _t(2024, 1, 1)),
            (8, None, _t(2024, 1, 1)),  # default
        ]
    ],
    "prospects": [
        {
            "id": 1,
            "email": "lead1@example.com",
            "last_communication_at": _t(2025, 9, 15, 12),
            "agreement_signed_at": None,
        },  # due
        {
            "id": 2,
            "email": "lead2@example.com",
            "last_communication_at": _t(2024, 1, 1),
            "agreement_signed_at": _t(2024, 2, 1),
        },  # agreement: kept
        {
            "id": 3,
            "email": "lead3@example.com",
            "last_communication_at": _t(2025, 9, 16),
            "agreement_signed_at": None,
        },  # recent: kept
    ],
    "sourced_candidates": [
        {
            "id": 1,
            "email": "c1@example.com",
            "headline": "Engineer",
            "recruitment_email_at": _t(2026, 1, 1),
            "consent_given_at": None,
            "consent_until": None,
        },  # no consent in 30 days: erased
        {
            "id": 2,
            "email": "c2@example.com",
            "headline": "Designer",
            "recruitment_email_at": _t(2026, 1, 1),
            "consent_given_at": _t(2026, 1, 10),
            "consent_until": _t(2027, 1, 10),
        },  # kept
        {
            "id": 3,
            "email": "c3@example.com",
            "headline": "Analyst",
            "recruitment_email_at": _t(2026, 2, 14),
            "consent_given_at": None,
            "consent_until": None,
        },  # 30 days not over: kept
        {
            "id": 4,
            "email": "c4@example.com",
            "headline": "Lawyer",
            "recruitment_email_at": _t(2024, 1, 1),
            "consent_given_at": _t(2024, 1, 2),
            "consent_until": _t(2026, 1, 2),
        },  # consent ended
    ],
    "subscribers": [
        {
            "id": 1,
            "email": "Sub.One@Example.com",
            "phone": "+385 91 333 3333",
            "first_name": "One",
            "unsubscribed_at": _t(2025, 5, 1),
        },  # suppressed
        {
            "id": 2,
            "email": "two@example.com",
            "phone": None,
            "first_name": "Two",
            "unsubscribed_at": None,
        },  # kept
        {
            "id": 3,
            "email": "three@example.com",
            "phone": None,
            "first_name": "Three",
            "unsubscribed_at": _t(2026, 3, 15, 12, 0, 1),
        },  # after as_of: kept
    ],
}


def create_company(url: str) -> None:
    create_filled(url, metadata(), ROWS)


def inventory_yaml(url: str) -> str:
    return f"""
version: 1
systems:
  - name: shop
    url: {url}
    datasets:
      - name: customers
        activities: [account_data]
        primary_key: [id]
        identities:
          - {{column: email, kind: email, subject: individual_customer}}
          - {{column: phone, kind: phone, subject: individual_customer}}
          - {{column: id, kind: customer_id, subject: individual_customer}}
        anchors: {{business_relationship_end: relationship_ended_at}}
        date_of_birth: birth_date
        columns:
          email: {{category: name_and_contact}}
          phone: {{category: name_and_contact}}
          first_name: {{category: name_and_contact}}
          birth_date: {{category: due_diligence_identification}}
      - name: cdrs
        activities: [traffic_data]
        primary_key: [id]
        identities:
          - {{column: end_user_phone, kind: phone, subject: end_user}}
          - {{column: end_user_email, kind: email, subject: end_user}}
        relations:
          - {{column: customer_id, matches: customers.id, subject: individual_customer}}
        anchors: {{communication: sent_at}}
        columns:
          end_user_phone: {{category: end_user_contact, erasure: null}}
          end_user_email: {{category: end_user_contact, erasure: null}}
          channel: {{category: traffic_metadata}}
          sent_at: {{category: traffic_metadata}}
      - name: message_content
        activities: [communications_content]
        primary_key: [id]
        relations:
          - {{column: customer_id, matches: customers.id, subject: individual_customer}}
        anchors: {{communication: sent_at}}
        columns:
          body: {{category: communications_content, free_text: true}}
      - name: prospects
        activities: [prospects]
        primary_key: [id]
        identities: [{{column: email, kind: email, subject: prospect}}]
        anchors: {{last_communication: last_communication_at}}
        conditions: {{business_agreement_signed: agreement_signed_at}}
        columns:
          email: {{category: name_and_contact}}
      - name: sourced_candidates
        activities: [recruitment]
        primary_key: [id]
        identities: [{{column: email, kind: email, subject: sourced_candidate}}]
        anchors: {{recruitment_email: recruitment_email_at, consent_end: consent_until}}
        conditions: {{consent_given: consent_given_at}}
        columns:
          email: {{category: name_and_contact}}
          headline: {{category: public_professional_profile}}
      - name: subscribers
        activities: [marketing]
        primary_key: [id]
        identities:
          - {{column: email, kind: email, subject: marketing_subscriber}}
          - {{column: phone, kind: phone, subject: marketing_subscriber}}
        anchors: {{unsubscribe: unsubscribed_at}}
        columns:
          email: {{category: name_and_contact}}
          phone: {{category: name_and_contact}}
          first_name: {{category: name_and_contact}}
"""


def add_bulk_cdrs(url: str, count: int, first_id: int = 10_000) -> None:
    """``count`` more CDRs over 2013-2026, for runs long enough to interrupt."""
    rows = [
        {
            "id": first_id + number,
            "customer_id": 1 + number % 5,
            "end_user_phone": f"+3859130{number:05d}" if number % 5 else None,
            "end_user_email": f"bulk{number % 97}@example.com" if number % 2 else None,
            "channel": "sms",
            "sent_at": datetime(2013 + number % 14, 1 + number % 12, 1 + number % 28, number % 24),
        }
        for number in range(count)
    ]
    engine = sa.create_engine(url)
    try:
        table = metadata().tables["cdrs"]
        with engine.begin() as connection:
            connection.execute(table.insert(), rows)
    finally:
        engine.dispose()
