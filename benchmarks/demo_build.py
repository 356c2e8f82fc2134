"""How fast ``dataward demo`` builds the large company: 10 million CDRs and the rest.

Builds into a temporary folder (removed afterwards unless --keep) and prints, per system,
the rows, the seconds spent loading and indexing, and the overall rows per second, plus
the CPU seconds of the process (the wall clock alone misleads on a busy machine).

    .venv/bin/python benchmarks/demo_build.py                       # scale large on SQLite
    .venv/bin/python benchmarks/demo_build.py --scale small
    .venv/bin/python benchmarks/demo_build.py --server postgresql+psycopg://postgres@127.0.0.1:5432
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from dataward.demo.build import DemoOptions, build_demo
from dataward.demo.scale import Scale


class Timings:
    """A build progress that records when each system starts, indexes and finishes."""

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}
        self.marks: dict[str, list[float]] = {}

    def start(self, system: str, rows: int) -> None:
        self.rows[system] = rows
        self.marks[system] = [time.perf_counter()]

    def advance(self, system: str, rows: int) -> None:
        pass

    def indexing(self, system: str) -> None:
        self.marks[system].append(time.perf_counter())

    def finish(self, system: str) -> None:
        self.marks[system].append(time.perf_counter())


def _drop(server: str, urls: list[str]) -> None:
    """Drop the benchmark's PostgreSQL databases (names quoted by SQLAlchemy)."""
    admin = sa.create_engine(
        sa.make_url(server).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    quote = admin.dialect.identifier_preparer.quote
    try:
        with admin.connect() as connection:
            for url in urls:
                name = sa.make_url(url).database or ""
                connection.execute(sa.text(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)"))
    finally:
        admin.dispose()


def _cpu_seconds() -> float:
    """CPU of this process and of its finished children (the CDR workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="large")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--as-of", default="2025-06-30")
    parser.add_argument("--server", help="PostgreSQL server URL (default: SQLite files)")
    parser.add_argument("--prefix", default="dataward_demo_bench_")
    parser.add_argument("--workers", type=int, help="CDR processes (default: 2 from 1M CDRs)")
    parser.add_argument("--keep", action="store_true", help="keep the built demo")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dataward-demo-bench-"))
    options = DemoOptions(
        Scale.parse(args.scale),
        date.fromisoformat(args.as_of),
        args.seed,
        folder / "demo",
        args.server,
        args.prefix,
        args.workers,
    )
    timings = Timings()
    cpu = _cpu_seconds()
    try:
        result = build_demo(options, timings)
        cpu = _cpu_seconds() - cpu
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    if args.server and not args.keep:
        _drop(args.server, list(result.urls.values()))
    target = "PostgreSQL" if args.server else "SQLite"
    workers = options.worker_count()
    print(f"dataward demo --scale {args.scale} on {target}, {workers} CDR process(es)")
    print(f"{'system':<15}{'rows':>13}{'load s':>9}{'index s':>9}")
    for system, (started, indexing, finished) in timings.marks.items():
        rows = timings.rows[system]
        print(f"{system:<15}{rows:>13,}{indexing - started:>9.1f}{finished - indexing:>9.1f}")
    rate = result.total_rows / result.seconds
    print(f"total: {result.total_rows:,} rows in {result.seconds:.1f} s ({rate:,.0f} rows/s)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"CPU, workers included: {cpu:.1f} s; peak memory of the main process: {peak:,.0f} MiB")
    if args.keep:
        print(f"kept: {result.inventory}")


if __name__ == "__main__":
    main()
