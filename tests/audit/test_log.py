from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.audit import (
    GENESIS_HASH,
    AuditEntry,
    AuditError,
    AuditLog,
    NewEntry,
    entry_hash,
    verify,
)
from tests.audit.factories import START, StepClock, append_entries, execute, head, rows


def test_append_chains_entries_from_genesis(engine: sa.Engine) -> None:
    append_entries(engine, 3)
    chain = rows(engine)
    assert [row.seq for row in chain] == [1, 2, 3]
    assert chain[0].prev_hash == GENESIS_HASH
    assert [row.prev_hash for row in chain[1:]] == [row.hash for row in chain[:-1]]
    assert head(engine) == (3, chain[-1].hash)


def test_append_stores_what_it_hashed(engine: sa.Engine) -> None:
    log = AuditLog(clock=StepClock())
    with Session(engine) as session, session.begin():
        log.append(
            session,
            actor="dpo@example.com",
            action="request.approved",
            target="request:42",
            details={"z": 1, "jurisdiction": "HR", "name": "Ana Horvat"},
        )
    with Session(engine) as session:
        entry = session.scalars(sa.select(AuditEntry)).one()
        assert entry.recorded_at == datetime(2025, 2, 1, 0, 0, 0, 123456, tzinfo=UTC)
        assert entry.details_json == '{"jurisdiction":"HR","name":"Ana Horvat","z":1}'
        assert entry.details == {"z": 1, "jurisdiction": "HR", "name": "Ana Horvat"}
        assert entry.hash == entry_hash(
            seq=1,
            recorded_at=START.replace(day=1, month=2, hour=0, minute=0, second=0),
            actor="dpo@example.com",
            action="request.approved",
            target="request:42",
            details_json=entry.details_json,
            prev_hash=GENESIS_HASH,
        )


def test_round_trip_verifies(engine: sa.Engine) -> None:
    append_entries(engine, 5)
    append_entries(engine, 4, first=6)
    with Session(engine) as session:
        report = verify(session)
    assert report.ok
    assert report.entries_checked == 9
    assert report.head is not None and (report.head.seq, report.head.hash) == head(engine)


def test_empty_log_verifies(engine: sa.Engine) -> None:
    with Session(engine) as session:
        report = verify(session)
    assert report.ok and report.entries_checked == 0 and report.head is None


def test_append_never_commits(engine: sa.Engine) -> None:
    append_entries(engine, 2)
    with Session(engine) as session:
        AuditLog().append(session, actor="admin", action="hold.released", target="hold:7")
        session.rollback()
    assert len(rows(engine)) == 2
    assert head(engine)[0] == 2
    with Session(engine) as session:
        assert verify(session).ok


def test_entry_commits_with_the_change_it_records(engine: sa.Engine) -> None:
    execute(engine, "CREATE TABLE hold (id INTEGER PRIMARY KEY, released INTEGER NOT NULL)")
    execute(engine, "INSERT INTO hold VALUES (7, 0)")
    with pytest.raises(RuntimeError), Session(engine) as session, session.begin():
        session.execute(sa.text("UPDATE hold SET released = 1 WHERE id = 7"))
        AuditLog().append(session, actor="admin", action="hold.released", target="hold:7")
        raise RuntimeError("the command failed after both writes")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT released FROM hold")).scalar() == 0
    assert rows(engine) == []


def test_a_session_kept_across_commits_does_not_reuse_a_stale_head(engine: sa.Engine) -> None:
    log = AuditLog()
    with Session(engine, expire_on_commit=False) as session:
        log.append(session, actor="a", action="x.first")
        session.commit()
        append_entries(engine, 2)  # another writer moves the head meanwhile
        entry = log.append(session, actor="a", action="x.second")
        session.commit()
    assert entry.seq == 4
    with Session(engine) as session:
        assert verify(session).ok


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"actor": "a", "action": "Retention Batch"}, "dotted"),
        ({"actor": "a", "action": "retention"}, "dotted"),
        ({"actor": " ", "action": "x.y"}, "actor must not be empty"),
        ({"actor": "a" * 256, "action": "x.y"}, "longer than 255"),
        ({"actor": "a", "action": "x.y", "target": "t" * 501}, "longer than 500"),
    ],
)
def test_bad_input_is_refused(engine: sa.Engine, fields: dict[str, str], message: str) -> None:
    with Session(engine) as session, pytest.raises(ValueError, match=message):
        AuditLog().append(session, **fields)  # type: ignore[arg-type]


def test_details_must_be_json(engine: sa.Engine) -> None:
    with Session(engine) as session, pytest.raises(TypeError):
        AuditLog().append(session, actor="a", action="x.y", details={"at": datetime.now(UTC)})


def test_orm_refuses_to_change_an_entry(engine: sa.Engine) -> None:
    append_entries(engine, 1)
    with Session(engine) as session:
        entry = session.scalars(sa.select(AuditEntry)).one()
        entry.actor = "someone else"
        with pytest.raises(AuditError, match="append-only"):
            session.flush()
        session.rollback()
        session.delete(session.scalars(sa.select(AuditEntry)).one())
        with pytest.raises(AuditError, match="append-only"):
            session.flush()


def test_duplicate_seq_is_refused_by_the_database(engine: sa.Engine) -> None:
    append_entries(engine, 1)
    with pytest.raises(sa.exc.IntegrityError):
        execute(
            engine,
            "INSERT INTO audit_entry (seq, recorded_at, actor, action, target, details, "
            "prev_hash, hash) SELECT seq, recorded_at, actor, action, target, details, "
            "prev_hash, hash FROM audit_entry WHERE seq = 1",
        )


def test_missing_head_is_reported(engine: sa.Engine) -> None:
    execute(engine, "DELETE FROM audit_head")
    with Session(engine) as session, pytest.raises(AuditError, match="head"):
        AuditLog().append(session, actor="a", action="x.y")


def test_append_all_chains_several_entries_in_one_go(engine: sa.Engine) -> None:
    append_entries(engine, 1)
    entries = [
        NewEntry("dataward", "request.system_done", "request:7", {"system": name})
        for name in ("crm", "billing", "support")
    ]
    with Session(engine) as session, session.begin():
        appended = AuditLog(clock=StepClock()).append_all(session, entries)
    chain = rows(engine)
    assert [entry.seq for entry in appended] == [2, 3, 4] == [row.seq for row in chain[1:]]
    assert [row.prev_hash for row in chain[1:]] == [row.hash for row in chain[:-1]]
    with Session(engine) as session:
        stored = session.scalars(
            sa.select(AuditEntry.details_json).where(AuditEntry.seq > 1).order_by(AuditEntry.seq)
        )
        assert list(stored) == ['{"system":"crm"}', '{"system":"billing"}', '{"system":"support"}']
    assert head(engine) == (4, chain[-1].hash)
    with Session(engine) as session:
        assert verify(session).ok


def test_append_all_writes_nothing_when_one_entry_is_bad(engine: sa.Engine) -> None:
    entries = [NewEntry("dataward", "request.system_done"), NewEntry("dataward", "Not An Action")]
    with Session(engine) as session, session.begin(), pytest.raises(ValueError, match="Not An"):
        AuditLog().append_all(session, entries)
    assert rows(engine) == []
