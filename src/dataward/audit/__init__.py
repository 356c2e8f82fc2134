"""The audit log: append-only and hash-chained, so tampering shows.

Every deletion, export, decision change and admin action is recorded with
``AuditLog().append(session, actor=..., action=..., target=..., details=...)`` in the same
transaction as the change itself; the caller commits both or neither. ``verify(session)``
walks the chain and reports the first entry that was edited, deleted, inserted or reordered.
What is hashed and what verification can and cannot prove: docs/audit.md.
"""

from dataward.audit.errors import AuditError
from dataward.audit.hashing import GENESIS_HASH, canonical_json, entry_hash
from dataward.audit.log import AuditLog, NewEntry
from dataward.audit.models import AuditEntry, AuditHead
from dataward.audit.query import list_entries
from dataward.audit.verify import BreakKind, ChainBreak, ChainHead, VerifyReport, verify

__all__ = [
    "GENESIS_HASH",
    "AuditEntry",
    "AuditError",
    "AuditHead",
    "AuditLog",
    "BreakKind",
    "ChainBreak",
    "ChainHead",
    "NewEntry",
    "VerifyReport",
    "canonical_json",
    "entry_hash",
    "list_entries",
    "verify",
]
