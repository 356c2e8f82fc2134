from __future__ import annotations

from pathlib import Path

import pytest

from dataward.inventory.connectors.registry import default_registry
from dataward.inventory.graph import Hop, plan_lookup
from dataward.inventory.identity import Identity
from dataward.inventory.lookup import LookupFailed, find_person
from dataward.inventory.model import ColumnAddress, DatasetAddress, Inventory
from tests.inventory.conftest import inventory_of
from tests.inventory.lake import write_lake
from tests.inventory.shop import create_shop

INVENTORY = """\
identity: {{default_region: HR}}
systems:
  - name: shop
    url: {url}
    datasets:
      - name: customer
        identities:
          - {{column: email, kind: email}}
          - {{column: phone, kind: phone}}
          - {{column: id, kind: customer_id}}
        relations:
          - {{column: id, matches: payment_card.customer_id}}
      - name: orders
        relations: [{{column: customer_id, matches: customer.id}}]
      - name: order_item
        relations: [{{column: order_id, matches: orders.id}}]
      - name: address
        relations:
          - {{column: id, matches: customer.address_id}}
          - {{column: id, matches: orders.shipping_address_id}}
      - name: payment_card
        relations: [{{column: customer_id, matches: customer.id}}]
  - name: lake
    connector: parquet
    url: {lake}
    datasets:
      - name: cdr
        identities: [{{column: destination_number, kind: phone}}]
        relations: [{{column: customer_id, matches: shop.customer.id}}]
"""


def shop_and_lake(url: str, tmp_path: Path) -> Inventory:
    create_shop(url)
    lake = write_lake(tmp_path / "lake")
    return inventory_of(INVENTORY.format(url=url, lake=lake))


def addresses(inventory: Inventory, kind: str) -> list[str]:
    return [str(step.address) for step in plan_lookup(inventory, kind)]


def test_plan_orders_steps_so_keys_come_first(tmp_path: Path) -> None:
    inventory = inventory_of(INVENTORY.format(url="sqlite://", lake=tmp_path))
    assert addresses(inventory, "email") == [
        "shop.customer",
        "lake.cdr",
        "shop.orders",
        "shop.address",
        "shop.payment_card",
        "shop.order_item",
    ]
    steps = {str(step.address): step for step in plan_lookup(inventory, "email")}
    # customer <-> payment_card is a cycle: broken at customer, the entry point.
    assert steps["shop.customer"].hops == ()
    assert steps["shop.address"].hops == (
        Hop("id", ColumnAddress("shop", "customer", "address_id")),
        Hop("id", ColumnAddress("shop", "orders", "shipping_address_id")),
    )
    # cdr has its own entry (the number) but also waits for the customer's ids.
    assert addresses(inventory, "phone")[:2] == ["shop.customer", "lake.cdr"]
    assert addresses(inventory, "passport") == []


def test_find_person_by_email_across_systems(any_database_url: str, tmp_path: Path) -> None:
    inventory = shop_and_lake(any_database_url, tmp_path)
    registry = default_registry()
    connectors = {system.name: registry.connector(system, {}) for system in inventory.systems}
    for connector in connectors.values():
        connector.open()
    try:
        found = find_person(inventory, connectors, Identity("email", "ana.horvat@example.com"))
    finally:
        for connector in connectors.values():
            connector.close()
    ids = {str(address): sorted(row.get("id") for row in rows) for address, rows in found.items()}
    assert ids == {
        "shop.customer": [1],
        "lake.cdr": [1, 2],  # Ana's own messages, found in Parquet by her customer id
        "shop.orders": [10],
        "shop.payment_card": [1],
        "shop.address": [1, 3],  # her address and the order's shipping address
        "shop.order_item": [None],
    }


def test_find_person_by_phone_reaches_end_user_rows(sqlite_url: str, tmp_path: Path) -> None:
    inventory = shop_and_lake(sqlite_url, tmp_path)
    registry = default_registry()
    with (
        registry.connector(inventory.system("shop"), {}) as shop,
        registry.connector(inventory.system("lake"), {}) as lake,
    ):
        # A raw identity is normalised first, with the inventory's default region (HR).
        found = find_person(
            inventory, {"shop": shop, "lake": lake}, Identity("phone", "(091) 123-4567")
        )
    cdr_ids = sorted(row["id"] for row in found[DatasetAddress("lake", "cdr")])
    # CDRs sent to her number (1 and 3), plus, as customer 1, the ones she sent (1 and 2).
    assert cdr_ids == [1, 2, 3]


@pytest.mark.parametrize("limit", [1])
def test_limit_bounds_the_rows_read_per_dataset(
    sqlite_url: str, tmp_path: Path, limit: int
) -> None:
    inventory = shop_and_lake(sqlite_url, tmp_path)
    registry = default_registry()
    with (
        registry.connector(inventory.system("shop"), {}) as shop,
        registry.connector(inventory.system("lake"), {}) as lake,
    ):
        found = find_person(
            inventory, {"shop": shop, "lake": lake}, Identity("phone", "+385911234567"), limit
        )
    assert all(len(rows) == 1 for rows in found.values())


def test_a_missing_table_stops_the_lookup(sqlite_url: str, tmp_path: Path) -> None:
    shop_and_lake(sqlite_url, tmp_path)
    broken = INVENTORY.format(url=sqlite_url, lake=tmp_path / "lake").replace(
        "name: orders", "name: orders\n        table: purchases"
    )
    inventory = inventory_of(broken)
    registry = default_registry()
    with (
        registry.connector(inventory.system("shop"), {}) as shop,
        registry.connector(inventory.system("lake"), {}) as lake,
        pytest.raises(LookupFailed, match=r"shop\.orders: table purchases does not exist"),
    ):
        find_person(inventory, {"shop": shop, "lake": lake}, Identity("customer_id", "1"))
