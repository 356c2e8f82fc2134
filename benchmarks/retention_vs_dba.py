"""dataward's retention run against the hand-written statements an expert DBA would run.

    python benchmarks/retention_vs_dba.py --rows 1000000 [--server URL] [--batch-size N]

Builds the demo company on PostgreSQL at ``--rows`` CDRs once (VACUUM ANALYZE, autovacuum
off: a cleanup of one copy must not slow the other's timing), then for each of ``--repeat``
rounds copies every database twice with ``CREATE DATABASE … TEMPLATE`` (identical pages and
statistics) and times, in alternating order, on one copy the single UPDATE/DELETE per rule a
DBA would write (each its own transaction) and on the other the whole ``dataward retention
run`` as a subprocess (start-up, batches, ledger rows, audit entries in a PostgreSQL store).
Each round checks that both copies end in the same state. It prints the median times, their
ratio and dataward's peak RSS (the rusage of the dataward process, ``os.wait4``).
Databases are dropped unless ``--keep``.

The DBA does not hash the contacts of suppressed subscribers (PostgreSQL has no HMAC without
pgcrypto), nor redact survey answers (finding personal data in prose takes detectors, not
SQL); at demo scale each is a few hundred rows. dataward's own bookkeeping tables in the
governed databases (``dataward_*``) are left out of the comparison.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import sqlalchemy as sa

AS_OF = "2026-11-28"
BASE, PREFIX_A, PREFIX_B = "dw_bench_base_", "dw_bench_dw_", "dw_bench_dba_"
STORE = "dw_bench_store"
UNDER_16 = "customer_id IN (SELECT id FROM customers WHERE birth_date > '2010-11-28')"

# The DBA's script for as_of 2026-11-28 00:00 UTC, per database, in the engine's order
# (minimum age first, suppressions before other deletions, the column rule last).
DBA: dict[str, list[str]] = {
    "messaging": [
        f"DELETE FROM accounts WHERE {UNDER_16}",
        f"DELETE FROM business_contacts WHERE {UNDER_16}",
        f"DELETE FROM cdrs WHERE {UNDER_16}",
        f"DELETE FROM message_content WHERE {UNDER_16}",
        "DELETE FROM customers WHERE birth_date > '2010-11-28'",
        "DELETE FROM account_users WHERE customer_relationship_ended_at <= '2025-11-28'",
        "DELETE FROM business_contacts WHERE relationship_ended_at <= '2025-11-28'",
        "DELETE FROM customers WHERE relationship_ended_at <= '2019-11-28'",
        "DELETE FROM message_content WHERE sent_at < '2025-11-01'",
        "DELETE FROM cdrs WHERE sent_at < '2016-01-01'",
        "DELETE FROM usage_logs WHERE logged_at <= '2023-11-28'",
        "UPDATE cdrs SET end_user_phone = NULL, end_user_email = NULL WHERE sent_at < '2025-11-01'"
        " AND (end_user_phone IS NOT NULL OR end_user_email IS NOT NULL)",
    ],
    "support": ["DELETE FROM tickets WHERE resolved_at <= '2019-11-28'"],
    "analytics": ["DELETE FROM page_views WHERE viewed_at <= '2024-10-28'"],
    "procurement": [
        "DELETE FROM supplier_contacts WHERE relationship_ended_at <= '2025-11-28'",
        "DELETE FROM suppliers WHERE relationship_ended_at <= '2019-11-28'",
    ],
    "crm": [
        "DELETE FROM prospects WHERE last_communication_at <= '2026-05-28'"
        " AND agreement_signed_at IS NULL",
    ],
    "marketing": [
        "DELETE FROM subscribers WHERE unsubscribed_at <= '2026-11-28'",
        "DELETE FROM b2b_contacts WHERE objected_at <= '2026-11-28'",
        "DELETE FROM b2b_contacts WHERE relationship_ended_at <= '2026-11-28'",
    ],
    "events": [
        "DELETE FROM registrations WHERE objected_at <= '2026-11-28'",
        "DELETE FROM registrations WHERE event_date <= '2024-11-28'",
        "DELETE FROM logistics WHERE event_date < '2026-09-29'",
    ],
    "research": ["DELETE FROM interviews WHERE interview_at <= '2025-11-28'"],
    "recruiting": [
        "DELETE FROM applicants WHERE consent_ends_at <= '2026-11-28'",
        "DELETE FROM sourced_candidates WHERE consent_until <= '2026-11-28'",
        "DELETE FROM sourced_candidates WHERE recruitment_email_at <= '2026-10-29'"
        " AND consent_given_at IS NULL",
    ],
    "social_impact": [
        "DELETE FROM individual_contacts WHERE first_contact_at <= '2025-11-28'",
        "DELETE FROM organisation_requests WHERE last_communication_at < '2023-01-01'",
    ],
    "facilities": [
        "DELETE FROM visit_services WHERE consent_withdrawn_at <= '2026-11-28'",
        "DELETE FROM cctv_recordings WHERE recorded_at <= '2026-08-30'",
        "DELETE FROM chatbot_users WHERE consent_withdrawn_at <= '2026-11-28'",
    ],
}


def _conninfo(server: sa.URL, database: str) -> str:
    url = server.set(drivername="postgresql", database=database)
    return url.render_as_string(hide_password=False)


def _admin(server: sa.URL) -> psycopg.Connection:
    return psycopg.connect(_conninfo(server, server.database or "postgres"), autocommit=True)


def _drop(server: sa.URL, prefixes: list[str]) -> None:
    with _admin(server) as admin:
        for prefix in prefixes:
            names = admin.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix + "%"]
            ).fetchall()
            for (name,) in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


def build(server: sa.URL, rows: int, folder: Path) -> Path:
    """The demo at ``rows`` CDRs under BASE, vacuumed and analysed, autovacuum off.

    Built by ``dataward demo`` in its own process: a child started later by this one would
    otherwise begin life with this process's memory and report it as its own peak.
    """
    started = time.perf_counter()
    command = [
        str(Path(sys.executable).parent / "dataward"), "demo", "--scale", str(rows),
        "--as-of", AS_OF, "--into", str(folder), "--prefix", BASE,
        "--server", server.render_as_string(hide_password=False),
    ]  # fmt: skip
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    inventory = folder / "inventory-postgres.yaml"
    for system in DBA:
        with psycopg.connect(_conninfo(server, BASE + system), autocommit=True) as db:
            db.execute("VACUUM (ANALYZE)")
            tables = db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
            for (table,) in tables:
                db.execute(f'ALTER TABLE "{table}" SET (autovacuum_enabled = off)'.encode())
    print(f"built {rows:,} CDRs in {time.perf_counter() - started:.0f} s", flush=True)
    return inventory


def copy(server: sa.URL, prefix: str) -> None:
    with _admin(server) as admin:
        for system in DBA:
            admin.execute(f'DROP DATABASE IF EXISTS "{prefix}{system}" WITH (FORCE)'.encode())
            admin.execute(f'CREATE DATABASE "{prefix}{system}" TEMPLATE "{BASE}{system}"'.encode())
        admin.execute("CHECKPOINT")


def checkpoint(server: sa.URL) -> None:
    with _admin(server) as admin:
        admin.execute("CHECKPOINT")


def time_dba(server: sa.URL, prefix: str) -> float:
    started = time.perf_counter()
    for system, statements in DBA.items():
        with psycopg.connect(_conninfo(server, prefix + system), autocommit=True) as db:
            for statement in statements:
                db.execute(statement.encode())
    return time.perf_counter() - started


def time_dataward(inventory: Path, store: str, batch_size: int) -> tuple[float, float, str]:
    """Seconds, peak RSS (MiB) and output of one ``dataward retention run`` subprocess.

    The peak is read from the rusage of that child alone (``os.wait4``):
    ``getrusage(RUSAGE_CHILDREN)`` would also count the demo build's processes.
    """
    command = [
        str(Path(sys.executable).parent / "dataward"), "retention", "run", "--as-of", AS_OF,
        "--batch-size", str(batch_size), "-i", str(inventory), "--database-url", store,
    ]  # fmt: skip
    environ = {**os.environ, "COLUMNS": "120"}
    with tempfile.TemporaryFile("w+") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=environ)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read()
    if process.returncode != 0:
        raise SystemExit(f"dataward failed:\n{text}")
    return seconds, usage.ru_maxrss / 1024, text


def fingerprint(server: sa.URL, prefix: str) -> dict[str, tuple[int, int]]:
    """Rows per table, and CDRs still holding an end-user contact: equal copies, equal prints."""
    found = {}
    for system in DBA:
        with psycopg.connect(_conninfo(server, prefix + system)) as db:
            tables = db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename NOT LIKE 'dataward\\_%' ORDER BY 1"
            ).fetchall()
            for (table,) in tables:
                count = db.execute(f'SELECT count(*) FROM "{table}"'.encode()).fetchone()
                contacts = None
                if table == "cdrs":
                    contacts = db.execute(
                        "SELECT count(*) FROM cdrs WHERE end_user_phone IS NOT NULL "
                        "OR end_user_email IS NOT NULL"
                    ).fetchone()
                rows = int(count[0]) if count else 0
                found[f"{system}.{table}"] = (rows, int(contacts[0]) if contacts else 0)
    return found


def one_round(
    server: sa.URL, inventory: Path, batch_size: int, dba_first: bool
) -> tuple[float, float, float]:
    copy(server, PREFIX_A)
    copy(server, PREFIX_B)
    with _admin(server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{STORE}" WITH (FORCE)'.encode())
        admin.execute(f'CREATE DATABASE "{STORE}"'.encode())
    store = server.set(database=STORE).render_as_string(hide_password=False)
    own = inventory.with_name("inventory-a.yaml")
    own.write_text(inventory.read_text("utf-8").replace(BASE, PREFIX_A), "utf-8")
    # A CHECKPOINT before each timing: the first run's dirty pages and WAL must not be
    # written out on the second run's time.
    if dba_first:
        dba = time_dba(server, PREFIX_B)
        checkpoint(server)
        seconds, peak, output = time_dataward(own, store, batch_size)
    else:
        seconds, peak, output = time_dataward(own, store, batch_size)
        checkpoint(server)
        dba = time_dba(server, PREFIX_B)
    if fingerprint(server, PREFIX_A) != fingerprint(server, PREFIX_B):
        print(output)
        raise SystemExit("the two copies ended in different states")
    return dba, seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="CDR rows (default 1M)")
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; medians are reported")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    args = parser.parse_args()
    server = sa.make_url(args.server)
    prefixes = [BASE, PREFIX_A, PREFIX_B, STORE]
    _drop(server, prefixes)
    dba_times, dataward_times, peaks = [], [], []
    try:
        with tempfile.TemporaryDirectory() as folder:
            inventory = build(server, args.rows, Path(folder))
            for number in range(args.repeat):
                dba, seconds, peak = one_round(server, inventory, args.batch_size, number % 2 == 0)
                dba_times.append(dba)
                dataward_times.append(seconds)
                peaks.append(peak)
                print(
                    f"round {number + 1}: DBA {dba:7.2f} s, dataward {seconds:7.2f} s, "
                    f"peak RSS {peak:6.1f} MiB",
                    flush=True,
                )
        peak = max(peaks)
        dba, ours = statistics.median(dba_times), statistics.median(dataward_times)
        print(f"CDR rows:               {args.rows:>10,}")
        print(f"DBA statements:         {dba:8.2f} s (median of {args.repeat})")
        print(f"dataward retention run: {ours:8.2f} s (median; batch size {args.batch_size:,})")
        print(f"ratio dataward / DBA:   {ours / dba:8.2f}  (goal <= 1.3)")
        print(f"dataward peak RSS:      {peak:8.1f} MiB")
    finally:
        if not args.keep:
            _drop(server, prefixes)


if __name__ == "__main__":
    main()
