"""Errors of the requests package; each names what the caller got wrong."""

from __future__ import annotations


class RequestInputError(ValueError):
    """Bad input: ``field`` names the request field at fault, so the API answers 422 with it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFound(LookupError):
    """No such request (or, before verification, one the caller may not see)."""


class TransitionError(ValueError):
    """A staff action the request's status does not allow (approve a completed request)."""


class VerificationError(ValueError):
    """A wrong, expired, replayed or locked code; ``reason`` is a stable machine word."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class RateLimited(Exception):
    """Too many attempts from one identity or client; ``retry_after`` is in seconds."""

    def __init__(self, scope: str, retry_after: int) -> None:
        super().__init__(f"too many requests for this {scope}; retry in {retry_after} s")
        self.scope = scope
        self.retry_after = retry_after


class ExtensionError(ValueError):
    """An extension the law does not allow (no reason, over the cap, after the deadline)."""
