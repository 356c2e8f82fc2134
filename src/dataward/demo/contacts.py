"""Contact details that look real and are valid: E.164 phones per region, unique emails.

Phone numbers start from libphonenumber's example mobile number of the region and
randomise its trailing digits; each candidate is checked with ``is_valid_number``, so a
demo number passes the same normalisation a real one does. Emails are built from the
name folded to ASCII (``Šimić`` → ``simic``), since most mail systems still expect that.
"""

from __future__ import annotations

import random
import unicodedata

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberFormat, PhoneNumberType

# Trailing digits randomised: enough for 10^6 numbers per region, few enough that the
# number keeps the region's mobile prefix.
_RANDOM_DIGITS = 6


class PhoneFactory:
    """Unique, valid mobile numbers per region, from a seeded random generator."""

    def __init__(self, rng: random.Random, taken: set[str] | None = None) -> None:
        self._rng = rng
        self._seen: set[str] = set(taken or ())
        self._templates: dict[str, tuple[int, str]] = {}

    def _template(self, region: str) -> tuple[int, str]:
        if region not in self._templates:
            example = phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE)
            if example is None or example.country_code is None:
                raise ValueError(f"no example mobile number for region {region!r}")
            national = str(example.national_number)
            self._templates[region] = (example.country_code, national[:-_RANDOM_DIGITS])
        return self._templates[region]

    def phone(self, region: str) -> str:
        country_code, prefix = self._template(region)
        for _ in range(1_000):
            digits = f"{self._rng.randrange(10**_RANDOM_DIGITS):0{_RANDOM_DIGITS}d}"
            number = PhoneNumber(country_code=country_code, national_number=int(prefix + digits))
            if not phonenumbers.is_valid_number(number):
                continue
            text = phonenumbers.format_number(number, PhoneNumberFormat.E164)
            if text not in self._seen:
                self._seen.add(text)
                return text
        raise RuntimeError(f"cannot find an unused valid phone number for region {region}")


def ascii_fold(text: str) -> str:
    """``Šimić-Horvat`` → ``simic-horvat``: letters, digits and dashes only."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    kept = "".join(char if char.isalnum() else "-" for char in plain)
    return "-".join(part for part in kept.split("-") if part) or "user"


class EmailFactory:
    """Unique addresses ``first.last@domain``, numbered when a name repeats."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self._seen: set[str] = set(taken or ())

    def email(self, first: str, last: str, domain: str) -> str:
        local = f"{ascii_fold(first)}.{ascii_fold(last)}"
        candidate, number = f"{local}@{domain}", 1
        while candidate in self._seen:
            number += 1
            candidate = f"{local}{number}@{domain}"
        self._seen.add(candidate)
        return candidate
