"""Identifiers with check digits, validated by python-stdnum: IBANs and EU VAT numbers.

The regexes only find candidates; the checksum decides. A candidate written in groups
("DE89 3704 0044 0532 0130 00") may run into a following code ("… 00 BIC COBADEFF"), so
shorter prefixes, group by group, are tried until one validates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import ClassVar

from stdnum import iban, numdb
from stdnum.eu import vat
from stdnum.gb import vat as gb_vat
from stdnum.util import get_cc_module

from dataward.redact.base import Detector, DetectorConfig, one_of
from dataward.redact.model import Entity, Finding

# Both regexes open with capitals (a class, or two-letter codes), which lets the regex
# engine skip ahead quickly; the lookbehind after them rejects a start inside a word. The
# IBAN's lookahead first rejects, with plain comparisons, the capitals that start words.
_IBAN = re.compile(r"[A-Z](?=[A-Z]\d\d)(?<![^\W_][A-Z])[A-Z]\d{2}(?:[ -]?[A-Z0-9]{1,4}){3,9}\b")
_VAT_PREFIXES = (
    "AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI|GB"
)
_VAT = re.compile(
    rf"(?:{one_of(_VAT_PREFIXES.split('|'))})(?<![^\W_]..) ?[0-9A-Z](?:[ .-]?[0-9A-Z]){{6,13}}\b"
)
# Letters as the numbers ISO 13616 gives them for the check: A=10 … Z=35.
_LETTER_VALUES = str.maketrans({chr(code): str(code - 55) for code in range(65, 91)})
# An IBAN as stdnum compacts it, when it is already compact: then its rules apply as is.
_PLAIN_IBAN = re.compile(r"[A-Z0-9]+")
# A VAT number whose cleaning by stdnum would change nothing.
_PLAIN_VAT = re.compile(r"[A-Z0-9][A-Z0-9 .-]*[A-Z0-9]")
# A BBAN structure in the IBAN registry's notation ("8!n10!n": 8 digits, then 10 digits).
_BBAN_FIELD = re.compile(r"([1-9][0-9]*)!([nac])")
_BBAN_CHARS = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Za-z0-9]"}


def longest_valid(value: str, is_valid: Callable[[str], bool], shortest: int) -> int:
    """Length of the longest prefix of ``value``, cut at a separator or the end, that passes."""
    cut = len(value)
    while cut >= shortest:
        if is_valid(value[:cut]):
            return cut
        cut = max(value.rfind(" ", 1, cut), value.rfind("-", 1, cut))  # -1: no shorter cut
    return 0


def iban_checksum(value: str) -> bool:
    """Whether the IBAN check digits agree (ISO 7064 mod 97-10): a few integer operations."""
    compact = value.replace(" ", "").replace("-", "")
    if not 15 <= len(compact) <= 34:
        return False
    try:
        return int((compact[4:] + compact[:4]).translate(_LETTER_VALUES)) % 97 == 1
    except ValueError:
        return False


def is_iban(value: str) -> bool:
    """python-stdnum's verdict on ``value``, at a fraction of its cost.

    ``iban.is_valid`` looks the country up in its registry copy and compiles the BBAN
    structure into a regex on every call, ten times the cost of the checksum; the same
    rules, from the same data, are fetched once per country here and applied in the same
    order: check digits, known country, BBAN structure, the national check if stdnum has
    one. Anything not already compact goes to stdnum itself.
    """
    if not iban_checksum(value):
        return False
    compact = value.replace(" ", "").replace("-", "")
    if not _PLAIN_IBAN.fullmatch(compact):
        return iban.is_valid(value)
    rules = _country_rules(compact[:2])
    if rules is None:
        return False
    bban, national = rules
    return bban.fullmatch(compact[4:]) is not None and (national is None or national(compact))


@cache
def _country_rules(country: str) -> tuple[re.Pattern[str], Callable[[str], bool] | None] | None:
    """The BBAN structure and national check of ``country``'s IBANs; ``None`` if unknown."""
    known = numdb.get("iban").info(country)[0][1]
    if not known:
        return None
    structure = _BBAN_FIELD.sub(
        lambda field: f"{_BBAN_CHARS[field.group(2)]}{{{field.group(1)}}}", known.get("bban", "")
    )
    module = get_cc_module(country, "iban")
    return re.compile(structure), module.is_valid if module is not None else None


class ChecksumConfig(DetectorConfig):
    pass


class IbanDetector(Detector[ChecksumConfig]):
    name = "iban"
    entity = Entity.IBAN
    config_model: ClassVar[type[DetectorConfig]] = ChecksumConfig
    score = 1.0

    def find(self, text: str) -> Iterator[Finding]:
        for match in _IBAN.finditer(text):
            length = longest_valid(match.group(), is_iban, 15)
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
            if _starts_iban(text, match.start()):
                continue  # "DE89 3704…" is the bank account, reported by the IBAN detector
            length = longest_valid(match.group(), _valid_vat, 8)
            if length:
                yield self.finding(match.start(), match.start() + length)


def _starts_iban(text: str, start: int) -> bool:
    """Whether an IBAN-shaped run with agreeing check digits starts at ``start``."""
    iban_like = _IBAN.match(text, start)
    return iban_like is not None and longest_valid(iban_like.group(), iban_checksum, 15) > 0


def _valid_vat(value: str) -> bool:
    """stdnum's verdict on a VAT number with its country prefix."""
    check = _vat_check(value[:2]) if _PLAIN_VAT.fullmatch(value) else None
    try:
        if check is not None:
            return check(value)
        # Since Brexit, stdnum's EU module knows only Northern Ireland's "XI" numbers.
        return gb_vat.is_valid(value) if value.startswith("GB") else vat.is_valid(value)
    except Exception:  # stdnum raises on a few country formats it half-parses
        return False


@cache
def _vat_check(prefix: str) -> Callable[[str], bool] | None:
    """The country check ``vat.is_valid`` hands a number with ``prefix`` to, called directly.

    ``vat.is_valid`` first cleans the number character by character, which changes nothing
    in what the regex finds (ASCII capitals, digits, spaces, dots, hyphens), then picks the
    module the same way: "EL" is Greece, "XI" Northern Ireland under the UK's rules.
    """
    if prefix == "GB":
        return gb_vat.is_valid
    country = {"EL": "gr", "XI": "gb"}.get(prefix, prefix.lower())
    module = get_cc_module(country, "vat") if country in vat.MEMBER_STATES else None
    return module.is_valid if module is not None else None
