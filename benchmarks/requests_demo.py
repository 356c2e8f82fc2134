"""Data-subject requests over the demo company at ten million CDRs, on PostgreSQL.

Eleven systems, 31 datasets, 11.4 million rows (``dataward demo --scale large``). A
*typical* person is one of the demo's population, asking with their email and phone; a
*heavy* person is one of the five featured people, each the end-user of 20,000 CDRs as
well as an account user, subscriber, registrant and support requester. Every erasure is
of a different person (an erasure repeated on the same person would find nothing left).
Before the timings every system is vacuumed and the server checkpointed (see
:func:`settle`), and one typical access and one erasure are run with their statements
recorded, and each statement sent to the company's databases is checked with EXPLAIN:
a table of over 10,000 rows read whole is reported.

    .venv/bin/python benchmarks/requests_demo.py            # builds the demo (~2.5 min)
    .venv/bin/python benchmarks/requests_demo.py --demo-inventory var/demo/inventory-postgres.yaml

``benchmarks/requests_vs_fides.py`` runs this after the Fides-shaped data, so one command
reports both. A built demo is dropped afterwards unless ``--keep-demo``; erasures change
it, so a kept demo is no longer the pristine one (build it again for a fresh run).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from requests_measure import (  # this folder
    ADMIN,
    FIDES,
    GOALS,
    PeakMemory,
    Person,
    Requester,
    Results,
    Row,
    drop_databases,
    erased,
    exported,
    policy_as_served,
    recorded,
    report,
    sequential_scans,
    store_database,
    timed,
)

from dataward.demo.build import DemoOptions, build_demo
from dataward.demo.people import FEATURED, Population
from dataward.demo.scale import Scale
from dataward.demo.timeline import Timeline
from dataward.inventory.connectors.sql import SqlConnector
from dataward.inventory.loader import load_inventory
from dataward.requests.config import RequestsConfig
from dataward.requests.context import Context
from dataward.requests.locate.pool import ConnectorPool

# The demo's people live in Germany or elsewhere in the EU and contact the company for
# its customers: the jurisdiction and relationship do not change what is searched.
REQUESTER = Requester(country="DE", relationship="customer_contact")


@dataclass(frozen=True)
class DemoChoice:
    scale: str
    seed: int
    as_of: date
    inventory: Path | None  # an already built demo; None: build one
    keep: bool
    prefix: str


def add_arguments(parser: argparse.ArgumentParser) -> None:
    demo = parser.add_argument_group("demo company")
    demo.add_argument("--demo-scale", default="large", help="CDRs of the demo (default: large)")
    demo.add_argument("--demo-seed", type=int, default=42)
    demo.add_argument("--demo-as-of", type=date.fromisoformat, default=date(2025, 6, 30))
    demo.add_argument(
        "--demo-inventory",
        type=Path,
        help="use this built PostgreSQL demo (its --scale/--seed/--as-of must match)",
    )
    demo.add_argument("--keep-demo", action="store_true", help="keep the demo it builds")
    demo.add_argument("--demo-prefix", default="dataward_bench_demo_")
    demo.add_argument("--demo-samples", type=int, default=100, help="typical people per kind")


def choice_of(args: argparse.Namespace) -> DemoChoice:
    return DemoChoice(
        args.demo_scale,
        args.demo_seed,
        args.demo_as_of,
        args.demo_inventory,
        args.keep_demo,
        args.demo_prefix,
    )


@contextmanager
def demo_company(admin: sa.Engine, choice: DemoChoice) -> Iterator[Path]:
    """The demo's inventory: the given one, or a demo built now (dropped afterwards)."""
    if choice.inventory is not None:
        yield choice.inventory
        return
    folder = Path(tempfile.mkdtemp(prefix="dataward-bench-demo-"))
    server = admin.url.set(database=None).render_as_string(hide_password=False)
    options = DemoOptions(
        Scale.parse(choice.scale), choice.as_of, choice.seed, folder, server, choice.prefix
    )
    started = time.perf_counter()
    result = build_demo(options)
    print(f"built the demo ({result.total_rows:,} rows) in {time.perf_counter() - started:.0f} s")
    try:
        yield result.inventory
    finally:
        if choice.keep:
            print(f"kept: {result.inventory}")
        else:
            drop_databases(admin, result.urls.values())
            shutil.rmtree(folder, ignore_errors=True)


