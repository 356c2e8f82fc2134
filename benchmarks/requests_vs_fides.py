"""Data-subject requests on PostgreSQL, in the shape Fides was measured on.

10,000 customers and 1,000,000 order/message rows (101 per customer: 50 orders in the
``shop`` database, 51 messages in the ``messaging`` database, reached from
``shop.customers.id`` across systems), plus heavy customers with 10,101 rows each.
Fides' published figures for that shape: ~0.5 s per access request and 1.35 s per
erasure (median), 37-44 s and ~400 MiB to erase a customer with 10,101 rows.

Each sample is a whole staff approval (``workflow.approve``): plan, export or erasure in
every system, the store's task rows, audit entries and, for erasure, the verification
scan. Intake and verification happen before the clock starts.

    .venv/bin/python benchmarks/requests_vs_fides.py            # needs PostgreSQL
    DATAWARD_TEST_POSTGRES_URL=postgresql+psycopg://u@host/postgres .venv/bin/python ...
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.inventory.loader import parse_inventory
from dataward.policy import load_policy
from dataward.requests import workflow
from dataward.requests.config import RequestsConfig
from dataward.requests.context import Context
from dataward.requests.intake import Submission, submit
from dataward.requests.models import DsrOutboxMessage, DsrRequest
from dataward.requests.verification import verify
from dataward.store import Settings, open_store

ADMIN = os.environ.get(
    "DATAWARD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
FIDES = {"access": 0.5, "erasure": 1.35, "heavy_erasure": 40.5, "memory_mib": 400}

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
        connection.execute(sa.text("ANALYZE"))
    engine.dispose()


def build(admin: sa.Engine, shape: Shape) -> dict[str, str]:
    """Three new databases (store, shop, messaging); the data made by the server itself."""
    keys = ("store", "shop", "messaging")
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


def verified_request(store: sa.Engine, context: Context, kind: str, email: str) -> str:
    with Session(store) as session, session.begin():
        request_id = submit(
            session, context, Submission(kind, "HR", "customer", email=email), "bench"
        ).request.id
    with Session(store) as session:
        body = session.scalars(
            sa.select(DsrOutboxMessage.body).where(DsrOutboxMessage.request_id == request_id)
        ).first()
    code = re.search(r"\b(\d{6})\b", body or "").group(1)  # type: ignore[union-attr]
    with Session(store) as session, session.begin():
        assert verify(session, context, session.get(DsrRequest, request_id), code).ok  # type: ignore[arg-type]
    return request_id


def timed(
    store: sa.Engine,
    context: Context,
    kind: str,
    emails: list[str],
    check: Callable[[DsrRequest], None],
) -> list[float]:
    seconds = []
    for email in emails:
        request_id = verified_request(store, context, kind, email)
        started = time.perf_counter()
        done = workflow.approve(store, context, request_id, "bench")
        seconds.append(time.perf_counter() - started)
        check(done)
    return seconds


def quantiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rows_check(expected: int) -> Callable[[DsrRequest], None]:
    def check(done: DsrRequest) -> None:
        found = sum(done.result["export"]["rows"].values())
        if found != expected:
            sys.exit(f"export has {found} rows, expected {expected}: {done.result}")

    return check


def erased(done: DsrRequest) -> None:
    if done.status != "ready" or not done.result["scan"]["passed"]:
        sys.exit(f"erasure failed: {done.status} {done.result}")


def drop(admin: sa.Engine, urls: dict[str, str]) -> None:
    with admin.connect() as connection:
        for url in urls.values():
            name = sa.make_url(url).database
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def report(results: list[tuple[str, list[float], float | None]]) -> None:
    print(f"\n{'operation':34} {'n':>4} {'p50 ms':>9} {'p95 ms':>9} {'Fides':>9} {'faster':>8}")
    for name, samples, fides in results:
        p50, p95 = quantiles(samples)
        ratio = f"{fides / p50:,.0f}x" if fides else "-"
        reference = f"{fides:.2f} s" if fides else "-"
        timing = f"{p50 * 1000:>9.1f} {p95 * 1000:>9.1f}"
        print(f"{name:34} {len(samples):>4} {timing} {reference:>9} {ratio:>8}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--rows-per-customer", type=int, default=101)
    parser.add_argument("--heavy", type=int, default=5, help="heavy customers (each erased once)")
    parser.add_argument("--heavy-rows", type=int, default=10_101)
    parser.add_argument("--samples", type=int, default=100)
    args = parser.parse_args()
    shape = Shape(args.customers, args.rows_per_customer, args.heavy, args.heavy_rows)

    admin = sa.create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    started = time.perf_counter()
    urls = build(admin, shape)
    total = shape.customers * shape.per_customer
    took = time.perf_counter() - started
    heavy_rows = f"{shape.heavy} x {shape.heavy_rows:,}"
    print(f"built {shape.customers:,} customers, {total:,} rows + {heavy_rows} in {took:.1f} s")
    store = open_store(Settings(urls["store"]))
    inventory = parse_inventory(INVENTORY.format(**urls), "bench.yaml")
    config = RequestsConfig(
        export_dir=Path(tempfile.mkdtemp(prefix="dataward-bench-")), codes_per_client_per_hour=10**6
    )
    context = Context(load_policy(), config, inventory)
    email = "customer{}@example.com".format
    try:
        typical = [email(i) for i in range(1, args.samples + 1)]
        heavy = [email(i) for i in range(shape.customers + 1, shape.customers + 1 + shape.heavy)]
        timed(store, context, "access", typical[:5], lambda done: None)  # warm-up
        access = timed(store, context, "access", typical, rows_check(1 + shape.per_customer))
        rss_typical = rss_mib()
        heavy_access = timed(store, context, "access", heavy, rows_check(1 + shape.heavy_rows))
        # One more heavy export under tracemalloc (slow), for the Python heap's peak.
        tracemalloc.start()
        timed(store, context, "access", heavy[:1], rows_check(1 + shape.heavy_rows))
        heap = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        others = [email(i) for i in range(args.samples + 1, 2 * args.samples + 1)]
        erasure = timed(store, context, "erasure", others, erased)
        heavy_erasure = timed(store, context, "erasure", heavy, erased)
        rss_end = rss_mib()
    finally:
        context.close()
        store.dispose()
        drop(admin, urls)
        admin.dispose()
        shutil.rmtree(config.export_dir, ignore_errors=True)

    rows = f"{shape.heavy_rows:,} rows"
    report([
        (f"access, typical ({shape.per_customer} rows)", access, FIDES["access"]),
        (f"access, heavy ({rows})", heavy_access, None),
        (f"erasure, typical ({shape.per_customer} rows)", erasure, FIDES["erasure"]),
        (f"erasure, heavy ({rows})", heavy_erasure, FIDES["heavy_erasure"]),
    ])  # fmt: skip
    print(
        f"\npeak RSS: {rss_typical:.0f} MiB after typical requests, {rss_end:.0f} MiB after heavy"
    )
    print(f"Python heap peak in a heavy export: {heap:.1f} MiB (Fides: ~{FIDES['memory_mib']} MiB)")
    goals = [
        ("typical access p95 < 50 ms", quantiles(access)[1] < 0.050),
        ("typical erasure p95 < 150 ms", quantiles(erasure)[1] < 0.150),
        ("heavy erasure p95 < 1 s", quantiles(heavy_erasure)[1] < 1.0),
        ("memory flat (RSS grows < 50 MiB with heavy persons)", rss_end - rss_typical < 50),
    ]
    for goal, met in goals:
        print(f"{'met   ' if met else 'MISSED'} {goal}")
    return 0 if all(met for _, met in goals) else 1


if __name__ == "__main__":
    raise SystemExit(main())
