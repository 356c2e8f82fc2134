"""Erasure also removes the person's email, phone and name from other records' free text."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from dataward.audit import AuditEntry
from dataward.audit import verify as verify_audit
from dataward.holds import HoldRequest, HoldScope, create_hold
from dataward.inventory.free_text import TRIGRAM_EXTENSION, trigram_indexes
from dataward.inventory.loader import parse_inventory
from dataward.inventory.model import Inventory
from dataward.requests import workflow
from dataward.requests.context import Context
from dataward.requests.erasure.free_text import search_for
from dataward.requests.kinds import Status
from dataward.requests.replies import reply_text
from tests.requests.company import ANA, INVENTORY, create_company
from tests.requests.conftest import Urls, VerifiedFactory

# Ana Horvat is customer 1 (ana@example.com, +385 91 123 4567); Ivo Kovač is customer 2.
TICKETS = {
    2: "Ana Horvat (ANA@example.com) called; her number is 091 123 4567. "
    "Ivo's mobile is +385 92 123 4567.",
    3: "Spoke to Mrs Horvat about invoices.",
    4: "Customer Horvatić asked about pricing.",  # a LIKE candidate, but not her name
}
FEEDBACK = {1: "Great product, ana@example.com", 2: "Ivo wrote from ivo@example.com"}
PROCESSOR_BODY = "forward this to ana@example.com"


def _mention_inventory(crm: str, messaging: str) -> Inventory:
    """The request tests' company, with Ana's name as an identity and a feedback table."""
    text = INVENTORY.replace(
        "          - {{column: id, kind: customer_id, subject: individual_customer}}\n",
        "          - {{column: id, kind: customer_id, subject: individual_customer}}\n"
        "          - {{column: name, kind: name, subject: individual_customer}}\n",
    ).replace(
        "        columns: {{body: {{category: communications_content}}}}\n",
        "        columns: {{body: {{category: communications_content, free_text: true}}}}\n"
        "      - name: feedback\n"
        "        activities: [anonymous_surveys]\n"
        "        primary_key: [id]\n"
        "        columns: {{text: {{category: survey_answers, free_text: true}}}}\n",
    )
    return parse_inventory(text.format(crm=crm, messaging=messaging), "inventory.yaml")


def _execute(url: str, *statements: tuple[str, list[dict[str, Any]]]) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            for sql, rows in statements:
                connection.execute(sa.text(sql), rows or None)
    finally:
        engine.dispose()


def _texts(url: str, sql: str) -> dict[int, str | None]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return {row[0]: row[1] for row in connection.execute(sa.text(sql))}
    finally:
        engine.dispose()


@pytest.fixture
def inventory(urls: Urls) -> Inventory:
    create_company(urls.crm, urls.messaging)
    _execute(
        urls.crm,
        ("UPDATE tickets SET body = :body WHERE id = 2", [{"body": TICKETS[2]}]),
        (
            "INSERT INTO tickets (id, customer_id, contact_name, body) "
            "VALUES (:id, 2, 'Ivo Kovač', :body)",
            [{"id": number, "body": TICKETS[number]} for number in (3, 4)],
        ),
    )
    _execute(
        urls.messaging,
        ("CREATE TABLE feedback (id INTEGER PRIMARY KEY, text TEXT)", []),
        (
            "INSERT INTO feedback (id, text) VALUES (:id, :text)",
            [{"id": number, "text": text} for number, text in FEEDBACK.items()],
        ),
        (
            "INSERT INTO message_content (id, customer_id, destination, body) "
            "VALUES (9, 2, '+385987654321', :body)",
            [{"body": PROCESSOR_BODY}],
        ),
    )
    return _mention_inventory(urls.crm, urls.messaging)


def test_erasure_replaces_her_mentions_in_other_records_and_nothing_else(
    store: sa.Engine, context: Context, urls: Urls, verified: VerifiedFactory
) -> None:
    done = workflow.approve(store, context, verified("erasure", email=ANA["email"]), "staff:dpo")

    assert done.status == Status.ready, done.result
    tickets = _texts(urls.crm, "SELECT id, body FROM tickets WHERE id > 1")
    assert tickets == {
        2: "<PERSON> (<EMAIL>) called; her number is <PHONE>. Ivo's mobile is +385 92 123 4567.",
        3: "Spoke to Mrs <PERSON> about invoices.",
        4: TICKETS[4],
    }
    assert _texts(urls.messaging, "SELECT id, text FROM feedback") == {
        1: "Great product, <EMAIL>",
        2: FEEDBACK[2],
    }
    # Message content is processed for the customer, who decides on it.
    assert _texts(urls.messaging, "SELECT id, body FROM message_content WHERE id = 9") == {
        9: PROCESSOR_BODY
    }
    assert done.result["free_text"] == {
        "crm.tickets": {"rows": 2, "findings": {"PERSON": 2, "EMAIL": 1, "PHONE": 1}},
        "messaging.feedback": {"rows": 1, "findings": {"EMAIL": 1}},
    }
    assert done.result["identifiers"]["name"] == ["Ana Horvat"]
    assert done.result["scan"]["passed"] is True
    assert done.result["scan"]["free_text"] == {
        "crm.tickets": {"remaining": 0, "status": "clear", "reason": ""},
        "messaging.feedback": {"remaining": 0, "status": "clear", "reason": ""},
    }
    assert "removed your contact details or name from 3 other record(s)" in reply_text(done, None)
    with Session(store) as session:
        assert verify_audit(session).ok
        audited = session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "request.mentions_redacted")
        ).all()
        approved = session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "request.approved")
        ).one()
    assert {entry.details["dataset"]: entry.details["rows"] for entry in audited} == {
        "crm.tickets": 2,
        "messaging.feedback": 1,
    }
    # The datasets to be searched were named in the approval, committed before any change.
    assert approved.details["free_text"] == ["crm.tickets", "messaging.feedback"]
    assert all(entry.seq > approved.seq for entry in audited)
    assert "example.com" not in json.dumps([entry.details for entry in audited])


def test_held_datasets_and_held_customers_keep_their_mentions(
    store: sa.Engine, context: Context, urls: Urls, verified: VerifiedFactory
) -> None:
    with Session(store) as session, session.begin():
        for scope, value in ((HoldScope.dataset, "messaging.feedback"), (HoldScope.customer, "2")):
            hold = HoldRequest("CASE-7", scope, value, "litigation")
            create_hold(session, hold, created_by="legal")
    done = workflow.approve(store, context, verified("erasure", email=ANA["email"]), "staff:dpo")

    assert done.status == Status.ready, done.result
    assert _texts(urls.crm, "SELECT id, body FROM tickets WHERE id > 1") == TICKETS
    assert _texts(urls.messaging, "SELECT id, text FROM feedback") == FEEDBACK
    free_text = done.result["free_text"]
    assert free_text["crm.tickets"] == {"rows": 0, "findings": {}}
    assert free_text["messaging.feedback"]["skipped"].startswith("legal hold CASE-7")
    assert done.result["scan"]["free_text"]["messaging.feedback"]["status"] == "exempt"


def test_the_database_narrows_by_email_surname_and_the_phones_digits_in_order() -> None:
    search = search_for(
        {"email": ["ana_h@example.com"], "phone": ["+385911234567"], "name": ["Ana Kovačić"],
         "customer_id": ["1"]},
        ["HR"],
    )  # fmt: skip
    assert search is not None
    assert search.lowered == ("%ana/_h@example.com%", "%kova_i_%")
    assert search.numbers == ("911234567",)
    assert [kind for kind, _ in search.pairs] == ["email", "name", "phone"]  # never the id


ANA_SEARCH = {"email": ["ana@example.com"], "phone": ["+385911234567"], "name": ["Ana Horvat"]}


def _notes(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "notes", metadata, sa.Column("id", sa.Integer, primary_key=True), sa.Column("body", sa.Text)
    )


def test_on_postgresql_the_condition_is_written_on_the_trigram_indexed_expressions() -> None:
    search = search_for(ANA_SEARCH, ["HR"])
    assert search is not None
    condition = search.condition(_notes(sa.MetaData()), ["body"], postgresql.dialect())
    sql = condition.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    assert str(sql) == (
        "lower(notes.body) LIKE '%%ana@example.com%%' ESCAPE '/' "
        "OR lower(notes.body) LIKE '%%horvat%%' ESCAPE '/' "
        "OR notes.body LIKE '%%9%%1%%1%%2%%3%%4%%5%%6%%7%%' "
        "AND regexp_replace(notes.body, '[^0-9]+', '', 'g') LIKE '%%911234567%%'"
    )
    portable = search.condition(_notes(sa.MetaData()), ["body"], sqlite.dialect())
    assert "'%9%1%1%2%3%4%5%6%7%'" in str(portable.compile(compile_kwargs={"literal_binds": True}))


# Her number as people write it, and numbers that are not hers.
PHONES = {
    1: "call 091 123 4567",
    2: "call 091-123-4567 today",
    3: "call 091.123.4567",
    4: "call (091) 123 4567",
    5: "call +385 91 123 4567",
    6: "call +385 (91) 123-4567",
    7: "call 00385911234567",
    8: "call +385 (0)91 123 4567",
    20: "call 091 123 4568",
    21: "call +385 92 123 4567",
    22: "call 911, room 8, code 234567",  # her digits in order, with another digit between
}


def _candidate_ids(url: str, indexed: bool) -> tuple[set[int], str]:
    """The notes the search selects, and the plan PostgreSQL chose (seq scans off)."""
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    table = _notes(metadata)
    search = search_for(ANA_SEARCH, ["HR"])
    assert search is not None
    try:
        with engine.begin() as connection:
            metadata.create_all(connection)
            connection.execute(table.insert(), [{"id": k, "body": v} for k, v in PHONES.items()])
            if indexed:
                connection.execute(sa.text(TRIGRAM_EXTENSION))
                for index in trigram_indexes(table, "body", engine.dialect):
                    index.create(connection)
            statement = sa.select(table.c.id).where(
                search.condition(table, ["body"], engine.dialect)
            )
            found = set(connection.scalars(statement))
            plan = ""
            if engine.dialect.name == "postgresql":
                connection.execute(sa.text("SET LOCAL enable_seqscan = off"))
                sql = statement.compile(engine, compile_kwargs={"literal_binds": True})
                plan = "\n".join(connection.scalars(sa.text(f"EXPLAIN {sql}")))
    finally:
        engine.dispose()
    return found, plan


def test_her_phone_is_found_in_every_formatting_and_other_numbers_are_not(
    database_url: str,
) -> None:
    found, _ = _candidate_ids(database_url, indexed=database_url.startswith("postgresql"))
    expected = {1, 2, 3, 4, 5, 6, 7, 8}
    # SQLite matches her digits in order with anything between; PostgreSQL with no digit
    # between (all digits written together), which is closer to what the redaction finds.
    assert found == (expected if database_url.startswith("postgresql") else expected | {22})


@pytest.mark.postgres
def test_postgresql_answers_the_search_from_the_trigram_indexes(postgres_url: str) -> None:
    _, plan = _candidate_ids(postgres_url, indexed=True)
    assert "Bitmap Index Scan on ix_notes_body_trgm" in plan
    assert "Bitmap Index Scan on ix_notes_body_digits_trgm" in plan
    assert "Seq Scan" not in plan


@pytest.mark.parametrize(
    "urls", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_with_trigram_indexes_the_erasure_reads_them_not_the_table(
    store: sa.Engine, context: Context, urls: Urls, verified: VerifiedFactory
) -> None:
    """pg_trgm prices a long email's index scans above reading a small table: the erasure
    turns the table scans off for its search, where the indexes exist."""
    engine = sa.create_engine(urls.crm)
    metadata = sa.MetaData()
    tickets = sa.Table("tickets", metadata, autoload_with=engine)
    with engine.begin() as connection:
        connection.execute(sa.text(TRIGRAM_EXTENSION))
        for index in trigram_indexes(tickets, "body", engine.dialect):
            index.create(connection)
    engine.dispose()
    plans: list[str] = []

    def explain(connection: sa.Connection, _cursor: Any, statement: str, parameters: Any,
                _context: Any, _many: bool) -> None:  # fmt: skip
        if statement.startswith("SELECT tickets.id, tickets.body") and "LIKE" in statement:
            cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            cursor.execute(f"EXPLAIN {statement}", parameters)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))

    sa.event.listen(sa.Engine, "before_cursor_execute", explain)
    try:
        done = workflow.approve(store, context, verified("erasure", email=ANA["email"]), "dpo")
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", explain)

    assert done.result["free_text"]["crm.tickets"]["rows"] == 2
    assert len(plans) == 2  # the redaction and its verification
    for plan in plans:
        assert "Bitmap Index Scan on ix_tickets_body_trgm" in plan, plan
        assert "Seq Scan" not in plan and "Index Scan using" not in plan, plan
