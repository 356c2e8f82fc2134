"""Data-subject requests on PostgreSQL, in the shape Fides was measured on, then the demo.

10,000 customers and 1,000,000 order/message rows (101 per customer: 50 orders in the
``shop`` database, 51 messages in the ``messaging`` database, reached from
``shop.customers.id`` across systems), plus heavy customers with 10,101 rows each.
Fides' published figures for that shape: ~0.5 s per access request and 1.35 s per
erasure (median), 37-44 s and ~400 MiB to erase a customer with 10,101 rows.

Then the same measurements over the demo company at ten million CDRs
(``requests_demo.py``, which builds it: ~2.5 min more); ``--no-demo`` skips that part.

    .venv/bin/python benchmarks/requests_vs_fides.py            # needs PostgreSQL
    .venv/bin/python benchmarks/requests_vs_fides.py --no-demo
    DATAWARD_TEST_POSTGRES_URL=postgresql+psycopg://u@host/postgres .venv/bin/python ...
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import tracemalloc
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests_demo  # this folder
import sqlalchemy as sa
from requests_measure import (  # this folder
    ADMIN,
    FIDES,
    GOALS,
    PeakMemory,
    Person,
    Results,
    Row,
    drop_databases,
    erased,
    exported,
    policy_as_served,
    report,
    store_database,
    timed,
)

from dataward.inventory.loader import parse_inventory
from dataward.requests.config import RequestsConfig
from dataward.requests.context import Context

INVENTORY = """
version: 1
systems:
  - name: shop
    url: {shop}
    datasets:
      - name: customers
        activities: [account_data]
        identities:
          - {{column: email, kind: email, subject: individual_customer}}
          - {{column: id, kind: customer_id, subject: individual_customer}}
        columns: {{email: {{category: name_and_contact}}, name: {{category: name_and_contact}}}}
      - name: orders
        activities: [account_data]
        relations: [{{column: customer_id, matches: customers.id}}]
        columns: {{total: {{category: billing_financial}}, note: {{category: billing_financial}}}}
  - name: messaging
    url: {messaging}
    datasets:
      - name: messages
        activities: [usage_data]
        relations: [{{column: customer_id, matches: shop.customers.id}}]
        columns: {{body: {{category: usage_data}}}}
