"""Postal addresses: street-and-number patterns for a few locales, with postcode and city.

An address is a street with a house number, written the local way ("12 Baker Street",
"Hauptstraße 5", "Via Roma, 12", "8, rue de la Paix", "Ulica kralja Zvonimira 5"), and
optionally the postcode and city after it. A street without any street word ("Ilica 12")
counts only when a postcode and city follow, since "Chapter 12" looks the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from dataward.redact.base import Detector, DetectorConfig, one_of, starts_word
from dataward.redact.model import Entity, Finding

_L = r"[^\W\d_]"
_CAP = rf"[A-ZÀ-ÞČĆŠŽĐ]{_L}*(?:[-'’.]{_L}+)*\.?"
_LOW = r"(?:de|del|della|dei|di|da|la|le|les|du|des|van|von|der|den|het|am|an|y|kralja|bana)"
_WORDS = rf"(?:{_CAP}|{_LOW})(?: (?:{_CAP}|{_LOW})){{0,4}}"
# After the first digit. Whatever follows a house number in the regexes below starts with
# a non-digit, so digits given back never help a match: the possessive "{0,4}+" keeps the
# regex engine from trying them all again at each of the many numbers that are no address.
_NUM_REST = r"\d{0,4}+[a-zA-Z]?(?: ?[/-] ?\d{1,4}+[a-zA-Z]?)?"
_NUM = rf"\d{_NUM_REST}"
_EN_SUFFIX = (
    r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Way|"
    r"Terrace|Circles?|Parkway|Pkwy|Square|Sq|Highway|Hwy|Plaza|Trail|Crescent|Close|Grove|"
    r"Gardens|Row|Mews|Hill|Park|Walk|Green|Rise|Ports?|Skyway|Light|Village|Heights|Ridge|"
    r"Crossing|Point|Loop|Path|Pike|Views?|Vista|Meadows?|Springs?|Stravenue|Estates?|Falls|"
    r"Fields?|Forge|Glen|Harbou?r|Haven|Junction|Knolls?|Lakes?|Landing|Manor|Mills?|Mount|"
    r"Orchard|Oval|Pass|Pines|Prairie|Ranch|Route|Shores?|Station|Summit|Trace|Turnpike|"
    r"Valley|Ville|Wells?|Expressway|Freeway|Ford|Cove|Creek|Dale|Bypass|Canyon|Causeway|"
    r"Cent(?:er|re)|Cliffs?|Common|Corners?|Bluffs?|Bridge|Brook|Alley|Bend|Gateway|Isle|Keys?"
)
_UNIT = r"(?:Apt\.?|Suite|Unit|Flat|Ste\.?|Piso|Appartamento|Piano|Stan|Wohnung|#) ?\w+"
# Street words, as plain text (one_of() makes them regexes).
_GLUED = (
    "straße|strasse|str.|weg|gasse|platz|allee|ring|damm|ufer|steig|pfad|chaussee|markt|"
    "straat|laan|singel|gracht|kade|plein|dijk|dreef|steeg|baan|boulevard|hof|park"
)
_HR = (
    "ulica|trg|cesta|put|obala|šetalište|prilaz|odvojak|ogranak|naselje|perivoj|prečac|dol|"
    "vijenac|breg|brijeg|gaj|klanac|stube|prolaz|uspon|zavoj"
)
_PREFIX = (
    "Via|Viale|Piazza|Piazzale|Corso|Largo|Vicolo|Strada|Rotonda|Stretto|Contrada|Borgo|"
    "Calle|C/|Avenida|Avda.|Plaza|Paseo|Camino|Ronda|Carrera|Travesía|Callejón|Cuesta|"
    "Acceso|Vial|Cañada|Urbanización|Pasaje|Rambla|Glorieta|Alameda|Carrer|Avinguda|"
    "Ulica|Trg|Put|Cesta|Obala"
)
_FR = "rue|avenue|av.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|square|passage"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"
# City words are capitalised, not all-caps and never end in a period: "Zagreb. VAT" stops.
_CITY_WORD = rf"[A-ZÀ-ÞČĆŠŽĐ][^\W\d_A-Z]+(?:-{_L}+)*"
_CITY = (
    rf"{_CITY_WORD}(?:[ -](?:{_CITY_WORD}|{_LOW}|sur|en|am|an|im|bei)){{0,3}}(?: \([A-Z]{{2}}\))?"
)
_TAIL = (
    rf"(?:,? {_UNIT})?,? (?:"
    rf"(?:\d{{4,5}}|\d{{4}} ?[A-Z]{{2}}),? {_CITY}"  # 10115 Berlin, 1017 GC Amsterdam
    rf"|{_CITY},? (?:[A-Z]{{2}} )?(?:\d{{5}}(?:-\d{{4}})?|{_UK_POSTCODE})\b"  # Austin, TX 78701
    r")"
)
# Streets written number first ("12 Baker Street", "8, rue de la Paix"). The regex opens
# with an ASCII digit (a plain set, which the regex engine skips to quickly); the
# lookbehind rejects a start inside a word or number, the lookahead a number that no word
# follows.
_EN_STRICT_TAIL = rf", {_CITY}(?:, [A-Z]{{2}} \d{{5}}(?:-\d{{4}})?| {_UK_POSTCODE})\b"
_FR_CASED = [cased for word in _FR.split("|") for cased in (word, word.capitalize())]
_NUM_FIRST = re.compile(
    rf"[0-9](?<![^\W_][0-9]){_NUM_REST}(?=,? [^\W\d_])"
    rf"(?:,? (?:(?:{_CAP} ){{1,4}}(?:{_EN_SUFFIX})\b\.?(?: {_UNIT})?"
    rf"|(?:{one_of(_FR_CASED)}) {_WORDS})(?:{_TAIL})?"
    # Number first without a street word ("717 Montoya Stream Suite 531, East Kaitlyn, CO
    # 89495"): only with a US state and ZIP or a UK postcode after it.
    rf"| (?:{_CAP} ){{0,3}}{_CAP}(?:,? {_UNIT})?{_EN_STRICT_TAIL})"
)
# A flat before the street ("Flat 3, Bradley Shoal, …") or a French street without number.
# Each alternative opens with its word, so the regex opens with a character class (fast to
# skip to); the start of a word is checked after. The regex runs only on texts with a flat
# word or a ", 75002 "-like postcode: literal searches, cheaper than the regex.
_FLATS = ("Flat", "Studio", "Apartment", "Unit")
_WORD_FIRST = re.compile(
    "|".join(
        [rf"{flat} \d+[A-Z]?, (?:{_CAP} ){{0,3}}{_CAP}{_EN_STRICT_TAIL}" for flat in _FLATS]
        + [rf"{re.escape(street)} {_WORDS}, \d{{5}} {_CITY}" for street in _FR_CASED]
    )
)
_FLAT_STEMS = tuple(f"{flat} " for flat in _FLATS)
_POSTCODE_AFTER_COMMA = re.compile(r", \d{5} ")
# Streets written number last ("Hauptstraße 5", "Via Roma, 12"): each house number after a
# word and a space (or comma and space) is an anchor, and the street words are matched
# backwards from it in a short window. The regex opens with that space: a literal, which
# the regex engine finds far faster than any character class.
_HOUSE = re.compile(r" (?=\d)(?:(?<=[^\W\d_] )|(?<=\. )|(?<=[^\W\d_], )|(?<=\., ))")
_GLUED_WORDS = tuple(_GLUED.split("|"))
_KEYWORD_STREET = re.compile(
    rf"(?<!\w)(?:{_CAP}(?i:{one_of(_GLUED_WORDS)})"
    rf"|(?:{_CAP} )?(?:{_CAP} )?(?i:{one_of(_HR.split('|'))})(?: {_WORDS})?"
    rf"|(?:{one_of(_PREFIX.split('|'))}) {_WORDS})$"
)
# A street without a street word needs a full postcode: "Windows 10, 2024 Edition" is none.
_PLAIN_STREET = re.compile(rf"(?<!\w){_WORDS}$")
_OTHER_WORDS = frozenset(word.lower() for word in f"{_HR}|{_PREFIX}".split("|"))
# Words a street name may end with that are not capitalised ("… ulica", "… de").
_LOWER_ENDINGS = frozenset(f"{_LOW[3:-1]}|{_HR}".split("|"))
_LAST_LETTERS = re.compile(r"[^\W\d_]+\Z")
_TOKEN = re.compile(r"\S+")
_QUOTES_AND_BRACKETS = "()[]{}\"'“”‘’«»,"


def _could_end_street(text: str, end: int) -> bool:
    """Whether the word before ``end`` could close a street name: one with a capital, a
    particle or a street word. Prose numbers ("about 3", "order 12345") fail at once.

    The word runs back to the previous space; after a line break it takes in the end of
    the line before too, which can only let more through.
    """
    word = text[text.rfind(" ", 0, end) + 1 : end]
    if not word.islower():
        return True
    if word.isalpha():  # most words: all of it is the letters at its end, no regex needed
        return word in _LOWER_ENDINGS
    letters = _LAST_LETTERS.search(word)
    return letters is not None and letters.group() in _LOWER_ENDINGS


def _keyword_start(text: str, start: int, end: int) -> int | None:
    """Where a street named by a street word could start in ``text[start:end]``; ``None``
    when none of the last seven words is a street word.

    A string test per word, far cheaper than the street regex. A street starts at most
    two words before its street word ("Ulica kralja Zvonimira" at it, "Ante Starčevića
    trg" two before), so the regex searches from there instead of the whole window.
    """
    words = text[start:end].lower().split()[-7:]
    for index, word in enumerate(words):
        word = word.strip(_QUOTES_AND_BRACKETS)
        if word in _OTHER_WORDS or word.endswith(_GLUED_WORDS):
            tokens = list(_TOKEN.finditer(text, start, end))
            return tokens[len(tokens) - len(words) + max(0, index - 2)].start()
    return None


_NUM_TAIL = re.compile(rf"{_NUM}\b(?:{_TAIL})?")
_NUM_STRICT = re.compile(rf"{_NUM}(?:,? {_UNIT})?, (?:\d{{5}}|\d{{4}} ?[A-Z]{{2}}) {_CITY}")
_WINDOW = 70


class AddressConfig(DetectorConfig):
    pass


class AddressDetector(Detector[AddressConfig]):
    name = "postal_address"
    entity = Entity.ADDRESS
    config_model: ClassVar[type[DetectorConfig]] = AddressConfig
    score = 0.8

    def find(self, text: str) -> Iterator[Finding]:
        for match in _NUM_FIRST.finditer(text):
            yield self._finding(text, match.start(), match.end())
        if _POSTCODE_AFTER_COMMA.search(text) or any(stem in text for stem in _FLAT_STEMS):
            for match in _WORD_FIRST.finditer(text):
                if starts_word(text, match.start(), "_"):
                    yield self._finding(text, match.start(), match.end())
        for house in _HOUSE.finditer(text):
            number = house.end()
            street_end = number - 2 if text[number - 2] == "," else number - 1
            if not _could_end_street(text, street_end):
                continue
            window = max(0, street_end - _WINDOW)
            keyword = _keyword_start(text, window, street_end)
            street = None
            if keyword is not None:
                street = _KEYWORD_STREET.search(text, keyword, street_end)
            rest = _NUM_TAIL.match(text, number) if street is not None else None
            if street is None:
                rest = _NUM_STRICT.match(text, number)
                street = _PLAIN_STREET.search(text, window, street_end) if rest else None
            if street is not None and rest is not None:
                yield self._finding(text, street.start(), rest.end())

    def _finding(self, text: str, start: int, end: int) -> Finding:
        while end > start and text[end - 1] in ",. ":
            end -= 1
        return self.finding(start, end)
