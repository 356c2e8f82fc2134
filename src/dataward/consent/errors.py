"""Errors of the consent package; each names the input field that caused it."""

from __future__ import annotations


class ConsentInputError(ValueError):
    """Bad input from a caller: unknown purpose, malformed identity, wrong legal basis.

    ``field`` is the name of the request field at fault (``purpose``, ``identity``,
    ``identities[3]``), so that the API can answer with a 4xx that points at it and the CLI
    can name the argument.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class TokenError(ValueError):
    """A one-click unsubscribe token that is forged, damaged or expired."""

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


class SuppressionKeyError(RuntimeError):
    """The suppression key is missing, malformed, or differs from the one hashes were made with."""
