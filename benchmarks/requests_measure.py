"""What the request benchmarks share: verified requests, timing, memory, plans, the report.

Used by ``requests_vs_fides.py`` (the data shape Fides was measured on) and
``requests_demo.py`` (the demo company at ten million CDRs); not run on its own.

Each sample is a whole staff approval (``workflow.approve``): plan, export or erasure in
every system, the store's task rows, audit entries and, for erasure, the verification
scan. Intake and verification happen before the clock starts.
"""

from __future__ import annotations

import gc
import os
import re
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.policy import load_policy
from dataward.policy.model import Policy
from dataward.requests import workflow
from dataward.requests.context import Context
from dataward.requests.intake import Submission, submit
from dataward.requests.models import DsrOutboxMessage, DsrRequest
from dataward.requests.verification import verify
from dataward.store import Settings, open_store

ADMIN = os.environ.get(
    "DATAWARD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
# Fides on PostgreSQL, 10,000 customers with 101 rows each (the figures): median
# access and erasure of a customer, erasure of a customer with 10,101 rows (37-44 s), memory.
FIDES = {"access": 0.5, "erasure": 1.35, "heavy_erasure": 40.5, "memory_mib": 400}
GOALS = {"access_p95": 0.050, "erasure_p95": 0.150, "heavy_erasure_p95": 1.0}
# A table this big read whole by a request is a missing index, not a rounding error.
BIG_TABLE_ROWS = 10_000


@dataclass(frozen=True)
class Person:
    email: str
    phone: str | None = None


@dataclass(frozen=True)
class Requester:
    """Who the benchmark's requests say they are (jurisdiction and relationship)."""

    country: str = "HR"
    relationship: str = "customer"


def verified_request(
    store: sa.Engine, context: Context, kind: str, person: Person, requester: Requester
) -> str:
    """Submit a request and enter the code sent to each contact; returns its id."""
    submission = Submission(
        kind, requester.country, requester.relationship, email=person.email, phone=person.phone
    )
    with Session(store) as session, session.begin():
        request_id = submit(session, context, submission, "bench").request.id
    with Session(store) as session:
        bodies = session.scalars(
            sa.select(DsrOutboxMessage.body).where(DsrOutboxMessage.request_id == request_id)
        ).all()
    for body in bodies:
        found = re.search(r"\b(\d{6})\b", body)
        if found is None:
            sys.exit(f"no code in the message {body!r}")
        with Session(store) as session, session.begin():
            request = session.get_one(DsrRequest, request_id)
            if not verify(session, context, request, found.group(1)).ok:
                sys.exit(f"request {request_id}: the code was refused")
    return request_id


def policy_as_served() -> Policy:
    """The shipped policy, loaded as ``dataward serve`` loads it at startup; then, as serve
    does, everything loaded so far is frozen out of the garbage collector's full passes
    (``src/dataward/cli/serve.py``), so the requests run in a process shaped like the
    server's. The inventory and connections come later, on first use, in both."""
    policy = load_policy()
    gc.freeze()
    return policy


Check = Callable[[DsrRequest], int]


def timed(
    store: sa.Engine,
    context: Context,
    kind: str,
    people: Sequence[Person],
    check: Check,
    requester: Requester = Requester(),
) -> tuple[list[float], list[int]]:
    """(seconds, rows the check counted) of one approval per person."""
    seconds, rows = [], []
    for person in people:
        request_id = verified_request(store, context, kind, person, requester)
        started = time.perf_counter()
        done = workflow.approve(store, context, request_id, "bench")
        seconds.append(time.perf_counter() - started)
        rows.append(check(done))
    return seconds, rows


def exported(expected: int | None = None) -> Check:
    """The rows the export holds; exits when it is not ``expected``."""

    def check(done: DsrRequest) -> int:
        found = sum(done.result["export"]["rows"].values())
        if expected is not None and found != expected:
            sys.exit(f"export has {found} rows, expected {expected}: {done.result}")
        return found

    return check


def erased(done: DsrRequest) -> int:
    """The rows the erasure changed; exits unless every system is done and the scan passed."""
    if done.status != "ready" or not done.result["scan"]["passed"]:
        sys.exit(f"erasure failed: {done.status} {done.result}")
    return sum(sum(task["result"].get("rows", {}).values()) for task in done.result["tasks"])


def quantiles(samples: Sequence[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


class PeakMemory:
    """The process's peak resident memory (Linux ``VmHWM``), which can be reset.

    Reset once setup is done (building data, loading the policy), the peak tells what
    the requests themselves needed, not what the benchmark did before them.
    """

    def reset(self) -> None:
        Path("/proc/self/clear_refs").write_text("5")

    def mib(self) -> float:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM in /proc/self/status")


@dataclass
class Row:
    """One line of the report: an operation's samples and the Fides figure it compares to."""

    name: str
    seconds: list[float]
    rows: list[int]
    fides: float | None = None
    goal: float | None = None


@dataclass
class Results:
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    goals: list[tuple[str, bool]] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        if row.goal is not None:
            met = quantiles(row.seconds)[1] < row.goal
            self.goals.append((f"{row.name}: p95 < {row.goal * 1000:,.0f} ms", met))


def report(results: Results) -> bool:
    """Print the table, notes and goals; True when every goal is met."""
    print(f"\n## {results.title}\n")
    header = f"{'operation':38} {'n':>4} {'rows':>7} {'p50 ms':>9} {'p95 ms':>9}"
    print(f"{header} {'Fides':>8} {'faster':>7}")
    for row in results.rows:
        p50, p95 = quantiles(row.seconds)
        rows = statistics.median(row.rows) if row.rows else 0
        reference = f"{row.fides:.2f} s" if row.fides else "-"
        ratio = f"{row.fides / p50:,.0f}x" if row.fides else "-"
        timing = f"{p50 * 1000:>9.1f} {p95 * 1000:>9.1f}"
        count = f"{len(row.seconds):>4} {rows:>7,.0f}"
        print(f"{row.name:38} {count} {timing} {reference:>8} {ratio:>7}")
    print("(rows: median per request, in the export or changed by the erasure)")
    for note in results.notes:
        print(note)
    for goal, met in results.goals:
        print(f"{'met   ' if met else 'MISSED'} {goal}")
    return all(met for _, met in results.goals)


@contextmanager
def store_database(admin: sa.Engine) -> Iterator[sa.Engine]:
    """dataward's own store in a new PostgreSQL database, dropped afterwards."""
    name = f"dataward_bench_store_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    store = open_store(Settings(url))
    try:
        yield store
    finally:
        store.dispose()
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def drop_databases(admin: sa.Engine, urls: Iterable[str]) -> None:
    quote = admin.dialect.identifier_preparer.quote
    with admin.connect() as connection:
        for url in urls:
            name = quote(sa.make_url(url).database or "")
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@dataclass
class Statements:
    """Statements sent to the company's databases (never the store's), with parameters."""

    skip: str  # the store's database name
    seen: list[tuple[sa.Engine, str, object]] = field(default_factory=list)

    def __call__(
        self,
        connection: sa.Connection,
        cursor: object,
        statement: str,
        parameters: object,
        *_: object,
    ) -> None:
        if connection.engine.url.database != self.skip and not statement.startswith("EXPLAIN"):
            self.seen.append((connection.engine, statement, parameters))


@contextmanager
def recorded(store: sa.Engine) -> Iterator[Statements]:
    statements = Statements(str(store.url.database))
    sa.event.listen(sa.Engine, "before_cursor_execute", statements)
    try:
        yield statements
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", statements)


def sequential_scans(statements: Statements) -> list[str]:
    """Tables of over BIG_TABLE_ROWS rows that PostgreSQL would read whole (``EXPLAIN``).

    Catalogue queries (reflection) are left out; so are statements run twice.
    """
    found = []
    done: set[str] = set()
    for engine, statement, parameters in statements.seen:
        if "pg_catalog" in statement or statement in done:
            continue
        done.add(statement)
        with engine.connect() as connection:
            plan = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).scalars().all()  # type: ignore[arg-type]
            for line in plan:
                scanned = re.search(r"Seq Scan on (\w+) .*rows=(\d+)", line)
                if scanned is None:
                    continue
                table = scanned.group(1)
                size = connection.execute(
                    sa.text("SELECT reltuples::bigint FROM pg_class WHERE relname = :t"),
                    {"t": table},
                ).scalar_one()
                if size > BIG_TABLE_ROWS:
                    shown = " ".join(statement.split())[:160]
                    found.append(f"{engine.url.database}.{table} ({size:,} rows): {shown}")
    return found