"""


SHOP_SETUP = [
    "CREATE TABLE customers (id int PRIMARY KEY, email varchar(254), name varchar(100))",
    "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int REFERENCES customers(id), "
    "total numeric(10,2), note varchar(100), ordered_at timestamp)",
    "INSERT INTO customers SELECT i, 'customer' || i || '@example.com', 'Customer ' || i "
    "FROM generate_series(1, :customers) i",
    "CREATE INDEX ix_customers_email ON customers (email)",
]
MESSAGING_SETUP = [
    "CREATE TABLE messages (id bigint PRIMARY KEY, customer_id int, body text, sent_at timestamp)"
]
# Typical rows spread over customers 1..c; a heavy customer's rows all go to one (``owner``).
ORDERS = (
    "INSERT INTO orders SELECT :base + g, COALESCE(:owner, 1 + (g - 1) % :c), g % 1000, "
    "'order', now() FROM generate_series(1, :n) g"
)
MESSAGES = (
    "INSERT INTO messages SELECT :base + g, COALESCE(:owner, 1 + (g - 1) % :c), "
    "'hello ' || g, now() FROM generate_series(1, :n) g"
)


@dataclass(frozen=True)
class Shape:
    customers: int
    per_customer: int
    heavy: int
    heavy_rows: int


def _fill(url: str, setup: list[str], insert: str, table: str, shape: Shape, share: int) -> None:
    """``share`` of each customer's rows (and of each heavy customer's) go to ``table``."""
    heavy_share = round(shape.heavy_rows * share / shape.per_customer)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        for statement in setup:
            connection.execute(sa.text(statement), {"customers": shape.customers + shape.heavy})
        spread = {"base": 0, "owner": None, "c": shape.customers, "n": shape.customers * share}
        connection.execute(sa.text(insert), spread)
        for index in range(shape.heavy):
            owner = shape.customers + 1 + index
            heavy = {"base": 10**8 * (index + 1), "owner": owner, "c": 1, "n": heavy_share}
            connection.execute(sa.text(insert), heavy)
        connection.execute(sa.text(f"CREATE INDEX ix_{table}_customer ON {table} (customer_id)"))
    # Statistics for the planner and hint bits set, as a live server's autovacuum would.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("VACUUM (ANALYZE)"))
    engine.dispose()


def build(admin: sa.Engine, shape: Shape) -> dict[str, str]:
    """Two new databases (shop, messaging); the data made by the server itself."""
    keys = ("shop", "messaging")
    names = {key: f"dataward_bench_{key}_{uuid.uuid4().hex[:8]}" for key in keys}
    with admin.connect() as connection:
        for name in names.values():
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    urls = {
        key: admin.url.set(database=name).render_as_string(hide_password=False)
        for key, name in names.items()
    }
    orders = shape.per_customer // 2
    _fill(urls["shop"], SHOP_SETUP, ORDERS, "orders", shape, orders)
    messages = shape.per_customer - orders
    _fill(urls["messaging"], MESSAGING_SETUP, MESSAGES, "messages", shape, messages)
    return urls


def run(admin: sa.Engine, shape: Shape, samples: int) -> Results:
    started = time.perf_counter()
    urls = build(admin, shape)
    total = shape.customers * shape.per_customer
    heavy_rows = f"{shape.heavy} x {shape.heavy_rows:,}"
    took = time.perf_counter() - started
    print(f"built {shape.customers:,} customers, {total:,} rows + {heavy_rows} in {took:.1f} s")
    inventory = parse_inventory(INVENTORY.format(**urls), "bench.yaml")
    config = RequestsConfig(
        export_dir=Path(tempfile.mkdtemp(prefix="dataward-bench-")), codes_per_client_per_hour=10**6
    )
    memory = PeakMemory()
    customer = [Person(f"customer{i}@example.com") for i in range(1, 2 * samples + shape.heavy + 1)]
    typical, others = customer[:samples], customer[samples : 2 * samples]
    heavy = [
        Person(f"customer{i}@example.com")
        for i in range(shape.customers + 1, shape.customers + 1 + shape.heavy)
    ]
    try:
        with store_database(admin) as store:
            context = Context(policy_as_served(), config, inventory)
            try:
                timed(store, context, "access", typical[:5], exported())  # warm-up
                memory.reset()
                access = timed(store, context, "access", typical, exported(1 + shape.per_customer))
                erasure = timed(store, context, "erasure", others, erased)
                typical_peak = memory.mib()
                full = exported(1 + shape.heavy_rows)
                heavy_access = timed(store, context, "access", heavy, full)
                # One more heavy export under tracemalloc (slow), for the Python heap's peak.
                tracemalloc.start()
                timed(store, context, "access", heavy[:1], full)
                heap = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
                heavy_erasure = timed(store, context, "erasure", heavy, erased)
                heavy_peak = memory.mib()
            finally:
                context.close()
    finally:
        drop_databases(admin, urls.values())
        shutil.rmtree(config.export_dir, ignore_errors=True)

    results = Results(
        f"Fides' shape: {shape.customers:,} customers x {shape.per_customer} rows, "
        f"{heavy_rows} rows"
    )
    results.add(Row("access, typical customer", *access, FIDES["access"], GOALS["access_p95"]))
    results.add(Row("access, heavy customer", *heavy_access))
    results.add(Row("erasure, typical customer", *erasure, FIDES["erasure"], GOALS["erasure_p95"]))
    results.add(Row("erasure, heavy customer", *heavy_erasure, FIDES["heavy_erasure"],
                    GOALS["heavy_erasure_p95"]))  # fmt: skip
    results.notes.append(
        f"peak RSS during the requests: {typical_peak:.0f} MiB (typical customers), "
        f"{heavy_peak:.0f} MiB with the heavy ones (Fides: ~{FIDES['memory_mib']} MiB); "
        f"Python heap peak in a heavy export: {heap:.1f} MiB"
    )
    results.goals.append(
        ("memory flat (peak grows < 50 MiB with heavy customers)", heavy_peak - typical_peak < 50)
    )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--rows-per-customer", type=int, default=101)
    parser.add_argument("--heavy", type=int, default=5, help="heavy customers (each erased once)")
    parser.add_argument("--heavy-rows", type=int, default=10_101)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--no-demo", action="store_true", help="skip the demo company")
    requests_demo.add_arguments(parser)
    args = parser.parse_args()
    shape = Shape(args.customers, args.rows_per_customer, args.heavy, args.heavy_rows)
    admin = sa.create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    try:
        parts = [run(admin, shape, args.samples)]
        if not args.no_demo:
            choice = requests_demo.choice_of(args)
            parts.append(requests_demo.run(admin, choice, args.demo_samples))
    finally:
        admin.dispose()
    met = [report(part) for part in parts]
    return 0 if all(met) else 1


if __name__ == "__main__":
    raise SystemExit(main())
