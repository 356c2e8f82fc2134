"""Dates of birth: a real calendar date, and a birth cue just before it.

Most dates in tickets are order, delivery or meeting dates; flagging them all (as
pattern-only detectors do) buries the few that identify a person. A date counts only
when "born", "DOB", "date of birth", "geb.", "né le"… stands within a few words before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import ClassVar

from dataward.redact.base import Cue, Detector, DetectorConfig, one_of, starts_word
from dataward.redact.model import Entity, Finding

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "jan january januar janvier gennaio enero januari siječanj",
            "feb february februar février febbraio febrero februari veljača",
            "mar march märz mars marzo maart ožujak",
            "apr april avril aprile abril travanj",
            "may mai maggio mayo mei svibanj",
            "jun june juni juin giugno junio lipanj",
            "jul july juli juillet luglio julio srpanj",
            "aug august août agosto augustus kolovoz",
            "sep sept september septembre settembre septiembre rujan",
            "oct october oktober octobre ottobre octubre listopad",
            "nov november novembre noviembre studeni",
            "dec december dezember décembre dicembre diciembre prosinac",
        ],
        start=1,
    )
    for name in names.split()
}
_MONTH = r"(?P<mon>[^\W\d_]{3,10})\.?"
_DATE = re.compile(
    r"\b(?:"
    r"(?P<y1>(?:19|20)\d{2})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2})"  # 1985-03-14
    r"|(?P<a>\d{1,2})[./-](?P<b>\d{1,2})[./-](?P<y2>(?:19|20)?\d{2})"  # 14.03.1985, 3/14/85
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th|\.)?(?: of)? {_MONTH},? (?P<y3>(?:19|20)\d{{2}})"
    rf"|{_MONTH.replace('mon', 'mon2')} (?P<d4>\d{{1,2}})(?:st|nd|rd|th)?,? "
    r"(?P<y4>(?:19|20)\d{2})"
    r")\b"
)
# In the order the regexes try them: where two fit, the first counts ("d.o.b." not "d.o.b").
_CUE_WORDS = (
    "born|b.|dob|d.o.b.|d.o.b|date of birth|birth date|birthdate|birthday|geb.|geboren|"
    "geburtsdatum|né|née|date de naissance|fecha de nacimiento|nacido|nacida|datum rođenja|"
    "rođena|rođen|geboortedatum|geboren op|data di nascita|nato|nata"
)
# Up to 20 characters to the date, not across a sentence end ("born. Meeting on …"): read
# backwards from the date, no ".", "!", "?" or line break, except a dot that no space and
# letter follow ("b. 14.03.1985"); then the cue word, which no letter follows.
_GAP = 20
_CUES = Cue(_CUE_WORDS, gap=rf"(?:[^.!?\n]|(?<![^\W\d] )\.){{0,{_GAP}}}(?<!\w)", width=45)
# The cue words alone, to find where dates may follow; without a leading \b the regex
# opens with plain letters, which the regex engine skips to quickly: on most texts, which
# hold no cue, this one scan is all the detector does.
_CUE = re.compile(rf"(?:{one_of(_CUE_WORDS.split('|'))})(?!\w)")
# Longer than any date _DATE matches ("30th of September, 1985").
_LONGEST_DATE = 40


class BirthConfig(DetectorConfig):
    # Day-first (14/03/1985) unless the text is known to be US-style (03/14/1985).
    day_first: bool = True


class DateOfBirthDetector(Detector[BirthConfig]):
    name = "date_of_birth"
    entity = Entity.DATE_OF_BIRTH
    config_model: ClassVar[type[DetectorConfig]] = BirthConfig
    score = 0.85

    def find(self, text: str) -> Iterator[Finding]:
        taken = 0
        for match in _dates_after_cues(text, text.lower()):
            if match.start() < taken:
                continue  # found again after a second cue
            born = _to_date(match, self.config.day_first)
            if born is None or not 1900 <= born.year <= date.today().year:
                continue
            if _CUES.before(text, match.start()):
                taken = match.end()
                yield self.finding(match.start(), match.end())


def _dates_after_cues(text: str, lowered: str) -> Iterator[re.Match[str]]:
    """Dates that start within the gap after a cue word, in order.

    Only the short stretch after each cue is searched: the date regex opens with a
    boundary, not a character, so a search over the whole text would try every position.
    """
    for cue in _CUE.finditer(lowered):
        if not starts_word(lowered, cue.start(), "_"):
            continue
        stretch = min(len(text), cue.end() + _GAP + _LONGEST_DATE)
        for match in _DATE.finditer(text, cue.end(), stretch):
            if match.start() > cue.end() + _GAP:
                break
            # The stretch may end inside a date ("14.03.19|85"): read it again in full.
            whole = _DATE.match(text, match.start())
            if whole is not None:
                yield whole


def _to_date(match: re.Match[str], day_first: bool) -> date | None:
    parts = match.groupdict()
    try:
        if parts["y1"]:
            return date(int(parts["y1"]), int(parts["m1"]), int(parts["d1"]))
        if parts["y2"]:
            year = int(parts["y2"])
            year += 1900 if year >= 30 and year < 100 else 2000 if year < 30 else 0
            first, second = int(parts["a"]), int(parts["b"])
            day, month = (first, second) if day_first else (second, first)
            if month > 12 >= day:  # 03/14/1985 is unambiguous whatever the convention
                day, month = month, day
            return date(year, month, day)
        named = _MONTHS.get((parts["mon"] or parts["mon2"] or "").lower())
        if named is None:
            return None
        return date(int(parts["y3"] or parts["y4"]), named, int(parts["d3"] or parts["d4"]))
    except ValueError:
        return None
