"""Which jurisdiction of the table a requester's country falls under.

Countries are ISO 3166-1 alpha-2 codes (``HR``, ``BR``), optionally with a subdivision
(``US-CA``). EU member states and the other EEA states answer to the GDPR entry; a
country the table does not list is valid but has no entry: the company default applies.
"""

from __future__ import annotations

import re

import phonenumbers

from dataward.requests.errors import RequestInputError

# EU-27 plus the EEA states (Iceland, Liechtenstein, Norway) that apply the GDPR.
# fmt: off
EEA = frozenset({
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
})
# fmt: on
_SHAPE = re.compile(r"([A-Z]{2})(?:-([A-Z0-9]{1,3}))?")
# libphonenumber's regions are the ISO 3166-1 alpha-2 codes in use (plus XK, Kosovo).
KNOWN_COUNTRIES = frozenset(phonenumbers.SUPPORTED_REGIONS) | {"EU"}


def normalise_country(raw: str, field: str = "country") -> str:
    """``" hr "`` → ``"HR"``; ``"us-ca"`` → ``"US-CA"``; unknown codes are input errors."""
    text = raw.strip().upper()
    match = _SHAPE.fullmatch(text)
    if match is None:
        raise RequestInputError(
            field, f"{raw!r} is not an ISO 3166 country code such as HR or US-CA"
        )
    if match.group(1) not in KNOWN_COUNTRIES:
        raise RequestInputError(field, f"unknown country {match.group(1)!r}")
    return text


def jurisdiction_code(country: str) -> str:
    """The table code for a normalised country: ``HR`` → ``EU``, ``US-CA`` stays."""
    base = country.split("-")[0]
    if base in EEA or country == "EU":
        return "EU"
    return country
