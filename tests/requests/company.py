"""A small company over two systems, with the people the request tests ask about.

``crm`` holds customers, their orders, invoices (a legal duty keeps them) and support
tickets (pseudonymised, not deleted); ``messaging`` holds usage events (reached from
``crm.customers.id`` across systems), CDRs (controller traffic data: the end-user's
number is nulled) and message content (processor data: forwarded to the customer).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from dataward.inventory.loader import parse_inventory
from dataward.inventory.model import Inventory
from tests.databases import create_filled

ANA: dict[str, Any] = {"email": "ana@example.com", "phone": "+385911234567", "customer_id": 1}
IVO: dict[str, Any] = {"email": "ivo@example.com", "phone": "+385921234567", "customer_id": 2}
HEAVY: dict[str, Any] = {"email": "heavy@example.com", "customer_id": 3}
BOB_PHONE = "+385981111111"  # an end-user of customer 1 (Ana's company)
T0 = datetime(2024, 1, 1, 12)


def crm_metadata() -> sa.MetaData:
    metadata = sa.MetaData()
    sa.Table(
        "customers", metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("email", sa.String(254), index=True),
        sa.Column("phone", sa.String(20), index=True),
        sa.Column("name", sa.String(100)),
        sa.Column("created_at", sa.DateTime),
    )  # fmt: skip
    for name, extra in (
        ("orders", [sa.Column("total", sa.Numeric(10, 2)), sa.Column("ordered_at", sa.DateTime)]),
        ("invoices", [sa.Column("amount", sa.Numeric(10, 2)), sa.Column("issued_at", sa.DateTime)]),
        ("tickets", [sa.Column("contact_name", sa.String(100)), sa.Column("body", sa.Text)]),
    ):
        sa.Table(
            name, metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id"), index=True),
            *extra,
        )  # fmt: skip
    return metadata


def messaging_metadata() -> sa.MetaData:
    metadata = sa.MetaData()

    def table(name: str, *columns: sa.Column[Any]) -> None:
        sa.Table(
            name, metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("customer_id", sa.Integer, index=True),
            *columns,
        )  # fmt: skip

    table("usage_events", sa.Column("event", sa.String(40)), sa.Column("at", sa.DateTime))
    table(
        "cdr",
        sa.Column("destination", sa.String(20), index=True),
        sa.Column("sent_at", sa.DateTime),
    )
    table(
        "message_content",
        sa.Column("destination", sa.String(20), index=True),
        sa.Column("body", sa.Text),
    )
    return metadata


def crm_rows(heavy_rows: int) -> dict[str, list[dict[str, Any]]]:
    customers = [
        {
            "id": p["customer_id"],
            "email": p["email"],
            "phone": p.get("phone"),
            "name": name,
            "created_at": T0,
        }
        for p, name in ((ANA, "Ana Horvat"), (IVO, "Ivo Kovač"), (HEAVY, "Heavy User"))
    ]
    orders = [
        {"id": i, "customer_id": 1 + i % 2, "total": 10 + i, "ordered_at": T0} for i in range(1, 7)
    ]
    orders += [
        {"id": 100 + i, "customer_id": 3, "total": 1, "ordered_at": T0} for i in range(heavy_rows)
    ]
    invoices = [
        {"id": i, "customer_id": 1 + i % 2, "amount": 5, "issued_at": T0} for i in range(1, 5)
    ]
    tickets = [
        {
            "id": 1,
            "customer_id": 1,
            "contact_name": "Ana Horvat",
            "body": "Call me on +385911234567",
        },
        {"id": 2, "customer_id": 2, "contact_name": "Ivo Kovač", "body": "Hello"},
    ]
    return {"customers": customers, "orders": orders, "invoices": invoices, "tickets": tickets}


def messaging_rows(heavy_rows: int) -> dict[str, list[dict[str, Any]]]:
    usage = [{"id": i, "customer_id": 1 + i % 2, "event": "login", "at": T0} for i in range(1, 11)]
    usage += [
        {"id": 1000 + i, "customer_id": 3, "event": "x" * 30, "at": T0 + timedelta(seconds=i)}
        for i in range(heavy_rows)
    ]
    cdr = [
        {"id": i, "customer_id": 1, "destination": BOB_PHONE, "sent_at": T0} for i in range(1, 5)
    ]
    cdr += [{"id": 10, "customer_id": 2, "destination": "+385987654321", "sent_at": T0}]
    content = [
        {"id": i, "customer_id": 1, "destination": BOB_PHONE, "body": "hi Bob"} for i in range(1, 4)
    ]
    return {"usage_events": usage, "cdr": cdr, "message_content": content}


def create_company(crm_url: str, messaging_url: str, heavy_rows: int = 20) -> None:
    for url, metadata, rows in (
        (crm_url, crm_metadata(), crm_rows(heavy_rows)),
        (messaging_url, messaging_metadata(), messaging_rows(heavy_rows)),
    ):
        create_filled(url, metadata, rows)


INVENTORY = """
version: 1
systems:
  - name: crm
    url: {crm}
    datasets:
      - name: customers
        activities: [account_data]
        primary_key: [id]
        identities:
          - {{column: email, kind: email, subject: individual_customer}}
          - {{column: phone, kind: phone, subject: individual_customer}}
          - {{column: id, kind: customer_id, subject: individual_customer}}
        columns:
          email: {{category: name_and_contact}}
          phone: {{category: name_and_contact}}
          name: {{category: name_and_contact}}
          created_at: {{}}
      - name: orders
        activities: [account_data]
        relations: [{{column: customer_id, matches: customers.id}}]
        columns: {{total: {{category: billing_financial}}}}
      - name: invoices
        activities: [account_data]
        relations: [{{column: customer_id, matches: customers.id}}]
        columns: {{amount: {{category: billing_financial}}}}
      - name: tickets
        activities: [account_data]
        relations: [{{column: customer_id, matches: customers.id}}]
        columns:
          contact_name: {{category: customer_support_data, erasure: pseudonymise}}
          body: {{category: customer_support_data, erasure: null, free_text: true}}
  - name: messaging
    url: {messaging}
    datasets:
      - name: usage_events
        activities: [usage_data]
        relations: [{{column: customer_id, matches: crm.customers.id}}]
        columns: {{event: {{category: usage_data}}}}
      - name: cdr
        activities: [traffic_data]
        erasure: null
        identities: [{{column: destination, kind: phone, subject: end_user}}]
        columns: {{destination: {{category: end_user_contact}}}}
      - name: message_content
        activities: [communications_content]
        identities: [{{column: destination, kind: phone, subject: end_user}}]
        relations: [{{column: customer_id, matches: crm.customers.id, subject: customer}}]
        columns: {{body: {{category: communications_content}}}}
"""


def company_inventory(crm_url: str, messaging_url: str) -> Inventory:
    return parse_inventory(INVENTORY.format(crm=crm_url, messaging=messaging_url), "inventory.yaml")
