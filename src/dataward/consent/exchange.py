"""Sharing the suppression list as hashes: export to text, import from text or from contacts.

The file format is plain text, one lower-case hex HMAC-SHA256 per line, after a header::

    # dataward suppression list v1
    # key_id: 3f1c9a0b5e2d7c44
    9b74c9897bac770ffc029102a200c5de0ab1f2b8a9c8f6d1c2e3f4a5b6c7d8e9
    …

A hash is only comparable with hashes made with the same key, so the header names the key
(by id, never the key itself) and an import refuses a file made with another key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dataward.audit import AuditLog
from dataward.consent.errors import ConsentInputError, SuppressionKeyError
from dataward.consent.identity import contact_identity
from dataward.consent.keys import ContactHasher
from dataward.consent.suppression import insert_hashes, iter_digests

HEADER = "# dataward suppression list v1"
_KEY_LINE = re.compile(r"#\s*key_id:\s*([0-9a-f]{16})\s*")
_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Imported:
    read: int
    added: int

    @property
    def already_listed(self) -> int:
        return self.read - self.added


def export_lines(session: Session, hasher: ContactHasher) -> Iterator[str]:
    """The list made with the key in force, as lines (each ending in a newline)."""
    yield HEADER + "\n"
    yield f"# key_id: {hasher.key_id}\n"
    for digest in iter_digests(session, hasher.key_id):
        yield digest.hex() + "\n"


def parse_hash_lines(lines: Iterable[str], key_id: str) -> Iterator[bytes]:
    """The hashes of an exported file; raises on a line that is not one, or another key."""
    for number, raw in enumerate(lines, start=1):
        line = raw.strip().lower()
        if not line:
            continue
        if line.startswith("#"):
            named = _KEY_LINE.fullmatch(line)
            if named and named.group(1) != key_id:
                raise SuppressionKeyError(
                    f"line {number}: the file was hashed with key {named.group(1)}, this "
                    f"store uses key {key_id}; its hashes could never match"
                )
            continue
        if not _HASH.fullmatch(line):
            raise ConsentInputError(f"line {number}", "is not a 64-digit hex HMAC-SHA256")
        yield bytes.fromhex(line)


def import_hashes(
    session: Session,
    lines: Iterable[str],
    hasher: ContactHasher,
    *,
    source: str,
    actor: str,
    reason: str = "import",
) -> Imported:
    """Add every hash of an exported file; never commits (a bad line rolls back the lot)."""
    digests = parse_hash_lines(lines, hasher.key_id)
    return _record(session, digests, hasher, source=source, actor=actor, reason=reason)


def import_contacts(
    session: Session,
    contacts: Iterable[str],
    hasher: ContactHasher,
    *,
    source: str,
    actor: str,
    reason: str = "import",
) -> Imported:
    """Hash and add raw contacts (one email or phone per line); the contacts are not kept."""
    digests = (
        hasher.digest(str(contact_identity(raw, field=f"line {number}")))
        for number, raw in enumerate(contacts, start=1)
        if raw.strip() and not raw.lstrip().startswith("#")
    )
    return _record(session, digests, hasher, source=source, actor=actor, reason=reason)


def _record(
    session: Session,
    digests: Iterable[bytes],
    hasher: ContactHasher,
    *,
    source: str,
    actor: str,
    reason: str,
) -> Imported:
    read = 0

    def counted() -> Iterator[bytes]:
        nonlocal read
        for digest in digests:
            read += 1
            yield digest

    added = insert_hashes(session, counted(), hasher.key_id, reason, source)
    AuditLog().append(
        session,
        actor=actor,
        action="suppression.imported",
        target=f"suppression:{hasher.key_id}",
        details={"read": read, "added": added, "source": source},
    )
    return Imported(read=read, added=added)
