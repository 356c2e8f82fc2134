"""National identification numbers with check digits (python-stdnum validates each).

Formats that are distinctive on their own (Spanish DNI/NIE, Italian codice fiscale, French
NIR) are found anywhere. Plain digit runs (Dutch BSN, Croatian OIB, German tax id, US SSN)
pass their checksum by chance far too often, so they need their cue word nearby.

All configured formats are found in one pass over the text: a scan per format would cost
as much each, and most texts hold none of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from pydantic import Field, field_validator
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.hr import oib
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.us import ssn

from dataward.redact.base import Cue, Detector, DetectorConfig
from dataward.redact.model import Entity, Finding


def _nino(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    return compact[:2] not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


@dataclass(frozen=True)
class IdFormat:
    """A number written as ``first`` (one character class) followed by ``rest``.

    Both name ASCII digits as ``[0-9]``, not ``\\d``: the scan is faster with a plain set,
    and stdnum accepts no other digits anyway.
    """

    first: str
    rest: str
    is_valid: Callable[[str], bool]
    # Words of which one must stand just before the number; none: the format alone is
    # convincing.
    cues: tuple[str, ...] = ()
    pattern: re.Pattern[str] = field(init=False)
    cue: Cue | None = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", re.compile(rf"{self.first}{self.rest}\b"))
        # "BSN: ", "social security number is ": a word, then up to 25 non-digits.
        cue = Cue("|".join(self.cues), gap=r"[^\d]{0,25}\b") if self.cues else None
        object.__setattr__(self, "cue", cue)


FORMATS: dict[str, IdFormat] = {
    "es_dni": IdFormat(r"[0-9]", r"[0-9]{7}-?[A-Z]", dni.is_valid),
    "es_nie": IdFormat(r"[XYZ]", r"-?[0-9]{7}-?[A-Z]", nie.is_valid),
    "it_codice_fiscale": IdFormat(
        r"[A-Z]", r"[A-Z]{5}[0-9]{2}[A-EHLMPRST][0-9]{2}[A-Z][0-9]{3}[A-Z]", codicefiscale.is_valid
    ),
    "fr_nir": IdFormat(
        r"[12]",
        r" ?[0-9]{2} ?[0-9]{2} ?(?:[0-9]{2}|2[AB]) ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}",
        nir.is_valid,
    ),
    "gb_nino": IdFormat(
        r"[A-CEGHJ-PR-TW-Z]",
        r"[A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]",
        _nino,
        ("ni", "nino", "national insurance", "insurance number"),
    ),
    "us_ssn": IdFormat(
        r"[0-9]", r"[0-9]{2}-[0-9]{2}-[0-9]{4}", ssn.is_valid, ("ssn", "social security")
    ),
    "nl_bsn": IdFormat(r"[0-9]", r"[0-9]{8}", bsn.is_valid, ("bsn", "burgerservicenummer")),
    "hr_oib": IdFormat(r"[0-9]", r"[0-9]{10}", oib.is_valid, ("oib",)),
    "de_idnr": IdFormat(
        r"[0-9]",
        r"[0-9] ?[0-9]{3} ?[0-9]{3} ?[0-9]{3}",
        idnr.is_valid,
        ("steuer-id", "steuerid", "steuerliche identifikationsnummer", "idnr", "tax id"),
    ),
}


# Characters every format has after its first one ("12345678Z": eight); the scanner's
# lookahead checks that many before it tries the formats one by one.
_SHORTEST_REST = 8


def scanner(keys: Sequence[str]) -> re.Pattern[str]:
    """One regex for the formats ``keys``, opening with the union of their first characters.

    Opening with one character class lets the regex engine skip quickly to where a number
    could start. The lookahead after it rejects a capitalised word, a year or a price with
    plain comparisons (every format goes on for at least eight more ASCII capitals, digits,
    spaces or hyphens), the lookbehind a start inside a word. The formats are grouped by
    first character, which a lookbehind checks once per group.
    """
    groups: dict[str, list[str]] = {}
    for key in keys:
        groups.setdefault(FORMATS[key].first, []).append(FORMATS[key].rest)
    firsts = "".join(sorted({first.strip("[]") for first in groups}))
    shapes = "|".join(f"(?<={first})(?:{'|'.join(rests)})" for first, rests in groups.items())
    return re.compile(rf"[{firsts}](?=[0-9A-Z -]{{{_SHORTEST_REST}}})(?<![^\W_].)(?:{shapes})\b")


class NationalIdConfig(DetectorConfig):
    formats: list[str] = Field(default_factory=lambda: list(FORMATS))

    @field_validator("formats")
    @classmethod
    def _known_formats(cls, formats: list[str]) -> list[str]:
        unknown = sorted(set(formats) - set(FORMATS))
        if unknown:
            raise ValueError(f"unknown national id formats {unknown}; known: {sorted(FORMATS)}")
        return formats


class NationalIdDetector(Detector[NationalIdConfig]):
    name = "national_id"
    entity = Entity.NATIONAL_ID
    config_model: ClassVar[type[DetectorConfig]] = NationalIdConfig
    score = 0.85

    def __init__(self, config: NationalIdConfig | None = None) -> None:
        super().__init__(config)
        self._formats = [FORMATS[key] for key in self.config.formats]
        self._scanner = scanner(self.config.formats) if self._formats else None

    def find(self, text: str) -> Iterator[Finding]:
        if self._scanner is None:
            return
        for match in self._scanner.finditer(text):
            value = match.group()
            # Shapes overlap (an 11-digit run is an OIB or a German tax id), so every
            # format the value fits gets its turn.
            for form in self._formats:
                if not form.pattern.fullmatch(value):
                    continue
                if form.cue is not None and not form.cue.before(text, match.start()):
                    continue
                if _safe(form.is_valid, value):
                    yield self.finding(match.start(), match.end())
                    break


def _safe(is_valid: Callable[[str], bool], value: str) -> bool:
    try:
        return is_valid(value)
    except Exception:  # a validator that half-parses an odd value must not stop the scan
        return False
