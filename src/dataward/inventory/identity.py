"""Identity normalisation: one person, one spelling of each identifier.

A data-subject request says "+44 20 7946 0958"; the CDR table stores "+442079460958"; the
marketing list has " Ana@Example.COM ". Every lookup and every suppression hash uses the
normalised form, so equivalent spellings meet. This module is pure: no I/O, no DNS, no
global settings (the default phone region is passed in).
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers
from email_validator import EmailNotValidError, validate_email

EMAIL = "email"
PHONE = "phone"


@dataclass(frozen=True)
class Identity:
    """A normalised identifier of a person: ``kind`` as named in the inventory, ``value``."""

    kind: str
    value: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


def normalise_email(raw: str) -> str:
    """Trim and lower-case an email address after checking its syntax (no DNS lookup).

    The whole address is lower-cased: local parts are case-sensitive in theory, but no
    provider treats them so, and a request must find the rows whatever the case.
    """
    candidate = raw.strip()
    try:
        checked = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(f"not a valid email address: {raw!r} ({error})") from None
    return checked.normalized.lower()


def normalise_phone(raw: str, default_region: str | None = None) -> str:
    """Format a phone number as E.164 (``+385911234567``).

    ``default_region`` (ISO 3166 alpha-2, e.g. ``"HR"``) reads numbers written without a
    country code; without it such numbers are rejected rather than guessed.
    """
    try:
        parsed = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException as error:
        raise ValueError(f"not a valid phone number: {raw!r} ({error})") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"not a valid phone number: {raw!r}")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalise_opaque(raw: str) -> str:
    """Internal identifiers (customer ids, account ids) are compared as written, trimmed."""
    value = raw.strip()
    if not value:
        raise ValueError(f"empty identifier: {raw!r}")
    return value


@dataclass(frozen=True)
class Normaliser:
    """Normalises identities of any kind; only the phone region is configurable."""

    default_region: str | None = None

    def value(self, kind: str, raw: str) -> str:
        if kind == EMAIL:
            return normalise_email(raw)
        if kind == PHONE:
            return normalise_phone(raw, self.default_region)
        return normalise_opaque(raw)

    def identity(self, kind: str, raw: str) -> Identity:
        return Identity(kind, self.value(kind, raw))
