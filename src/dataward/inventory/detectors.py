"""Detectors of personal data in values: a registry of small classes, Presidio-style.

Each detector keeps its defaults in class attributes (``name``, the fides category it
suggests, the identity kind, column names that hint at it) and overrides one narrow hook,
:meth:`Detector.matches`, for a single value. ``inventory scan`` applies them to sampled
column values; the free-text redaction module can reuse or replace them through the same
registry.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

import phonenumbers
from stdnum import iban, luhn

from dataward.inventory.identity import normalise_email


class Detector:
    name: ClassVar[str]
    fides_category: ClassVar[str]
    identity_kind: ClassVar[str | None] = None
    # A column name matching this suggests the data even before any value is seen.
    column_names: ClassVar[re.Pattern[str] | None] = None

    def matches(self, value: str) -> bool:
        """Whether the whole value is this kind of data."""
        raise NotImplementedError

    def matches_named(self, value: str) -> bool:
        """Whether the value is this kind of data in a column whose name already says so."""
        return self.matches(value)

    def found_in(self, text: str) -> bool:
        """Whether free text contains this kind of data; by default, any word matches."""
        return any(self.matches(word.strip(".,;:!?()<>\"'")) for word in text.split())

    def column_hint(self, column: str) -> bool:
        return self.column_names is not None and bool(self.column_names.search(column.lower()))


class EmailDetector(Detector):
    name = "email"
    fides_category = "user.contact.email"
    identity_kind = "email"
    column_names = re.compile(r"e_?mail")
    _shape = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

    def matches(self, value: str) -> bool:
        if not self._shape.match(value.strip()):
            return False
        try:
            normalise_email(value)
        except ValueError:
            return False
        return True


class PhoneDetector(Detector):
    name = "phone"
    fides_category = "user.contact.phone_number"
    identity_kind = "phone"
    column_names = re.compile(r"phone|mobile|msisdn|(^|_)tel($|_)|destination_number")
    _shape = re.compile(r"^\+?[\d\s().-]{7,20}$")

    def __init__(self, default_region: str | None = None) -> None:
        self.default_region = default_region

    def matches(self, value: str) -> bool:
        text = value.strip()
        # Plain digit strings without "+" are more often ids than phone numbers.
        if not self._shape.match(text) or (text.isdigit() and self.default_region is None):
            return False
        try:
            number = phonenumbers.parse(text, self.default_region)
        except phonenumbers.NumberParseException:
            return False
        return phonenumbers.is_valid_number(number)

    def found_in(self, text: str) -> bool:
        # A number in prose spans words ("+385 91 123 4567"); libphonenumber finds it.
        matcher = phonenumbers.PhoneNumberMatcher(
            text, self.default_region, leniency=phonenumbers.Leniency.VALID
        )
        return matcher.has_next()


class IpAddressDetector(Detector):
    name = "ip_address"
    fides_category = "user.device.ip_address"
    column_names = re.compile(r"(^|_)ip($|_)|ip_?addr|remote_addr")

    def matches(self, value: str) -> bool:
        text = value.strip()
        if ":" not in text and text.count(".") != 3:
            return False  # "12345" is a valid IPv4 integer form, but never written so in data
        try:
            ipaddress.ip_address(text)
        except ValueError:
            return False
        return True


class IbanDetector(Detector):
    name = "iban"
    fides_category = "user.financial.bank_account"
    column_names = re.compile(r"iban|bank_?account")

    def matches(self, value: str) -> bool:
        return len(value.strip()) >= 15 and iban.is_valid(value)


class CardNumberDetector(Detector):
    name = "card_number"
    fides_category = "user.financial.credit_card"
    column_names = re.compile(r"card_?(number|no)|(^|_)ccn($|_)|(^|_)pan($|_)")
    _shape = re.compile(r"^\d(?:[ -]?\d){12,18}$")

    def matches(self, value: str) -> bool:
        text = value.strip()
        return bool(self._shape.match(text)) and luhn.is_valid(re.sub(r"[ -]", "", text))


class PersonNameDetector(Detector):
    """Names: the column name says so, or a *name column holds values shaped like names."""

    name = "person_name"
    fides_category = "user.name"
    column_names = re.compile(
        r"(^|_)(first|last|given|family|middle|full|contact|maiden|display|sur)_?name($|_)"
        r"|(^|_)(surname|forename)($|_)|^name$"
    )
    # Names of things, not people: "product_name", "file_name", "company_name"...
    _not_people = re.compile(r"product|file|host|table|company|brand|item|category|org|domain")

    def column_hint(self, column: str) -> bool:
        lowered = column.lower()
        return super().column_hint(lowered) and not self._not_people.search(lowered)

    def matches(self, value: str) -> bool:
        words = value.split()
        return 2 <= len(words) <= 4 and all(self._word(word) for word in words)

    def matches_named(self, value: str) -> bool:
        # In a first_name / last_name column a single word is a name: "Ana", "Horvat".
        words = value.split()
        return 1 <= len(words) <= 4 and all(self._word(word) for word in words)

    @staticmethod
    def _word(word: str) -> bool:
        # "Horvat", "Kovač", "O'Neil", "Mary-Jane"; not "ANA", "ana", "R2".
        letters = [char for char in word if char.isalpha()]
        return (
            len(letters) >= 2
            and word[0].isupper()
            and not word[1:].isupper()
            and all(char.isalpha() or char in "'’-" for char in word)
        )


class DetectorRegistry:
    def __init__(self, detectors: Iterable[Detector] = ()) -> None:
        self._detectors: dict[str, Detector] = {}
        for detector in detectors:
            self.add(detector)

    def add(self, detector: Detector) -> None:
        """Register a detector; one with the same name replaces the built-in."""
        self._detectors[detector.name] = detector

    def get(self, name: str) -> Detector:
        return self._detectors[name]

    def names(self) -> list[str]:
        return list(self._detectors)

    def __iter__(self) -> Iterator[Detector]:
        return iter(self._detectors.values())


def default_detectors(default_region: str | None = None) -> DetectorRegistry:
    return DetectorRegistry(
        [
            EmailDetector(),
            PhoneDetector(default_region),
            IpAddressDetector(),
            IbanDetector(),
            CardNumberDetector(),
            PersonNameDetector(),
        ]
    )
