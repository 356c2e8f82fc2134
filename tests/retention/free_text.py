"""A help desk with free text on both sides of the redact rules' cutoffs, on any engine.

As of 2026-03-15 12:00 UTC (``company.AS_OF``):

- survey answers are redacted right after they are received: ``submitted_at <= as_of``;
- ticket bodies (the support-data rule, made a redact rule in these tests) seven years
  after the ticket was resolved: ``resolved_at <= 2019-03-15 12:00``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from tests.databases import create_filled

SURVEY = "personal_data_in_survey_answers@desk.survey_answers"
TICKETS = "customer_support_data@desk.tickets"
HELD_EMAIL = "held@example.com"


def metadata() -> sa.MetaData:
    meta = sa.MetaData()
    sa.Table(
        "survey_answers", meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("survey", sa.String(60)),
        sa.Column("answer", sa.Text),
        sa.Column("submitted_at", sa.DateTime, index=True),
    )  # fmt: skip
    sa.Table(
        "tickets", meta,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("requester_email", sa.String(254), index=True),
        sa.Column("body", sa.Text),
        sa.Column("resolved_at", sa.DateTime, index=True),
    )  # fmt: skip
    return meta


def _answer(id: int, answer: str | None, submitted_at: datetime | None) -> dict[str, Any]:
    return {"id": id, "survey": "pricing", "answer": answer, "submitted_at": submitted_at}


ROWS: dict[str, list[dict[str, Any]]] = {
    "survey_answers": [
        _answer(1, "Great service, write to ana.horvat@example.com now.", datetime(2026, 3, 1)),
        _answer(2, "Call me on +385 91 234 5678 about pricing.", datetime(2025, 6, 1)),
        _answer(3, "The documentation is good.", datetime(2024, 1, 1)),
        _answer(4, "Mail ivo@example.com once it is done.", None),  # still being filled in
        _answer(5, "Reach me at eve@example.com please.", datetime(2026, 3, 15, 12, 0, 1)),
        _answer(6, None, datetime(2025, 1, 1)),  # nothing to read
    ],
    "tickets": [
        {
            "id": 1,
            "requester_email": "ana@example.com",
            "body": "Please call +385 91 234 5678 or write to ana@example.com.",
            "resolved_at": datetime(2018, 5, 1),
        },
        {
            "id": 2,
            "requester_email": HELD_EMAIL,
            "body": "My number is +44 20 7946 0958.",
            "resolved_at": datetime(2018, 6, 1),
        },
        {
            "id": 3,
            "requester_email": "ivo@example.com",
            "body": "Write to ivo@example.com.",
            "resolved_at": datetime(2021, 1, 1),
        },  # kept: resolved less than seven years ago
    ],
}
REDACTED = {
    ("survey_answers", 1): "Great service, write to <EMAIL> now.",
    ("survey_answers", 2): "Call me on <PHONE> about pricing.",
    ("tickets", 1): "Please call <PHONE> or write to <EMAIL>.",
    ("tickets", 2): "My number is <PHONE>.",
}


def create_desk(url: str) -> None:
    create_filled(url, metadata(), ROWS)


def add_bulk_answers(url: str, count: int, first_id: int = 1_000) -> None:
    """``count`` more due answers, each naming an email, for runs long enough to interrupt."""
    rows = [
        _answer(
            first_id + number,
            f"Answer {number}: write to user{number}@example.com please.",
            datetime(2020 + number % 6, 1 + number % 12, 1 + number % 28, number % 24),
        )
        for number in range(count)
    ]
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(metadata().tables["survey_answers"].insert(), rows)
    finally:
        engine.dispose()


def desk_inventory(url: str, free_text: bool = True) -> str:
    marked = ", free_text: true" if free_text else ""
    return f"""
version: 1
systems:
  - name: desk
    url: {url}
    datasets:
      - name: survey_answers
        activities: [anonymous_surveys]
        primary_key: [id]
        anchors: {{survey_answers_received: submitted_at}}
        columns:
          survey: {{}}
          answer: {{category: survey_answers{marked}}}
          submitted_at: {{}}
      - name: tickets
        activities: [account_data]
        primary_key: [id]
        identities: [{{column: requester_email, kind: email}}]
        anchors: {{support_request_resolved: resolved_at}}
        columns:
          requester_email: {{category: customer_support_data}}
          body: {{category: customer_support_data{marked}}}
          resolved_at: {{}}
"""
