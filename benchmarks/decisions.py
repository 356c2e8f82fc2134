"""Decision speed and memory with 10 million suppressed contacts and 1 million consents,
side by side with a Redis SISMEMBER baseline over the same hashes.

    .venv/bin/python benchmarks/decisions.py                      # the issue's figures
    .venv/bin/python benchmarks/decisions.py --suppressed 1000000 --consents 100000  # quicker

Steps: fill a SQLite store (kept in --store and reused on the next run) with the keyed hashes
and the consent records; load it into the in-process index as a runtime does; measure
single decisions per second on one core (CPU time: the wall clock misleads on a busy box),
bytes per suppressed contact, a bulk check of 1 million recipients, and HTTP decisions per
second with p50/p99 latency from ``dataward serve`` on loopback. The Redis baseline loads
the same 8-byte hashes into one set and answers SISMEMBER: pipelined (its best case),
one round trip per check (what a sender sees), and SMISMEMBER for the bulk check. Redis
only answers "is it on the list"; a dataward decision also checks consent, objection,
restriction and age. Start Redis if needed: redis-server --daemonize yes --bind 127.0.0.1
-::1 --port 6379 --save "" --appendonly no
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from importlib.util import find_spec
from pathlib import Path

import httpx
import numpy as np
import redis
import uvicorn
from decisions_load import cpu_seconds, http_decisions, redis_round_trips, server  # this folder
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dataward.consent import Action, ConsentChange, ConsentRuntime, Freshness, decide_many
from dataward.consent.hashindex import SuppressionIndex
from dataward.consent.keys import ContactHasher
from dataward.consent.ledger_import import import_consents
from dataward.consent.models import ConsentState, SuppressionEntry
from dataward.consent.suppression import insert_hashes
from dataward.inventory.identity import Identity
from dataward.policy import load_policy
from dataward.staff import Role, create_token
from dataward.store import Settings, open_store

KEY = "5e" * 32
ENVIRON = {"DATAWARD_SUPPRESSION_KEY": KEY}
PURPOSE = "subscriber_marketing"
REDIS_KEY = "dataward:bench:suppression"


def suppressed(i: int) -> str:
    return f"email:s{i}@example.com"


def consented(i: int) -> str:
    return f"email:c{i}@example.com"


def fill_store(url: str, n_suppressed: int, n_consents: int) -> None:
    engine = open_store(Settings(url))
    hasher = ContactHasher(bytes.fromhex(KEY))
    with Session(engine) as session:
        have = session.scalar(select(func.count()).select_from(SuppressionEntry)) or 0
        have_consents = session.scalar(select(func.count()).select_from(ConsentState)) or 0
    if have < n_suppressed:
        started = time.perf_counter()
        # Sorted, so the unique index grows at its right edge instead of everywhere at once.
        digests = sorted(hasher.digest(suppressed(i)) for i in range(have, n_suppressed))
        for start in range(0, len(digests), 1_000_000):
            with Session(engine) as session, session.begin():
                insert_hashes(
                    session, digests[start : start + 1_000_000], hasher.key_id, "import", "bench"
                )
        print(f"store: listed {len(digests):,} hashes in {time.perf_counter() - started:.0f} s")
    if have_consents < n_consents:
        started = time.perf_counter()
        catalogue = ConsentRuntime.open(engine, load_policy(), environ=ENVIRON).catalogue
        now = datetime.now(UTC)
        # A tenth withdrawn, a tenth expired (a month ago), the rest given without expiry.
        changes = (
            ConsentChange(
                Identity("email", consented(i)[6:]), PURPOSE,
                Action.withdrawn if i % 10 == 0 else Action.given, "2023-02-22", "bench",
                occurred_at=now - timedelta(days=400),
                expires_at=now - timedelta(days=30) if i % 10 == 1 else None,
            )
            for i in range(have_consents, n_consents)
        )  # fmt: skip
        with Session(engine) as session, session.begin():
            import_consents(
                session, catalogue, changes, actor="bench", source="bench", hasher=hasher
            )
        seconds = time.perf_counter() - started
        print(f"store: recorded {n_consents - have_consents:,} consents in {seconds:.0f} s")
    engine.dispose()


def recipients(count: int, n_suppressed: int, n_consents: int) -> list[str]:
    """A third suppressed, a third consented (a tenth of them withdrawn), a third unknown."""
    rng = np.random.default_rng(7)
    picks = rng.integers(0, 1 << 62, size=count)
    out = []
    for number, pick in enumerate(picks.tolist()):
        kind = number % 3
        if kind == 0:
            out.append(suppressed(pick % n_suppressed)[6:])
        elif kind == 1:
            out.append(consented(pick % n_consents)[6:])
        else:
            out.append(f"u{pick % 10_000_000}@example.org")
    return out


def cpu(call) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    gc.collect()
    wall, process = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suppressed", type=int, default=10_000_000)
    parser.add_argument("--consents", type=int, default=1_000_000)
    parser.add_argument("--decisions", type=int, default=300_000)
    parser.add_argument("--bulk", type=int, default=1_000_000)
    parser.add_argument("--http-requests", type=int, default=20_000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--store", type=Path, default=Path("var/bench/decisions.db"))
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-redis", action="store_true")
    args = parser.parse_args()
    args.store.parent.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{args.store.resolve()}"
    figures: dict[str, str] = {}

    fill_store(url, args.suppressed, args.consents)
    engine = open_store(Settings(url))
    started = time.perf_counter()
    runtime = ConsentRuntime.open(
        engine, load_policy(), environ=ENVIRON, freshness=Freshness(1e9, 1e9)
    )
    load_seconds = time.perf_counter() - started
    index = runtime.decisions.memory.suppression
    consents = runtime.decisions.memory.consent_records
    figures["store → memory load"] = (
        f"{load_seconds:.1f} s for {len(index):,} hashes + {consents:,} consents"
    )

    # Memory: the array the index keeps, and what tracemalloc sees retained after a build.
    hashes = np.sort(
        runtime.hasher.hash64_many(suppressed(i) for i in range(min(args.suppressed, 2_000_000)))
    )
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    rebuilt = SuppressionIndex(hashes)
    retained = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    figures["bytes per suppressed contact"] = (
        f"{index.nbytes / len(index):.2f} (array), "
        f"{retained / len(rebuilt):.2f} (tracemalloc, {len(rebuilt):,}-entry build)"
    )
    del rebuilt
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    states = {consented(i): (i << 1) | (i % 2) for i in range(args.consents)}  # same shape
    retained = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    figures["bytes per consent record"] = (
        f"{retained / len(states):.0f} (tracemalloc: dict entry, identity string, packed int)"
    )
    del states

    pool = recipients(max(args.decisions, args.bulk), args.suppressed, args.consents)
    engine_ = runtime.decisions
    sample = pool[: args.decisions]
    wall, used = cpu(lambda: [engine_.decide(PURPOSE, who) for who in sample])
    figures["in-process decisions/s (strings)"] = (
        f"{len(sample) / used:,.0f} per CPU-second ({len(sample) / wall:,.0f} wall)"
    )
    typed = [Identity("email", who) for who in sample]
    wall, used = cpu(lambda: [engine_.decide(PURPOSE, who) for who in typed])
    figures["in-process decisions/s (normalised Identity)"] = (
        f"{len(typed) / used:,.0f} per CPU-second"
    )
    allowed = sum(engine_.decide(PURPOSE, who).allowed for who in sample[:30_000])
    figures["allowed in the mix"] = f"{allowed / 300:.1f}%"
    bulk = pool[: args.bulk]
    # The first bulk check also builds the purpose's consent table (then kept until a consent
    # changes); the next one is what each further campaign costs.
    wall, used = cpu(lambda: decide_many(engine_, PURPOSE, bulk))
    figures[f"bulk check of {len(bulk):,}, first"] = f"{wall:.2f} s wall, {used:.2f} s CPU"
    wall, used = cpu(lambda: decide_many(engine_, PURPOSE, bulk))
    figures[f"bulk check of {len(bulk):,}, again"] = f"{wall:.2f} s wall, {used:.2f} s CPU"
    table = engine_.memory.consent_table(engine_.rule(PURPOSE).index)
    held = table.hashes.nbytes + table.identities.nbytes + table.packed.nbytes
    figures["consent table of the bulk check"] = (
        f"{held / max(len(table.hashes), 1):.0f} more bytes per consent record"
    )
    print_figures("dataward in-process", figures)

    redis_figures: dict[str, str] = {}
    if not args.skip_redis:
        redis_figures = redis_baseline(args, runtime, sample, bulk)
        print_figures("Redis baseline", redis_figures)
    if not args.skip_http:
        http_figures = http_baseline(args, url, engine, sample)
        print_figures(
            "dataward over HTTP (dataward serve, 1 uvicorn worker, loopback)", http_figures
        )
    engine.dispose()


def redis_baseline(
    args, runtime: ConsentRuntime, sample: list[str], bulk: list[str]
) -> dict[str, str]:  # type: ignore[no-untyped-def]
    client = redis.Redis.from_url(args.redis, socket_timeout=300)
    client.delete(REDIS_KEY)
    memory_before = client.info("memory")["used_memory"]
    started = time.perf_counter()
    for start in range(0, args.suppressed, 500_000):
        chunk = runtime.hasher.hash64_many(
            suppressed(i) for i in range(start, min(start + 500_000, args.suppressed))
        )
        members = chunk.astype(">u8").tobytes()
        pipe = client.pipeline(transaction=False)
        for offset in range(0, len(members), 8 * 10_000):
            block = members[offset : offset + 8 * 10_000]
            pipe.sadd(REDIS_KEY, *(block[j : j + 8] for j in range(0, len(block), 8)))
        pipe.execute()
    figures = {
        "load": f"{time.perf_counter() - started:.0f} s for {client.scard(REDIS_KEY):,} members"
    }
    used = client.info("memory")["used_memory"] - memory_before
    figures["bytes per suppressed contact"] = f"{used / args.suppressed:.1f} (used_memory)"
    hasher = runtime.hasher
    queries = hasher.hash64_many(f"email:{who}" for who in sample).astype(">u8")

    def pipelined() -> None:
        pipe = client.pipeline(transaction=False)
        for number, value in enumerate(queries):
            pipe.sismember(REDIS_KEY, value.tobytes())
            if number % 1000 == 999:
                pipe.execute()
        pipe.execute()

    wall, _ = cpu(pipelined)
    figures["SISMEMBER pipelined (1000/batch), checks/s"] = f"{len(queries) / wall:,.0f}"
    trips = redis_round_trips(args.redis, REDIS_KEY, queries, args.http_requests, args.threads)
    figures["SISMEMBER round trips/s"] = (
        f"{trips.per_second:,.0f}, "
        f"p50 {trips.percentile(50):.2f} ms, p99 {trips.percentile(99):.2f} ms"
    )
    bulk_hashes = hasher.hash64_many(f"email:{who}" for who in bulk).astype(">u8")

    def smismember() -> None:
        for start in range(0, len(bulk_hashes), 100_000):
            block = bulk_hashes[start : start + 100_000]
            client.smismember(REDIS_KEY, [value.tobytes() for value in block])

    wall, _ = cpu(smismember)
    figures[f"bulk SMISMEMBER of {len(bulk):,} (hashes ready)"] = f"{wall:.2f} s"
    client.delete(REDIS_KEY)
    return figures


def http_baseline(args, url: str, engine, sample: list[str]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with Session(engine) as session, session.begin():
        token, _ = create_token(session, name="bench", role=Role.auditor, created_by="bench")
    headers = {"Authorization": f"Bearer {token}"}
    fast = all(find_spec(name) for name in ("uvloop", "httptools"))
    stack = "uvloop + httptools" if fast else "asyncio + h11 (uvloop/httptools not installed)"
    with server(url, ENVIRON) as running:
        first = {"purpose": PURPOSE, "identity": sample[0]}
        started = time.perf_counter()
        httpx.post(f"{running.base}/api/v1/decisions", json=first, headers=headers, timeout=600)
        figures = {
            "server stack": f"uvicorn {uvicorn.__version__}, {stack}",
            "first request (loads the index)": f"{time.perf_counter() - started:.1f} s",
        }
        http_decisions(running.base, token, sample, 2_000, args.threads)  # warm up
        cpu_before = cpu_seconds(running.pid)
        load = http_decisions(running.base, token, sample, args.http_requests, args.threads)
        server_cpu = cpu_seconds(running.pid) - cpu_before
        figures["decisions/s"] = f"{load.per_second:,.0f} ({args.threads} client threads, same box)"
        figures["latency"] = f"p50 {load.percentile(50):.2f} ms, p99 {load.percentile(99):.2f} ms"
        figures["server CPU per decision"] = (
            f"{server_cpu / load.requests * 1e6:.0f} µs ({load.requests / server_cpu:,.0f}/CPU-s)"
        )
        many = {"purpose": PURPOSE, "identities": (sample * 4)[:100_000]}
        # The first bulk request also builds the consent table the next ones reuse.
        for label in ("first", "again"):
            started = time.perf_counter()
            response = httpx.post(
                f"{running.base}/api/v1/decisions/bulk", json=many, headers=headers, timeout=600
            )
            response.raise_for_status()
            seconds = time.perf_counter() - started
            figures[f"bulk endpoint, 100,000 identities, {label}"] = f"{seconds:.2f} s"
    return figures


def print_figures(title: str, figures: dict[str, str]) -> None:
    print(f"\n{title}")
    width = max(len(name) for name in figures)
    for name, value in figures.items():
        print(f"  {name:<{width}}  {value}")


if __name__ == "__main__":
    main()
