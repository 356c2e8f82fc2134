"""Tampering behind the audit log's back, with plain SQL, and what verify says about it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.audit import (
    AuditEntry,
    BreakKind,
    ChainHead,
    VerifyReport,
    canonical_json,
    entry_hash,
    verify,
)
from tests.audit.factories import append_entries, execute, head, rows

ENTRY = AuditEntry.metadata.tables[AuditEntry.__tablename__]
WHEN = datetime(2025, 6, 1, 8, 30, tzinfo=UTC)


@pytest.fixture
def chain(engine: sa.Engine) -> sa.Engine:
    """Six committed entries that verify; each test then breaks them."""
    append_entries(engine, 6)
    assert _verify(engine).ok
    return engine


def _verify(engine: sa.Engine, expected_head: ChainHead | None = None) -> VerifyReport:
    with Session(engine) as session:
        return verify(session, expected_head=expected_head)


def _broken(report: VerifyReport) -> tuple[int | None, BreakKind]:
    assert report.broken is not None, "tampering went undetected"
    return report.broken.seq, report.broken.kind


def _forged(seq: int, prev_hash: str, *, target: str = "dataset:cdr") -> dict[str, object]:
    """An entry as an attacker who knows the hash formula would write it."""
    entry = {
        "seq": seq,
        "recorded_at": WHEN,
        "actor": "retention",
        "action": "retention.batch",
        "target": target,
        "prev_hash": prev_hash,
    }
    details = canonical_json({"batch": seq, "rows": 0})
    hash_ = entry_hash(details_json=details, **entry)  # type: ignore[arg-type]
    return {**entry, "details": details, "hash": hash_}


def _shift(engine: sa.Engine, from_seq: int, by: int) -> None:
    """Renumber entries from ``from_seq`` on by ``by``, as an attacker hiding a gap would."""
    # Two steps, so no row ever collides with another's seq under UNIQUE(seq).
    execute(
        engine,
        sa.update(ENTRY).where(ENTRY.c.seq >= from_seq).values(seq=ENTRY.c.seq + 1000),
        sa.update(ENTRY).where(ENTRY.c.seq >= 1000).values(seq=ENTRY.c.seq - 1000 + by),
    )


def test_intact_chain(chain: sa.Engine) -> None:
    report = _verify(chain)
    assert report.ok and report.entries_checked == 6 and report.first_broken_seq is None
    assert report.head == ChainHead(*head(chain))


def test_edited_details(chain: sa.Engine) -> None:
    execute(chain, "UPDATE audit_entry SET details = '{}' WHERE seq = 3")
    report = _verify(chain)
    assert _broken(report) == (3, BreakKind.edited)
    assert report.entries_checked == 2


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("actor", "someone"),
        ("action", "retention.skipped"),
        ("target", "dataset:other"),
        ("recorded_at", WHEN),
        ("details", '{"batch":4,"rows":0,"rule":"cdr_phone_12m"}'),
        ("hash", "f" * 64),
    ],
)
def test_edited_column(chain: sa.Engine, column: str, value: object) -> None:
    execute(chain, sa.update(ENTRY).where(ENTRY.c.seq == 4).values({column: value}))
    assert _broken(_verify(chain))[0] == 4


def test_edited_last_entry(chain: sa.Engine) -> None:
    execute(chain, "UPDATE audit_entry SET actor = 'someone' WHERE seq = 6")
    assert _broken(_verify(chain)) == (6, BreakKind.edited)


def test_edited_with_its_hash_recomputed(chain: sa.Engine) -> None:
    prev_hash = rows(chain)[1].hash
    forged = _forged(3, prev_hash)
    execute(chain, sa.update(ENTRY).where(ENTRY.c.seq == 3).values(forged))
    assert _broken(_verify(chain)) == (3, BreakKind.edited)


def test_deleted_entry(chain: sa.Engine) -> None:
    execute(chain, "DELETE FROM audit_entry WHERE seq = 3")
    report = _verify(chain)
    assert _broken(report) == (3, BreakKind.deleted)
    assert report.broken is not None and "entry 3 missing" in report.broken.reason


def test_deleted_entries_renumbered(chain: sa.Engine) -> None:
    execute(chain, "DELETE FROM audit_entry WHERE seq IN (3, 4)")
    _shift(chain, 5, -2)
    assert [row.seq for row in rows(chain)] == [1, 2, 3, 4]
    assert _broken(_verify(chain)) == (3, BreakKind.deleted)


def test_deleted_last_entries(chain: sa.Engine) -> None:
    execute(chain, "DELETE FROM audit_entry WHERE seq >= 5")
    report = _verify(chain)
    assert _broken(report) == (5, BreakKind.deleted)
    assert report.entries_checked == 4


def test_deleted_everything(chain: sa.Engine) -> None:
    execute(chain, "DELETE FROM audit_entry")
    assert _broken(_verify(chain)) == (1, BreakKind.deleted)


def test_deleted_head_row(chain: sa.Engine) -> None:
    execute(chain, "DELETE FROM audit_head")
    assert _broken(_verify(chain)) == (None, BreakKind.deleted)


def test_inserted_at_the_end_with_a_valid_hash(chain: sa.Engine) -> None:
    execute(chain, sa.insert(ENTRY).values(_forged(7, head(chain)[1])))
    assert _broken(_verify(chain)) == (7, BreakKind.inserted)


def test_inserted_in_the_middle_with_a_valid_hash(chain: sa.Engine) -> None:
    prev_hash = rows(chain)[2].hash
    _shift(chain, 4, +1)
    execute(chain, sa.insert(ENTRY).values(_forged(4, prev_hash)))
    assert _broken(_verify(chain)) == (4, BreakKind.inserted)


def test_inserted_in_the_middle_with_a_made_up_hash(chain: sa.Engine) -> None:
    _shift(chain, 4, +1)
    made_up = {**_forged(4, "e" * 64), "hash": "d" * 64}
    execute(chain, sa.insert(ENTRY).values(made_up))
    assert _broken(_verify(chain)) == (4, BreakKind.inserted)


def test_reordered_entries(chain: sa.Engine) -> None:
    execute(
        chain,
        "UPDATE audit_entry SET seq = 1000 WHERE seq = 2",
        "UPDATE audit_entry SET seq = 2 WHERE seq = 4",
        "UPDATE audit_entry SET seq = 4 WHERE seq = 1000",
    )
    assert _broken(_verify(chain)) == (2, BreakKind.reordered)


def test_reordered_neighbours(chain: sa.Engine) -> None:
    execute(
        chain,
        "UPDATE audit_entry SET seq = 1000 WHERE seq = 5",
        "UPDATE audit_entry SET seq = 5 WHERE seq = 6",
        "UPDATE audit_entry SET seq = 6 WHERE seq = 1000",
    )
    assert _broken(_verify(chain)) == (5, BreakKind.reordered)


def _rewrite_from(engine: sa.Engine, seq: int, *, move_head: bool) -> None:
    """Replace entries seq..6 with a consistent forged chain, as a knowing attacker would."""
    prev_hash = rows(engine)[seq - 2].hash
    execute(engine, f"DELETE FROM audit_entry WHERE seq >= {seq}")
    for number in range(seq, 7):
        forged = _forged(number, prev_hash, target="dataset:nothing-to-see")
        execute(engine, sa.insert(ENTRY).values(forged))
        prev_hash = str(forged["hash"])
    if move_head:
        execute(engine, f"UPDATE audit_head SET hash = '{prev_hash}'")


def test_rewritten_chain_is_caught_by_the_head_row(chain: sa.Engine) -> None:
    _rewrite_from(chain, 4, move_head=False)
    assert _broken(_verify(chain)) == (6, BreakKind.edited)


def test_rewritten_chain_and_head_pass_unless_the_head_was_recorded_elsewhere(
    chain: sa.Engine,
) -> None:
    recorded = ChainHead(*head(chain))
    _rewrite_from(chain, 4, move_head=True)
    # The documented limit: a consistent rewrite including the head row verifies...
    assert _verify(chain).ok
    # ...and only a head recorded outside the database exposes it.
    assert _broken(_verify(chain, expected_head=recorded)) == (6, BreakKind.edited)


def test_expected_head_beyond_the_chain(chain: sa.Engine) -> None:
    recorded = ChainHead(*head(chain))
    execute(chain, "DELETE FROM audit_entry WHERE seq = 6", "UPDATE audit_head SET seq = 5")
    execute(chain, f"UPDATE audit_head SET hash = '{rows(chain)[-1].hash}'")
    assert _verify(chain).ok
    assert _broken(_verify(chain, expected_head=recorded)) == (6, BreakKind.deleted)


def test_chain_head_text_round_trip() -> None:
    head_ = ChainHead(42, "ab" * 32)
    assert ChainHead.parse(str(head_)) == head_
    for bad in ("42", "x:" + "a" * 64, "42:" + "a" * 63, "42:" + "g" * 64):
        with pytest.raises(ValueError):
            ChainHead.parse(bad)


def test_verify_streams_in_batches(chain: sa.Engine) -> None:
    append_entries(chain, 10, first=7)
    with Session(chain) as session:
        report = verify(session, batch_size=3)
    assert report.ok and report.entries_checked == 16


def test_tampering_found_in_a_later_batch(chain: sa.Engine) -> None:
    append_entries(chain, 10, first=7)
    # An edit needs look-ups by hash while the stream is still open; a deletion does not.
    execute(chain, "UPDATE audit_entry SET actor = 'someone' WHERE seq = 13")
    with Session(chain) as session:
        report = verify(session, batch_size=3)
    assert _broken(report) == (13, BreakKind.edited)
    assert report.entries_checked == 12
