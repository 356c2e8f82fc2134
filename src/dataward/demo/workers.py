"""Worker processes for the big tables: each draws and writes its share of the rows.

Python draws rows on one core; the CDR table of ``large`` is most of the build, so it is
split into consecutive shares of months, each drawn from the seed and written by its own
process (spawned, not forked: nothing of the parent's threads or connections leaks in),
while the main process loads the other systems. Workers report rows written on a queue;
a thread in the main process turns them into progress.
"""

from __future__ import annotations

import multiprocessing
import queue as queues
import threading
from collections.abc import Callable, Sequence
from multiprocessing.process import BaseProcess
from typing import Any

import sqlalchemy as sa

from dataward.demo.spec import Col, RowSource, make_table
from dataward.demo.targets.base import DemoError, ShareSink

Definitions = list[tuple[str, Sequence[Col]]]


def _work(source: RowSource, sink: ShareSink, definitions: Definitions, report: Any) -> None:
    metadata = sa.MetaData()
    tables = {name: make_table(metadata, name, columns) for name, columns in definitions}
    database = sink.open(list(tables.values()))
    try:
        for name, rows in source.batches():
            database.insert(tables[name], rows)
            report.put(len(rows))
        database.commit()
    finally:
        database.close()


class Workers:
    """The running workers of one system, and the thread that relays their progress."""

    def __init__(
        self,
        sources: Sequence[RowSource],
        sinks: Sequence[ShareSink],
        definitions: Definitions,
        advance: Callable[[int], None],
    ) -> None:
        context = multiprocessing.get_context("spawn")
        self._report = context.Queue()
        self._advance = advance
        self.processes: list[BaseProcess] = [
            context.Process(target=_work, args=(source, sink, definitions, self._report))
            for source, sink in zip(sources, sinks, strict=True)
        ]
        for process in self.processes:
            process.start()
        self._relay = threading.Thread(target=self._relay_progress, daemon=True)
        self._relay.start()

    def _relay_progress(self) -> None:
        while True:
            try:
                self._advance(self._report.get(timeout=0.2))
            except queues.Empty:
                if not any(process.is_alive() for process in self.processes):
                    return

    def wait(self) -> None:
        for process in self.processes:
            process.join()
        self._relay.join()
        failed = [process.exitcode for process in self.processes if process.exitcode != 0]
        if failed:
            raise DemoError(f"a worker process failed (exit codes {failed}); nothing was kept")

    def stop(self) -> None:
        """Stop the workers after a failure elsewhere (their staging files are discarded)."""
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()
