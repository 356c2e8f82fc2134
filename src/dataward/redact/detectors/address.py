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

from dataward.redact.base import Detector, DetectorConfig, starts_word
from dataward.redact.model import Entity, Finding

_L = r"[^\W\d_]"
_CAP = rf"[A-ZÀ-ÞČĆŠŽĐ]{_L}*(?:[-'’.]{_L}+)*\.?"
_LOW = r"(?:de|del|della|dei|di|da|la|le|les|du|des|van|von|der|den|het|am|an|y|kralja|bana)"
_WORDS = rf"(?:{_CAP}|{_LOW})(?: (?:{_CAP}|{_LOW})){{0,4}}"
_NUM = r"\d{1,5}[a-zA-Z]?(?: ?[/-] ?\d{1,4}[a-zA-Z]?)?"
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
_GLUED = (
    r"straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|steig|pfad|chaussee|markt|"
    r"straat|laan|singel|gracht|kade|plein|dijk|dreef|steeg|baan|boulevard|hof|park"
)
_HR = (
    r"ulica|trg|cesta|put|obala|šetalište|prilaz|odvojak|ogranak|naselje|perivoj|prečac|dol|"
    r"vijenac|breg|brijeg|gaj|klanac|stube|prolaz|uspon|zavoj"
)
_PREFIX = (
    r"Via|Viale|Piazza|Piazzale|Corso|Largo|Vicolo|Strada|Rotonda|Stretto|Contrada|Borgo|"
    r"Calle|C/|Avenida|Avda\.|Plaza|Paseo|Camino|Ronda|Carrera|Travesía|Callejón|Cuesta|"
    r"Acceso|Vial|Cañada|Urbanización|Pasaje|Rambla|Glorieta|Alameda|Carrer|Avinguda|"
    r"Ulica|Trg|Put|Cesta|Obala"
)
_FR = r"rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|square|passage"
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
# Streets written number first ("12 Baker Street", "8, rue de la Paix"): the regex starts
# with a digit, which the regex engine scans for quickly.
_EN_STRICT_TAIL = rf", {_CITY}(?:, [A-Z]{{2}} \d{{5}}(?:-\d{{4}})?| {_UK_POSTCODE})\b"
_FR_CASED = "|".join(f"{word}|{word.capitalize()}" for word in _FR.split("|"))
_NUM_FIRST = re.compile(
    rf"{_NUM},? (?:(?:{_CAP} ){{1,4}}(?:{_EN_SUFFIX})\b\.?(?: {_UNIT})?"
    rf"|(?:{_FR_CASED}) {_WORDS})(?:{_TAIL})?"
    # Number first without a street word ("717 Montoya Stream Suite 531, East Kaitlyn, CO
    # 89495"): only with a US state and ZIP or a UK postcode after it.
    rf"|{_NUM} (?:{_CAP} ){{0,3}}{_CAP}(?:,? {_UNIT})?{_EN_STRICT_TAIL}"
)
# A flat before the street ("Flat 3, Bradley Shoal, …") or a French street without number.
_WORD_FIRST = re.compile(
    rf"(?<!\w)(?:(?:Flat|Studio|Apartment|Unit) \d+[A-Z]?, "
    rf"(?:{_CAP} ){{0,3}}{_CAP}{_EN_STRICT_TAIL}"
    rf"|(?:{_FR_CASED}) {_WORDS}, \d{{5}} {_CITY})"
)
_WORD_FIRST_STEMS = ("flat ", "studio ", "apartment ", "unit ", *(f"{w} " for w in _FR.split("|")))
# Streets written number last ("Hauptstraße 5", "Via Roma, 12"): each house number is an
# anchor, and the street words are matched backwards from it in a short window.
_HOUSE = re.compile(r",? \d")
_KEYWORD_STREET = re.compile(
    rf"(?<!\w)(?:{_CAP}(?i:{_GLUED})|(?:{_CAP} )?(?:{_CAP} )?(?i:{_HR})(?: {_WORDS})?"
    rf"|(?:{_PREFIX}) {_WORDS})$"
)
# A street without a street word needs a full postcode: "Windows 10, 2024 Edition" is none.
_PLAIN_STREET = re.compile(rf"(?<!\w){_WORDS}$")
_GLUED_WORDS = tuple(_GLUED.replace("\\", "").split("|"))
_OTHER_WORDS = frozenset(word.lower().replace("\\", "") for word in f"{_HR}|{_PREFIX}".split("|"))


def _has_keyword(window: str) -> bool:
    """A street word among the last few words: a set lookup, far cheaper than a regex."""
    for word in window.lower().split()[-7:]:
        word = word.rstrip(",")
        if word in _OTHER_WORDS or word.endswith(_GLUED_WORDS):
            return True
    return False


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
            if starts_word(text, match.start()):
                yield self._finding(text, match.start(), match.end())
        lowered = text.lower()
        if any(word in lowered for word in _WORD_FIRST_STEMS):
            for match in _WORD_FIRST.finditer(text):
                yield self._finding(text, match.start(), match.end())
        for house in _HOUSE.finditer(text):
            street_end, number = house.start(), house.end() - 1
            if street_end == 0 or not (
                text[street_end - 1].isalpha() or text[street_end - 1] == "."
            ):
                continue  # "2024 12", "(see 3)": no street name ends here
            window = max(0, street_end - _WINDOW)
            # The cheap keyword test spares the backwards match on most numbers in prose.
            street = None
            if _has_keyword(text[window:street_end]):
                street = _KEYWORD_STREET.search(text, window, street_end)
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
