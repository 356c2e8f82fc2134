"""libphonenumber's verdict on a written number, with each region's patterns compiled once.

``phonenumbers.is_valid_number(phonenumbers.parse(value, region))`` costs 15–60 µs a call,
most of it spent fetching compiled patterns from a cache and normalising digits one at a
time; on text dense with numbers that is most of a scan. For what the phone detector's
candidates are made of (ASCII digits, one leading "+", spaces, brackets, dots, slashes,
hyphens) :func:`verdict` takes the same steps as those two functions, in the same order
and on the same metadata, with the patterns compiled when a region is first used. For
anything else, and for the few paths it does not follow (a "+" before no known country
code, non-geographic numbers), it answers ``None`` and leaves the call to phonenumbers.
tests/redact/test_properties.py compares both on generated numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum, auto
from functools import cache

import phonenumbers
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata

# phonenumbers' own limits (phonenumberutil._MIN_LENGTH_FOR_NSN and _MAX_LENGTH_FOR_NSN).
_MIN_NSN, _MAX_NSN = 2, 17
_LONGEST_COUNTRY_CODE = 3
_NON_GEOGRAPHIC = "001"
_WRITTEN = re.compile(r"\(*(\+?[0-9][0-9 ()./-]*)")
_NOT_DIGITS = str.maketrans("", "", " ()./-+")


class Length(Enum):
    """phonenumbers.ValidationResult, as far as parsing looks at it."""

    POSSIBLE = auto()
    LOCAL_ONLY = auto()
    TOO_SHORT = auto()
    TOO_LONG = auto()
    INVALID = auto()


@dataclass(frozen=True)
class _Desc:
    """One PhoneNumberDesc: the lengths it allows and its national number pattern."""

    lengths: tuple[int, ...]
    pattern: re.Pattern[str] | None

    @classmethod
    def of(cls, desc: phonenumbers.PhoneNumberDesc | None) -> _Desc | None:
        if desc is None:
            return None
        source = desc.national_number_pattern
        return cls(tuple(desc.possible_length), re.compile(source) if source else None)

    def matches(self, number: str) -> bool:
        """phonenumberutil._is_number_matching_desc."""
        if self.lengths and len(number) not in self.lengths:
            return False
        return self.pattern is not None and self.pattern.fullmatch(number) is not None


@dataclass(frozen=True)
class Region:
    """A region's metadata, compiled for the checks parsing and validation make."""

    code: str
    country_code: int
    international_prefix: re.Pattern[str]
    national_prefix: re.Pattern[str] | None
    transform_rule: str | None
    leading_digits: re.Pattern[str] | None
    general: _Desc
    local_lengths: tuple[int, ...]
    # Fixed line, then mobile unless its pattern is the fixed line's, then premium rate, toll
    # free, shared cost, VoIP, personal, pager, UAN, voicemail: any one makes a number valid,
    # and the common kinds come first.
    types: tuple[_Desc, ...]

    def general_match(self, number: str) -> bool:
        """phonenumberutil._match_national_number(number, general_desc, False)."""
        pattern = self.general.pattern
        return pattern is not None and pattern.fullmatch(number) is not None

    def known_type(self, nsn: str) -> bool:
        """phonenumberutil._number_type_helper(nsn, metadata) != UNKNOWN."""
        return self.general.matches(nsn) and any(desc.matches(nsn) for desc in self.types)

    def length(self, number: str) -> Length:
        """phonenumberutil._test_number_length(number, metadata) for an unknown type."""
        lengths, actual = self.general.lengths, len(number)
        if actual in self.local_lengths:
            return Length.LOCAL_ONLY
        if lengths[0] == actual:
            return Length.POSSIBLE
        if lengths[0] > actual:
            return Length.TOO_SHORT
        if lengths[-1] < actual:
            return Length.TOO_LONG
        return Length.POSSIBLE if actual in lengths[1:] else Length.INVALID

    def strip_national_prefix(self, number: str) -> str | None:
        """phonenumberutil._maybe_strip_national_prefix_carrier_code's number."""
        if not number or self.national_prefix is None:
            return number
        match = self.national_prefix.match(number)
        if match is None:
            return number
        viable = self.general_match(number)
        groups = match.groups()
        if self.transform_rule and not groups:
            return None  # phonenumbers would fail on this metadata; let it
        if not self.transform_rule or groups[-1] is None:
            rest = number[match.end() :]
        else:
            rest = self.national_prefix.sub(self.transform_rule, number, count=1)
        return number if viable and not self.general_match(rest) else rest


