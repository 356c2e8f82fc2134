"""Walking the audit chain to prove no entry was edited, deleted, inserted or reordered.

The walk streams entries in seq order and keeps only the previous one, so memory stays flat
however long the log. Each entry must (1) have the next seq, (2) hash to its stored hash,
(3) name the previous entry's hash as its prev_hash; the last entry must match the head row.
When a check fails, a few look-ups by hash tell what most likely happened (``_explain``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TypeAlias

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from dataward.audit.hashing import GENESIS_HASH, entry_hash
from dataward.audit.models import AuditEntry, AuditHead

_COLUMNS = (
    AuditEntry.seq,
    AuditEntry.recorded_at,
    AuditEntry.actor,
    AuditEntry.action,
    AuditEntry.target,
    AuditEntry.details_json,
    AuditEntry.prev_hash,
    AuditEntry.hash,
)


# seq, recorded_at, actor, action, target, details_json, prev_hash, hash
EntryRow: TypeAlias = "Row[int, datetime, str, str, str, str, str, str]"


class BreakKind(StrEnum):
    """What most likely happened at the first broken entry."""

    edited = "edited"
    deleted = "deleted"
    inserted = "inserted"
    reordered = "reordered"


@dataclass(frozen=True)
class ChainHead:
    """The seq and hash of an entry; record it outside the database to detect rewrites."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> ChainHead:
        """Read the ``SEQ:HASH`` form that ``str()`` and ``dataward audit verify`` print."""
        seq, sep, hash_ = text.strip().partition(":")
        if not sep or not seq.isdigit() or len(hash_) != 64 or not _is_hex(hash_):
            raise ValueError(f"{text!r} is not SEQ:HASH (a number, ':', 64 hex digits)")
        return cls(int(seq), hash_.lower())


@dataclass(frozen=True)
class ChainBreak:
    """The first place the chain is broken. ``seq`` is None when the head row is missing."""

    seq: int | None
    kind: BreakKind
    reason: str


@dataclass(frozen=True)
class VerifyReport:
    entries_checked: int
    head: ChainHead | None  # the last entry checked and found intact (None: empty log)
    broken: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None

    @property
    def first_broken_seq(self) -> int | None:
        return self.broken.seq if self.broken else None


def verify(
    session: Session, *, expected_head: ChainHead | None = None, batch_size: int = 1000
) -> VerifyReport:
    """Check the whole chain; ``expected_head`` is a head recorded earlier outside the database.

    Entries appended while the walk runs are checked too when they are visible, and are told
    apart from forged ones by reading the head again at the end (PostgreSQL statements each
    see the latest commits; SQLite's transaction sees one snapshot throughout).
    """
    start_head = _read_head(session)
    if start_head is None:
        missing = ChainBreak(None, BreakKind.deleted, "the chain head row (audit_head) is missing")
        return VerifyReport(0, None, missing)

    prev: EntryRow | None = None
    checked = 0
    broken: ChainBreak | None = None
    result = session.execute(
        select(*_COLUMNS).order_by(AuditEntry.seq).execution_options(yield_per=batch_size)
    )
    try:
        for row in result:
            broken = _check(session, row, prev, start_head, expected_head)
            if broken:
                break
            prev, checked = row, checked + 1
    finally:
        result.close()

    last = ChainHead(prev.seq, prev.hash) if prev is not None else None
    if broken is None:
        broken = _check_end(session, last, start_head, expected_head)
    return VerifyReport(checked, last, broken)


def _check(
    session: Session,
    row: EntryRow,
    prev: EntryRow | None,
    head: ChainHead,
    expected_head: ChainHead | None,
) -> ChainBreak | None:
    expected_seq = prev.seq + 1 if prev is not None else 1
    if row.seq > expected_seq:
        missing = _entries(expected_seq, row.seq - 1)
        return ChainBreak(expected_seq, BreakKind.deleted, f"{missing} missing (seq gap)")
    if row.seq < expected_seq:
        return ChainBreak(row.seq, BreakKind.inserted, f"seq {row.seq} is below 1")
    prev_hash = prev.hash if prev is not None else GENESIS_HASH
    hash_ok = _recompute(row) == row.hash
    link_ok = row.prev_hash == prev_hash
    if not (hash_ok and link_ok):
        return _explain(session, row, head, hash_ok=hash_ok, link_ok=link_ok)
    for recorded, where in ((head, "the head row"), (expected_head, "the expected head")):
        if recorded is not None and row.seq == recorded.seq and row.hash != recorded.hash:
            return ChainBreak(
                row.seq,
                BreakKind.edited,
                f"entry {row.seq} is consistent but its hash differs from {where}: the chain "
                f"was rewritten (hashes recomputed) at or before this entry",
            )
    return None


