"""Payment card numbers: Luhn plus the issuers' current prefix ranges and lengths.

Luhn alone passes one random digit string in ten, so the brand table carries most of the
precision: a 16-digit order number starting with 9 is never a card. Ids that happen to
fit a brand are caught by the cue words before them ("order", "tracking", …).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from stdnum import luhn

from dataward.redact.base import Detector, DetectorConfig
from dataward.redact.detectors.id_cues import id_cues
from dataward.redact.model import Entity, Finding

# (brand, lowest prefix, highest prefix, allowed lengths); prefixes compare as integers of
# the same number of digits, so "2221"–"2720" is Mastercard's 2-series.
BRANDS: tuple[tuple[str, str, str, frozenset[int]], ...] = (
    ("visa", "4", "4", frozenset({13, 16, 19})),
    ("mastercard", "51", "55", frozenset({16})),
    ("mastercard", "2221", "2720", frozenset({16})),
    ("amex", "34", "34", frozenset({15})),
    ("amex", "37", "37", frozenset({15})),
    ("diners", "300", "305", frozenset({14, 16, 17, 18, 19})),
    ("diners", "36", "36", frozenset({14, 15, 16, 17, 18, 19})),
    ("diners", "38", "39", frozenset({16, 17, 18, 19})),
    ("discover", "6011", "6011", frozenset({16, 17, 18, 19})),
    ("discover", "644", "649", frozenset({16, 17, 18, 19})),
    ("discover", "65", "65", frozenset({16, 17, 18, 19})),
    ("jcb", "3528", "3589", frozenset({16, 17, 18, 19})),
    ("unionpay", "62", "62", frozenset({16, 17, 18, 19})),
    ("maestro", "50", "50", frozenset(range(12, 20))),
    ("maestro", "56", "58", frozenset(range(12, 20))),
    ("maestro", "6304", "6304", frozenset(range(12, 20))),
    ("maestro", "67", "67", frozenset(range(12, 20))),
    ("mir", "2200", "2204", frozenset({16, 17, 18, 19})),
    ("rupay", "60", "60", frozenset({16})),
    ("troy", "9792", "9792", frozenset({16})),
)

# 12–19 ASCII digits (the only ones Luhn reads), optionally in groups split by single
# spaces or hyphens. The regex opens with a plain character class, which the regex engine
# skips to quickly. The lookahead after it rejects at once the many shorter numbers (a
# year, a price), and the lookbehinds a start inside a word, a number ("./,-" before it)
# or a run of digit groups such as an IBAN's.
_CANDIDATE = re.compile(
    r"[0-9](?=[0-9 -]{11})(?<![^\W_][0-9])(?<![.,/-][0-9])(?<![0-9][ -][0-9])"
    r"(?:[ -]?[0-9]){11,18}(?![\w/-]|[.,]\d)"
)
_ID_CUES = id_cues()


# The table by first digit, so a candidate is compared with a few rows, not all of them.
_BY_FIRST_DIGIT = {
    digit: [row for row in BRANDS if row[1][0] <= digit <= row[2][0]] for digit in "0123456789"
}


def brand(digits: str) -> str | None:
    """The card brand whose range and length fit ``digits``, if any."""
    for name, low, high, lengths in _BY_FIRST_DIGIT.get(digits[:1], ()):
        if len(digits) in lengths and low <= digits[: len(low)] <= high:
            return name
    return None


class CardConfig(DetectorConfig):
    pass


class CardNumberDetector(Detector[CardConfig]):
    name = "card_number"
    entity = Entity.CARD_NUMBER
    config_model: ClassVar[type[DetectorConfig]] = CardConfig
    score = 0.95

    def find(self, text: str) -> Iterator[Finding]:
        for match in _CANDIDATE.finditer(text):
            raw = match.group()
            if not _even_groups(raw):
                continue
            digits = raw.replace(" ", "").replace("-", "")
            if len(set(digits)) == 1 or brand(digits) is None or not luhn.is_valid(digits):
                continue
            if _ID_CUES.before(text, match.start()):
                continue
            yield self.finding(match.start(), match.end())


def _even_groups(raw: str) -> bool:
    """One separator kind, groups of 3+ digits: "4111 1111 1111 1111", not "41 1-11 11"."""
    if " " in raw and "-" in raw:
        return False
    groups = raw.replace("-", " ").split(" ")
    return all(len(group) >= 3 for group in groups[:-1]) and len(groups[-1]) >= 1
