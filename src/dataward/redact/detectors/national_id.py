"""National identification numbers with check digits (python-stdnum validates each).

Formats that are distinctive on their own (Spanish DNI/NIE, Italian codice fiscale, French
NIR) are found anywhere. Plain digit runs (Dutch BSN, Croatian OIB, German tax id, US SSN)
pass their checksum by chance far too often, so they need their cue word nearby.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from pydantic import Field, field_validator
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.hr import oib
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.us import ssn

from dataward.redact.base import Detector, DetectorConfig, has_cue, starts_word
from dataward.redact.model import Entity, Finding


def _nino(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    return compact[:2] not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


@dataclass(frozen=True)
class IdFormat:
    pattern: re.Pattern[str]
    is_valid: Callable[[str], bool]
    cue: re.Pattern[str] | None  # None: the format alone is convincing


_CUE_WORDS: list[str] = []


def _cue(words: str) -> re.Pattern[str]:
    _CUE_WORDS.append(words)
    return re.compile(rf"\b({words})\b[^\d]{{0,25}}$")


FORMATS: dict[str, IdFormat] = {
    "es_dni": IdFormat(re.compile(r"\d{8}-?[A-Z]\b"), dni.is_valid, None),
    "es_nie": IdFormat(re.compile(r"[XYZ]-?\d{7}-?[A-Z]\b"), nie.is_valid, None),
    "it_codice_fiscale": IdFormat(
        re.compile(r"[A-Z]{6}\d{2}[A-EHLMPRST]\d{2}[A-Z]\d{3}[A-Z]\b"),
        codicefiscale.is_valid,
        None,
    ),
    "fr_nir": IdFormat(
        re.compile(r"[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}\b"),
        nir.is_valid,
        None,
    ),
    "gb_nino": IdFormat(
        re.compile(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"),
        _nino,
        _cue("ni|nino|national insurance|insurance number"),
    ),
    "us_ssn": IdFormat(
        re.compile(r"\d{3}-\d{2}-\d{4}\b"), ssn.is_valid, _cue("ssn|social security")
    ),
    "nl_bsn": IdFormat(re.compile(r"\d{9}\b"), bsn.is_valid, _cue("bsn|burgerservicenummer")),
    "hr_oib": IdFormat(re.compile(r"\d{11}\b"), oib.is_valid, _cue("oib")),
    "de_idnr": IdFormat(
        re.compile(r"\d{2} ?\d{3} ?\d{3} ?\d{3}\b"),
        idnr.is_valid,
        _cue("steuer-?id|steuerliche identifikationsnummer|idnr|tax id"),
    ),
}


_ANY_CUE = re.compile(r"\b(?:" + "|".join(_CUE_WORDS) + r")\b")


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

    def find(self, text: str) -> Iterator[Finding]:
        # One pass for all cue words decides whether the cue-only formats are worth a scan.
        cued = _ANY_CUE.search(text.lower()) is not None
        for key in self.config.formats:
            form = FORMATS[key]
            if form.cue is not None and not cued:
                continue
            for match in form.pattern.finditer(text):
                if not starts_word(text, match.start()):
                    continue
                if form.cue is not None and not has_cue(form.cue, text, match.start()):
                    continue
                if _safe(form.is_valid, match.group()):
                    yield self.finding(match.start(), match.end())


def _safe(is_valid: Callable[[str], bool], value: str) -> bool:
    try:
        return is_valid(value)
    except Exception:  # a validator that half-parses an odd value must not stop the scan
        return False
