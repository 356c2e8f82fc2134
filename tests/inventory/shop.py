"""The shop of fixtures/shop_fides.yml as real tables with a few rows, on any engine."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from tests.databases import create_filled

FIXTURES = Path(__file__).parent / "fixtures"


def shop_metadata(indexes: bool = True) -> sa.MetaData:
    """The shop's tables; ``indexes=False`` leaves the lookup columns unindexed."""
    metadata = sa.MetaData()

    def key(name: str, target: str) -> sa.Column[int]:
        return sa.Column(name, sa.ForeignKey(target), index=indexes)

    sa.Table(
        "address",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("street", sa.String(100)),
        sa.Column("city", sa.String(60)),
        sa.Column("postal_code", sa.String(12)),
    )
    sa.Table(
        "customer",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), index=indexes),
        sa.Column("phone", sa.String(20), index=indexes),
        sa.Column("name", sa.String(100)),
        key("address_id", "address.id"),
        sa.Column("created_at", sa.DateTime),
        sa.Column("closed_at", sa.DateTime, index=indexes),
    )
    sa.Table(
        "login",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        key("customer_id", "customer.id"),
        sa.Column("logged_in_at", sa.DateTime, index=indexes),
    )
    sa.Table(
        "orders",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        key("customer_id", "customer.id"),
        key("shipping_address_id", "address.id"),
        sa.Column("ordered_at", sa.DateTime),
    )
    sa.Table(
        "product",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.String(100)),
        sa.Column("price", sa.Numeric(10, 2)),
    )
    sa.Table(
        "order_item",
        metadata,
        key("order_id", "orders.id"),
        sa.Column("product_id", sa.Integer),
        sa.Column("quantity", sa.Integer),
    )
    sa.Table(
        "payment_card",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        key("customer_id", "customer.id"),
        sa.Column("card_number", sa.String(19)),
        sa.Column("holder_name", sa.String(100)),
    )
    sa.Table(
        "employee",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), index=indexes),
        sa.Column("name", sa.String(100)),
        key("address_id", "address.id"),
        sa.Column("left_at", sa.DateTime, index=indexes),
    )
    sa.Table(
        "service_request",
        metadata,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), index=indexes),
        key("employee_id", "employee.id"),
        sa.Column("opened_at", sa.DateTime),
        sa.Column("notes", sa.Text),
    )
    return metadata


ROWS: dict[str, list[dict[str, object]]] = {
    "address": [
        {"id": 1, "street": "Ilica 1", "city": "Zagreb", "postal_code": "10000"},
        {"id": 2, "street": "Riva 7", "city": "Split", "postal_code": "21000"},
        {"id": 3, "street": "Korzo 3", "city": "Rijeka", "postal_code": "51000"},
    ],
    "customer": [
        {"id": 1, "email": "ana.horvat@example.com", "phone": "+385911234567",
         "name": "Ana Horvat", "address_id": 1, "created_at": datetime(2020, 1, 5)},
        {"id": 2, "email": "ivo.kovac@example.com", "phone": "+385921234567",
         "name": "Ivo Kovač", "address_id": 2, "created_at": datetime(2021, 3, 9)},
    ],
    "login": [
        {"id": 1, "customer_id": 1, "logged_in_at": datetime(2024, 1, 1, 8)},
        {"id": 2, "customer_id": 2, "logged_in_at": datetime(2024, 1, 2, 9)},
        {"id": 3, "customer_id": 1, "logged_in_at": datetime(2024, 1, 3, 10)},
    ],
    "orders": [
        {"id": 10, "customer_id": 1, "shipping_address_id": 3, "ordered_at": datetime(2024, 2, 1)},
        {"id": 11, "customer_id": 2, "shipping_address_id": 2, "ordered_at": datetime(2024, 2, 2)},
    ],
    "product": [{"id": 1, "title": "Red mug", "price": 9.5}],
    "order_item": [
        {"order_id": 10, "product_id": 1, "quantity": 2},
        {"order_id": 11, "product_id": 1, "quantity": 1},
    ],
    "payment_card": [
        {"id": 1, "customer_id": 1, "card_number": "4111111111111111", "holder_name": "Ana Horvat"},
    ],
    "employee": [
        {"id": 1, "email": "marko@shop.example", "name": "Marko Marić", "address_id": 2},
    ],
    "service_request": [
        {"id": 1, "email": "ana.horvat@example.com", "employee_id": 1,
         "opened_at": datetime(2024, 3, 1), "notes": "Call me back on +385 91 123 4567 please."},
    ],
}  # fmt: skip


def create_shop(url: str, indexes: bool = True) -> None:
    create_filled(url, shop_metadata(indexes), ROWS)
