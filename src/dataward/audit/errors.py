"""The error the audit package raises when the log cannot be used as asked."""

from __future__ import annotations


class AuditError(Exception):
    """Raised on an attempt to change an entry, or when the chain head is missing."""