@cache
def region(code: str) -> Region | None:
    """The compiled metadata of ``code``; built once, since metadata never changes."""
    metadata = PhoneMetadata.metadata_for_region(code.upper(), None)
    if metadata is None or metadata.general_desc is None or metadata.country_code is None:
        return None
    general = _Desc.of(metadata.general_desc)
    assert general is not None
    kinds = ["fixed_line", "mobile", "premium_rate", "toll_free", "shared_cost", "voip",
             "personal_number", "pager", "uan", "voicemail"]  # fmt: skip
    if metadata.same_mobile_and_fixed_line_pattern:
        kinds.remove("mobile")  # phonenumbers then reads the fixed line pattern only
    descs = [_Desc.of(getattr(metadata, kind)) for kind in kinds]
    return Region(
        code=code,
        country_code=metadata.country_code,
        international_prefix=re.compile(metadata.international_prefix or "NonMatch"),
        national_prefix=(
            re.compile(metadata.national_prefix_for_parsing)
            if metadata.national_prefix_for_parsing
            else None
        ),
        transform_rule=metadata.national_prefix_transform_rule,
        leading_digits=re.compile(metadata.leading_digits) if metadata.leading_digits else None,
        general=general,
        local_lengths=tuple(metadata.general_desc.possible_length_local_only),
        types=tuple(desc for desc in descs if desc is not None),
    )


def verdict(value: str, region_code: str) -> bool | None:
    """Whether phonenumbers finds ``value`` a valid number when read in ``region_code``.

    ``None``: this function does not follow phonenumbers there; ask phonenumbers.
    """
    written = _WRITTEN.fullmatch(value) if value.isascii() else None
    home = region(region_code)
    if written is None or home is None:
        return None
    number = written.group(1)
    digits = number.translate(_NOT_DIGITS)
    if len(digits) < 3:
        return None  # phonenumbers' "viable number" rule has its own cases here
    parsed = _country_code(number, digits, home)
    if parsed is None:
        return None
    country_code, nsn = parsed
    if country_code < 0:
        return False
    metadata = home
    if country_code:
        main = COUNTRY_CODE_TO_REGION_CODE[country_code][0]
        if main == _NON_GEOGRAPHIC:
            return None
        if main != region_code:
            metadata = region(main)  # type: ignore[assignment]
            if metadata is None:
                return None
    else:
        country_code, nsn = home.country_code, digits
    if len(nsn) < _MIN_NSN:
        return False
    stripped = metadata.strip_national_prefix(nsn)
    if stripped is None:
        return None
    if metadata.length(stripped) not in (Length.TOO_SHORT, Length.LOCAL_ONLY, Length.INVALID):
        nsn = stripped
    if not _MIN_NSN <= len(nsn) <= _MAX_NSN:
        return False
    return _valid(country_code, nsn)


def _country_code(number: str, digits: str, home: Region) -> tuple[int, str] | None:
    """phonenumberutil._maybe_extract_country_code: (code, national number), or (0, "")
    when the number is national, (-1, "") when parsing fails, None when unsure."""
    if number.startswith("+"):
        international = digits
    else:
        match = home.international_prefix.match(digits)
        rest = digits[match.end() :] if match is not None else ""
        if match is None or rest[:1] == "0":
            return _national_with_country_code(digits, home)
        international = rest
    if len(international) <= _MIN_NSN:
        return -1, ""
    if international[:1] != "0":
        for size in range(1, min(len(international), _LONGEST_COUNTRY_CODE) + 1):
            code = int(international[:size])
            if code in COUNTRY_CODE_TO_REGION_CODE:
                return code, international[size:]
    # After a "+", phonenumbers tries again without it; that path is left to it.
    return None if number.startswith("+") else (-1, "")


def _national_with_country_code(digits: str, home: Region) -> tuple[int, str] | None:
    """The region's own country code written without "+" ("44 20 7946 0958" in GB)."""
    code = str(home.country_code)
    if digits.startswith(code):
        potential = home.strip_national_prefix(digits[len(code) :])
        if potential is None:
            return None
        if (not home.general_match(digits) and home.general_match(potential)) or (
            home.length(digits) is Length.TOO_LONG
        ):
            return home.country_code, potential
    return 0, ""


def _valid(country_code: int, nsn: str) -> bool | None:
    """phonenumbers.is_valid_number for a parsed number."""
    regions = COUNTRY_CODE_TO_REGION_CODE.get(country_code)
    if regions is None:
        return False
    chosen: str | None = regions[0] if len(regions) == 1 else None
    if chosen is None:
        for code in regions:
            candidate = region(code)
            if candidate is None:
                continue
            if candidate.leading_digits is not None:
                if candidate.leading_digits.match(nsn):
                    chosen = code
                    break
            elif candidate.known_type(nsn):
                chosen = code
                break
    if chosen is None:
        return False
    if chosen == _NON_GEOGRAPHIC:
        return None
    metadata = region(chosen)
    if metadata is None or metadata.country_code != country_code:
        return False
    return metadata.known_type(nsn)
