"""Building the demo: draw the company, check its inventory, load each system, publish.

Nothing is visible until everything is done: systems are loaded into a staging target
and published together with the inventory that describes them; any failure discards the
staging databases and leaves a previous demo as it was.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa

from dataward.demo.inventory_file import header_lines, inventory_text
from dataward.demo.people import Person
from dataward.demo.scale import Scale
from dataward.demo.spec import SystemSpec
from dataward.demo.systems import SYSTEMS, SystemBuilder
from dataward.demo.targets.base import Database, Target
from dataward.demo.targets.postgres import PostgresTarget
from dataward.demo.targets.sqlite import SqliteTarget
from dataward.demo.timeline import Timeline
from dataward.demo.workers import Workers
from dataward.demo.world import World
from dataward.inventory.free_text import TRIGRAM_EXTENSION, searched_columns, trigram_indexes
from dataward.inventory.model import Dataset
from dataward.policy.loader import load_policy
from dataward.policy.model import Policy

DEFAULT_DIRECTORY = Path("var/demo")
DEFAULT_PREFIX = "dataward_demo_"
PARALLEL_FROM = 1_000_000


@dataclass(frozen=True)
class DemoOptions:
    scale: Scale
    as_of: date
    seed: int = 42
    directory: Path = DEFAULT_DIRECTORY  # SQLite files and the inventory
    server: str | None = None  # a PostgreSQL server URL: one database per system there
    prefix: str = DEFAULT_PREFIX  # names of the PostgreSQL databases
    workers: int | None = None  # processes for the CDRs; None: one per core from 1M CDRs

    def worker_count(self) -> int:
        if self.workers is not None:
            return max(1, self.workers)
        # Below a million CDRs starting processes costs more than it saves.
        return min(2, os.cpu_count() or 1) if self.scale.cdrs >= PARALLEL_FROM else 1

    def target(self) -> Target:
        if self.server:
            return PostgresTarget(self.server, self.prefix, self.directory)
        return SqliteTarget(self.directory)


class Progress(Protocol):
    """What a build reports while it runs (the CLI draws a bar per system)."""

    def start(self, system: str, rows: int) -> None: ...
    def advance(self, system: str, rows: int) -> None: ...
    def indexing(self, system: str) -> None: ...
    def finish(self, system: str) -> None: ...


class Silent:
    def start(self, system: str, rows: int) -> None: ...
    def advance(self, system: str, rows: int) -> None: ...
    def indexing(self, system: str) -> None: ...
    def finish(self, system: str) -> None: ...


@dataclass(frozen=True)
class DatasetRows:
    system: str
    dataset: str
    rows: int


@dataclass(frozen=True)
class DemoResult:
    inventory: Path
    urls: dict[str, str]
    datasets: list[DatasetRows]
    featured: tuple[Person, ...]
    seconds: float

    @property
    def total_rows(self) -> int:
        return sum(item.rows for item in self.datasets)


@dataclass
class Loading:
    """A system being loaded: its staging database, tables, and workers still writing."""

    spec: SystemSpec
    database: Database
    tables: dict[str, sa.Table]
    counts: dict[str, int]
    workers: Workers | None = None
    shared: list[str] = field(default_factory=list)  # tables the workers fill


def begin_system(database: Database, spec: SystemSpec, progress: Progress, workers: int) -> Loading:
    """Create the tables and load them; then hand split tables to ``workers`` processes,
    which go on writing while the caller loads the other systems."""
    metadata = sa.MetaData()
    tables = {table.name: table.table(metadata) for table in spec.tables}
    for created in tables.values():
        database.create_table(created)
    loading = Loading(spec, database, tables, dict.fromkeys(tables, 0))
    split = [table for table in spec.tables if table.split] if workers > 1 else []
    for name, rows in spec.batches(skip=split):
        database.insert(tables[name], rows)
        loading.counts[name] += len(rows)
        progress.advance(spec.name, len(rows))
    if split:
        # A split table's sources also fill its companion tables (those without rows).
        filled = [table for table in spec.tables if table.batches is None or table in split]
        sources = [source for table in split if table.split for source in table.split(workers)]
        sinks = [database.share_sink(index) for index in range(len(sources))]
        definitions = [(table.name, table.columns) for table in filled]
        database.before_shares()
        loading.workers = Workers(
            sources, sinks, definitions, lambda rows: progress.advance(spec.name, rows)
        )
        loading.shared = [table_spec.name for table_spec in filled]
        for table_spec in filled:
            loading.counts[table_spec.name] = table_spec.count  # exact: drawn to plan
    return loading


def end_system(loading: Loading, progress: Progress, policy: Policy) -> list[DatasetRows]:
    """Take in the workers' rows, then index (one pass per index, after the load: far
    cheaper than keeping indexes up to date row by row) and commit.

    Indexed: the columns lookups and retention filter on, and on PostgreSQL the free-text
    columns an erasure searches, with the trigram indexes ``inventory check`` advises."""
    spec, database = loading.spec, loading.database
    if loading.workers is not None:
        loading.workers.wait()
        sinks = [database.share_sink(i) for i in range(len(loading.workers.processes))]
        database.absorb([loading.tables[name] for name in loading.shared], sinks)
    progress.indexing(spec.name)
    trigram: list[sa.Index] = []
    for table_spec in spec.tables:
        table = loading.tables[table_spec.name]
        for column in table_spec.indexed():
            database.create_index(sa.Index(f"ix_{table_spec.name}_{column}", table.c[column]))
        dataset = Dataset.model_validate(table_spec.dataset())
        for column in searched_columns(policy, dataset):
            trigram += trigram_indexes(table, column, database.dialect)
    if trigram:
        database.execute(TRIGRAM_EXTENSION)
        for index in trigram:
            database.create_index(index)
    database.gather_statistics()
    database.commit()
    progress.finish(spec.name)
    return [DatasetRows(spec.name, name, rows) for name, rows in loading.counts.items()]


def build_demo(
    options: DemoOptions,
    progress: Progress | None = None,
    systems: Sequence[SystemBuilder] = SYSTEMS,
    policy: Policy | None = None,
) -> DemoResult:
    """Build the demo company at ``options``; raises :class:`DemoError` on a bad target."""
    started = time.perf_counter()
    progress = progress or Silent()
    target = options.target()
    target.prepare()
    loadings: list[Loading] = []
    try:
        world = World.build(options.seed, options.scale, Timeline(options.as_of))
        specs = [builder(world) for builder in systems]
        # The inventory is checked before any row is written: a wrong one fails in seconds.
        header = header_lines(options.scale.name, options.seed, options.as_of)
        policy = policy or load_policy()
        text = inventory_text(specs, target.url, policy, header)
        datasets: list[DatasetRows] = []
        for spec in specs:
            progress.start(spec.name, spec.count)
            loading = begin_system(target.open(spec.name), spec, progress, options.worker_count())
            loadings.append(loading)
            if loading.workers is None:  # else finished below, after the other systems
                datasets += end_system(loading, progress, policy)
        for loading in loadings:
            if loading.workers is not None:
                datasets += end_system(loading, progress, policy)
        target.stage_inventory(text)
        for loading in loadings:
            loading.database.close()
        target.publish()
    except BaseException:
        for loading in loadings:
            if loading.workers is not None:
                loading.workers.stop()
            loading.database.close()
        target.discard()
        raise
    order = {spec.name: index for index, spec in enumerate(specs)}
    datasets.sort(key=lambda item: order[item.system])
    urls = {spec.name: target.url(spec.name) for spec in specs}
    seconds = time.perf_counter() - started
    return DemoResult(target.inventory_path, urls, datasets, world.population.featured, seconds)
