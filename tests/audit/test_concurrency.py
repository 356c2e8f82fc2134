"""Appends racing from several threads and processes must leave one unbroken chain."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor

import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.audit import AuditLog, verify
from dataward.store import Settings, create_engine
from tests.audit.factories import head, rows

WORKERS = 6
APPENDS = 20


def _append_each_in_its_own_transaction(engine: sa.Engine, worker: int) -> None:
    log = AuditLog()
    for number in range(APPENDS):
        with Session(engine) as session, session.begin():
            # Read something first: the head must be taken even when the caller already read.
            session.execute(sa.text("SELECT count(*) FROM audit_entry")).scalar()
            log.append(session, actor=f"worker-{worker}", action="test.append", target=str(number))


def _append_from_a_process(database_url: str, worker: int) -> None:
    engine = create_engine(Settings(database_url))
    try:
        _append_each_in_its_own_transaction(engine, worker)
    finally:
        engine.dispose()


def _assert_one_unbroken_chain(engine: sa.Engine) -> None:
    chain = rows(engine)
    total = WORKERS * APPENDS
    assert [row.seq for row in chain] == list(range(1, total + 1))
    assert len({row.hash for row in chain}) == total
    assert head(engine) == (total, chain[-1].hash)
    with Session(engine) as session:
        report = verify(session)
    assert report.ok, report.broken
    assert report.entries_checked == total


def test_threads_share_one_chain(engine: sa.Engine) -> None:
    start = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        start.wait()
        try:
            _append_each_in_its_own_transaction(engine, worker)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    _assert_one_unbroken_chain(engine)


def test_processes_share_one_chain(engine: sa.Engine, database_url: str) -> None:
    # spawn: a fresh interpreter per worker, as separate dataward processes would be.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(WORKERS, mp_context=context) as pool:
        futures = [
            pool.submit(_append_from_a_process, database_url, worker) for worker in range(WORKERS)
        ]
        for future in futures:
            future.result()
    _assert_one_unbroken_chain(engine)
