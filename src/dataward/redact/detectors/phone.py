"""Phone numbers in international and national formats, validated by libphonenumber.

libphonenumber's own ``PhoneNumberMatcher`` walks the whole text, once per region; on
prose that is slow and most of the work is wasted on text without digits. A cheap regex
finds the few digit runs that could be numbers, and only those are parsed, once per
configured region until one says the number is valid. Bare digit runs without any
separator are ids far more often than numbers, so they need a cue word ("call", "tel").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import ClassVar

import phonenumbers
from pydantic import Field, field_validator

from dataward.redact.base import Cue, Detector, DetectorConfig
from dataward.redact.detectors.id_cues import id_cues
from dataward.redact.detectors.phone_rules import verdict
from dataward.redact.model import Entity, Finding

# The candidate regexes open with one character class, which the regex engine skips to
# quickly. After it, the lookbehinds reject a start inside a word or number ("#/.,+-"
# before it) and one inside a run of digit groups, such as an IBAN's; the negative
# lookahead rejects a date that no further digit follows ("14.03.2024"), which
# candidates() would drop anyway.
_CANDIDATE_AFTER_FIRST = (
    r"(?<![^\W_].)(?<![#/.,+-].)(?<!\d[ ./-]\d)"
    r"(?!(?<=\d)\d{0,3}[./-]\d{1,2}[./-]\d{1,4}(?![\d ()./-]*\d))"
    r"[\d ()./-]{5,22}\d(?![\w/-]|[.,]\d)"
)
# The opening class is tested at every character of the text, and "\d" (any Unicode
# digit) costs the regex engine a table lookup each time where "0-9" is one comparison,
# which makes the whole scan about a third faster. Texts with other digits ("٠٩١", "０９１"),
# which phonenumbers reads as well, are scanned with "\d". Without them, the lookahead
# rejects a short number (a year, a price) with the same plain comparisons.
_CANDIDATE = re.compile(rf"[+(0-9](?=[0-9 ()./-]{{6}}){_CANDIDATE_AFTER_FIRST}")
_CANDIDATE_ANY_DIGITS = re.compile(rf"[+(\d]{_CANDIDATE_AFTER_FIRST}")
_OTHER_DIGIT = re.compile(r"[^\x00-\x7f](?<=\d)")
# A dotted quad of octets ("81.2.69.142") is an IP address, whichever regions' numbers it
# could also spell.
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_DOTTED_QUAD = re.compile(rf"(?:{_OCTET}\.){{3}}{_OCTET}")
# A candidate is split where a spaced slash or a run of spaces separates two things.
_BREAK = re.compile(r"\s+/\s+| {2,}")
# What a candidate holds besides digits, to count the digits by deleting it.
_PUNCTUATION = str.maketrans("", "", "+ ()./-")
_DATE_OR_TIME = re.compile(r"^(\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}[:.]\d{2}([:.]\d{2})?)$")
# "call me on", "tel:": a word, then up to 12 characters that are no digits.
_PHONE_CUES = Cue(
    "call|phone|tel|telephone|mobile|cell|number|whatsapp|sms|text me|fax|reach me|ring|"
    "dial|nummer|telefon|handy|tél|portable|numéro|broj|mob|telefono|teléfono|"
    "móvil|cellulare|bellen",
    gap=r"[^\d]{0,12}\b",
)
# Besides the identifier words: codes and versions ("iban", "po", "model", "v").
_ID_CUES = id_cues("iban|vat|po|item|code|part|model|version|build|firmware|release|v")
DEFAULT_REGIONS = ["US", "GB", "DE", "FR", "HR", "IT", "ES", "NL"]


class PhoneConfig(DetectorConfig):
    # Regions whose national formats ("020 7946 0958") are read; "+…" works for all.
    regions: list[str] = Field(default_factory=lambda: list(DEFAULT_REGIONS))

    @field_validator("regions")
    @classmethod
    def _known_regions(cls, regions: list[str]) -> list[str]:
        supported = phonenumbers.SUPPORTED_REGIONS
        unknown = [region for region in regions if region.upper() not in supported]
        if unknown:
            raise ValueError(f"unknown phone regions {unknown}: use ISO 3166 codes like 'GB'")
        return [region.upper() for region in regions]


class PhoneDetector(Detector[PhoneConfig]):
    name = "phone"
    entity = Entity.PHONE
    config_model: ClassVar[type[DetectorConfig]] = PhoneConfig
    score = 0.75

    def find(self, text: str) -> Iterator[Finding]:
        for start, value in candidates(text):
            if _DOTTED_QUAD.fullmatch(value) or _ID_CUES.before(text, start):
                continue
            international = value.startswith(("+", "00"))
            if not international and value.isdigit() and not _PHONE_CUES.before(text, start):
                continue
            if is_valid(value, self.config.regions):
                yield self.finding(start, start + len(value), 0.9 if international else None)


def candidates(text: str) -> Iterator[tuple[int, str]]:
    """(offset, value) of each digit run that could be a phone number."""
    other_digits = not text.isascii() and _OTHER_DIGIT.search(text) is not None
    for match in (_CANDIDATE_ANY_DIGITS if other_digits else _CANDIDATE).finditer(text):
        offset, raw = match.start(), match.group()
        # Most candidates hold one number; splitting is a regex call, so it waits for a sign.
        parts = _BREAK.split(raw) if "  " in raw or " /" in raw else [raw]
        for part in parts:
            value = part.strip().rstrip(".-/(")
            while value.startswith("(") and value.count("(") > value.count(")"):
                value = value[1:]  # "((877) 607-1431)": the outer parenthesis is prose
            if not value:
                continue
            start = text.index(value, offset)
            offset = start + len(value)
            digits = len(value.translate(_PUNCTUATION))
            if 7 <= digits <= 15 and value.count("(") < 2 and not _DATE_OR_TIME.match(value):
                yield start, value


def parse_valid(value: str, regions: list[str]) -> phonenumbers.PhoneNumber | None:
    """The number ``value`` is in the first region where it is valid ("+…": any region)."""
    for region in _regions_to_try(value, regions):
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number
    return None


def is_valid(value: str, regions: list[str]) -> bool:
    """Whether :func:`parse_valid` finds a number, mostly without its parsing cost."""
    for region in _regions_to_try(value, regions):
        valid = verdict(value, region)
        if valid is None:
            valid = parse_valid(value, [region]) is not None
        if valid:
            return True
    return False


def _regions_to_try(value: str, regions: list[str]) -> list[str]:
    if value.startswith(("+", "00")):
        return regions[:1]  # the country code decides; the region only matters for "00"
    # A length check against the region's metadata rules out most regions for most
    # candidates, at a fraction of the cost of reading the number in each.
    digits = "".join(filter(str.isdigit, value))
    return [region for region in regions if _plausible(digits, region)]


@lru_cache(maxsize=256)
def _lengths(region: str) -> tuple[str, frozenset[int]]:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.general_desc is None:
        return "", frozenset(range(4, 18))
    return metadata.national_prefix or "", frozenset(metadata.general_desc.possible_length)


def _plausible(digits: str, region: str) -> bool:
    prefix, lengths = _lengths(region)
    if prefix and digits.startswith(prefix) and len(digits) - len(prefix) in lengths:
        return True
    return len(digits) in lengths
