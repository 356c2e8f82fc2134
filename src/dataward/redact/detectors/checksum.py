"""Identifiers with check digits, validated by python-stdnum: IBANs and EU VAT numbers.

The regexes only find candidates; the checksum decides. A candidate written in groups
("DE89 3704 0044 0532 0130 00") may run into a following code ("… 00 BIC COBADEFF"), so
shorter prefixes, group by group, are tried until one validates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import ClassVar

from stdnum import iban
from stdnum.eu import vat
from stdnum.gb import vat as gb_vat

from dataward.redact.base import Detector, DetectorConfig, starts_word
from dataward.redact.model import Entity, Finding

_IBAN = re.compile(r"[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{1,4}){3,9}\b")
_VAT_PREFIXES = (
    "AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI|GB"
)
_VAT = re.compile(rf"(?:{_VAT_PREFIXES}) ?[0-9A-Z](?:[ .-]?[0-9A-Z]){{6,13}}\b")


def longest_valid(value: str, is_valid: Callable[[str], bool], shortest: int) -> int:
    """Length of the longest prefix of ``value``, cut at a separator or the end, that passes."""
    cuts = [len(value)] + [index for index in range(len(value) - 1, 0, -1) if value[index] in " -"]
    for cut in cuts:
        if cut >= shortest and is_valid(value[:cut]):
            return cut
    return 0


class ChecksumConfig(DetectorConfig):
    pass


class IbanDetector(Detector[ChecksumConfig]):
    name = "iban"
    entity = Entity.IBAN
    config_model: ClassVar[type[DetectorConfig]] = ChecksumConfig
    score = 1.0

    def find(self, text: str) -> Iterator[Finding]:
        for match in _IBAN.finditer(text):
            if not starts_word(text, match.start()):
                continue
            length = longest_valid(match.group(), iban.is_valid, 15)
            if length:
                yield self.finding(match.start(), match.start() + length)


class VatDetector(Detector[ChecksumConfig]):
    """EU (and UK) VAT numbers with their country prefix, as written on invoices."""

    name = "vat_id"
    entity = Entity.VAT_ID
    config_model: ClassVar[type[DetectorConfig]] = ChecksumConfig
    score = 0.95

    def find(self, text: str) -> Iterator[Finding]:
        for match in _VAT.finditer(text):
            if not starts_word(text, match.start()):
                continue
            value = match.group()
            if iban.is_valid(value):
                continue  # "DE89 3704…" is the bank account, reported by the IBAN detector
            length = longest_valid(value, _valid_vat, 8)
            if length:
                yield self.finding(match.start(), match.start() + length)


def _valid_vat(value: str) -> bool:
    try:
        # Since Brexit, stdnum's EU module knows only Northern Ireland's "XI" numbers.
        return gb_vat.is_valid(value) if value.startswith("GB") else vat.is_valid(value)
    except Exception:  # stdnum raises on a few country formats it half-parses
        return False