def _check_end(
    session: Session,
    last: ChainHead | None,
    start_head: ChainHead,
    expected_head: ChainHead | None,
) -> ChainBreak | None:
    last_seq = last.seq if last is not None else 0
    for recorded, where in ((start_head, "the head row"), (expected_head, "the expected head")):
        if recorded is not None and last_seq < recorded.seq:
            return ChainBreak(
                last_seq + 1,
                BreakKind.deleted,
                f"the chain ends at seq {last_seq} but {where} records seq {recorded.seq}: "
                f"entries at the end were deleted",
            )
    if last is None or last_seq == start_head.seq:
        return None
    # Entries past the head seen at the start: appended meanwhile (then the head has moved
    # with them, in the same transaction), or written behind the log's back.
    end_head = _read_head(session)
    if end_head is None or last_seq > end_head.seq:
        known = end_head.seq if end_head is not None else start_head.seq
        return ChainBreak(
            known + 1,
            BreakKind.inserted,
            f"{_entries(known + 1, last_seq)} beyond the head row (seq {known}): "
            f"not written by the audit log",
        )
    if last_seq == end_head.seq and last.hash != end_head.hash:
        return ChainBreak(
            last_seq,
            BreakKind.edited,
            f"entry {last_seq}'s hash differs from the head row: the chain was rewritten",
        )
    return None


def _explain(
    session: Session, row: EntryRow, head: ChainHead, *, hash_ok: bool, link_ok: bool
) -> ChainBreak:
    """Name the most likely tampering from what links to what (the chain is already broken).

    Every entry names its predecessor's hash and is named by its successor's, so look-ups by
    hash find where its neighbours are now, and from that where the entry itself was written.
    """
    seq = row.seq
    successor = _seq_following(session, row.hash)
    if successor is None and row.hash == head.hash:
        successor = head.seq + 1  # the newest entry: the head row is what follows it
    if not hash_ok and successor is None:
        return ChainBreak(
            seq,
            BreakKind.inserted,
            f"entry {seq} is not part of the chain: its content does not match its hash and "
            f"no later entry follows it",
        )
    if link_ok:
        return ChainBreak(
            seq,
            BreakKind.edited,
            f"entry {seq} was changed after it was written: its content does not match its hash",
        )
    origin = _seq_of_hash(session, row.prev_hash)  # where the entry it followed is now
    if hash_ok:
        # Intact and at its own seq (seq is hashed), yet written after another entry.
        if origin is None:
            return ChainBreak(
                max(seq - 1, 1),
                BreakKind.edited,
                f"entry {seq} was written after an entry that no longer exists: the entry "
                f"before it was replaced (its hash recomputed)",
            )
        return ChainBreak(
            seq, BreakKind.reordered, f"entry {seq} was written after the entry now at {origin}"
        )
    candidates = [origin + 1] if origin is not None else []
    candidates += [successor - 1] if successor is not None else []
    written_at = next(
        (c for c in candidates if c != seq and _recompute(row, seq=c) == row.hash), None
    )
    if written_at is None and origin is None:
        return ChainBreak(
            seq,
            BreakKind.deleted,
            f"entry {seq} was written after an entry that no longer exists: entries before it "
            f"were deleted and the later ones renumbered",
        )
    if written_at is None:
        return ChainBreak(seq, BreakKind.edited, f"entry {seq} was moved and changed")
    if written_at > seq:
        return ChainBreak(
            seq,
            BreakKind.reordered,
            f"the entry at seq {seq} was written as seq {written_at}: entries were reordered",
        )
    inserted = seq - written_at
    return ChainBreak(
        written_at,
        BreakKind.inserted,
        f"the entry at seq {seq} was written as seq {written_at}: {inserted} "
        f"entr{'y was' if inserted == 1 else 'ies were'} inserted before it",
    )


def _recompute(row: EntryRow, *, seq: int | None = None) -> str:
    return entry_hash(
        seq=row.seq if seq is None else seq,
        recorded_at=row.recorded_at,
        actor=row.actor,
        action=row.action,
        target=row.target,
        details_json=row.details_json,
        prev_hash=row.prev_hash,
    )


def _seq_of_hash(session: Session, hash_: str) -> int | None:
    if hash_ == GENESIS_HASH:
        return 0
    return session.scalar(
        select(AuditEntry.seq).where(AuditEntry.hash == hash_).order_by(AuditEntry.seq).limit(1)
    )


def _entries(first: int, last: int) -> str:
    return f"entry {first}" if first == last else f"entries {first}-{last}"


def _is_hex(text: str) -> bool:
    return all(char in "0123456789abcdefABCDEF" for char in text)


def _seq_following(session: Session, hash_: str) -> int | None:
    return session.scalar(
        select(AuditEntry.seq)
        .where(AuditEntry.prev_hash == hash_)
        .order_by(AuditEntry.seq)
        .limit(1)
    )


def _read_head(session: Session) -> ChainHead | None:
    row = session.execute(
        select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)
    ).one_or_none()
    return ChainHead(int(row.seq), str(row.hash)) if row is not None else None