def settle(admin: sa.Engine, pool: ConnectorPool) -> float:
    """Vacuum every system and checkpoint, as a live server's autovacuum and checkpointer
    would have long done; returns the seconds it took.

    Rows just loaded by COPY carry no hint bits, so the first reads of each page write it
    back, and the load's dirty pages are still being flushed: timings taken right after a
    build measure the build's after-effects, not the requests.
    """
    started = time.perf_counter()
    for system in pool.systems():
        connector = pool.connector(system)
        assert isinstance(connector, SqlConnector)
        options = {"isolation_level": "AUTOCOMMIT"}
        with connector.engine.connect().execution_options(**options) as connection:
            connection.execute(sa.text("VACUUM (ANALYZE)"))
    with admin.connect() as connection:
        connection.execute(sa.text("CHECKPOINT"))
    return time.perf_counter() - started


def people(choice: DemoChoice) -> tuple[list[Person], list[Person]]:
    """(typical, heavy): the population as the demo drew it from the same seed."""
    scale = Scale.parse(choice.scale)
    population = Population.build(choice.seed, scale.people, Timeline(choice.as_of))
    heavy = [Person(person.email, person.phone) for person in population.featured]
    typical = [
        Person(person.email, person.phone)
        for person in population.adults
        if person not in population.featured
    ]
    return typical, heavy


def run(admin: sa.Engine, choice: DemoChoice, samples: int) -> Results:
    typical, heavy = people(choice)
    results = Results(f"demo company, {choice.scale} ({Scale.parse(choice.scale).cdrs:,} CDRs)")
    export_dir = Path(tempfile.mkdtemp(prefix="dataward-bench-exports-"))
    config = RequestsConfig(export_dir=export_dir, codes_per_client_per_hour=10**6)
    memory = PeakMemory()
    with demo_company(admin, choice) as inventory, store_database(admin) as store:
        context = Context(policy_as_served(), config, load_inventory(inventory))
        print(f"vacuumed and checkpointed in {settle(admin, context.connectors()):.0f} s")
        try:
            timed(store, context, "access", typical[:5], exported(), REQUESTER)  # warm-up
            with recorded(store) as statements:
                timed(store, context, "access", typical[5:6], exported(), REQUESTER)
                timed(store, context, "erasure", typical[6:7], erased, REQUESTER)
            scans = sequential_scans(statements)
            readers, erasers = typical[7 : 7 + samples], typical[7 + samples : 7 + 2 * samples]
            memory.reset()
            access = timed(store, context, "access", readers, exported(), REQUESTER)
            erasure = timed(store, context, "erasure", erasers, erased, REQUESTER)
            typical_peak = memory.mib()
            # Access changes nothing: each heavy person is exported twice.
            heavy_access = timed(store, context, "access", heavy + heavy, exported(), REQUESTER)
            tracemalloc.start()
            timed(store, context, "access", heavy[:1], exported(), REQUESTER)
            heap = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            heavy_erasure = timed(store, context, "erasure", heavy, erased, REQUESTER)
            heavy_peak = memory.mib()
        finally:
            context.close()
            shutil.rmtree(export_dir, ignore_errors=True)
    results.add(Row("access, typical person", *access, FIDES["access"], GOALS["access_p95"]))
    results.add(Row(f"access, heavy person ({FEATURED} people x2)", *heavy_access))
    results.add(Row("erasure, typical person", *erasure, FIDES["erasure"], GOALS["erasure_p95"]))
    results.add(Row("erasure, heavy person", *heavy_erasure, FIDES["heavy_erasure"],
                    GOALS["heavy_erasure_p95"]))  # fmt: skip
    results.notes.append(
        f"peak RSS during the requests: {typical_peak:.0f} MiB (typical people), "
        f"{heavy_peak:.0f} MiB with the heavy ones (Fides: ~{FIDES['memory_mib']} MiB); "
        f"Python heap peak in a heavy export: {heap:.1f} MiB"
    )
    results.goals.append(
        ("memory flat (peak grows < 50 MiB with heavy people)", heavy_peak - typical_peak < 50)
    )
    shown = "\n  ".join(scans) if scans else "none"
    results.notes.append(f"tables over 10,000 rows read whole (EXPLAIN): {shown}")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    admin = sa.create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    try:
        results = run(admin, choice_of(args), args.demo_samples)
    finally:
        admin.dispose()
    return 0 if report(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
