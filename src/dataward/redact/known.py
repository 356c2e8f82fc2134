"""Finding one person's own identifiers in free text, for erasure requests.

An erasure request knows who the person is: their email, phone, name. Their messages to
support name them, and so do other people's tickets ("Ana Kovačić called about…"). Here the
search is for those exact identifiers, in whatever spelling the text uses: any case, any
phone formatting, names with or without diacritics, "Surname, Given" order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol

import phonenumbers

from dataward.redact.analyzer import resolve
from dataward.redact.detectors.phone import DEFAULT_REGIONS, candidates, parse_valid
from dataward.redact.model import Entity, Finding, RedactionResult
from dataward.redact.operators import Operator, Placeholder, apply

DETECTOR = "known_identifier"
_KINDS = {"email": Entity.EMAIL, "phone": Entity.PHONE, "name": Entity.PERSON,
          "full_name": Entity.PERSON, "person_name": Entity.PERSON}  # fmt: skip
# Identity kinds that are a person's name (matched in any order, case and diacritics).
NAME_KINDS = frozenset(kind for kind, entity in _KINDS.items() if entity is Entity.PERSON)
_TITLES = r"(?:mr|mrs|ms|miss|dr|prof|herr|frau|mme|m|sig|sra?|gospodin|gospođa)\.?\s+"


class KindValue(Protocol):
    """An identity as the inventory normalises it (``dataward.inventory.identity.Identity``)."""

    @property
    def kind(self) -> str: ...

    @property
    def value(self) -> str: ...


Identifiers = Iterable[KindValue | tuple[str, str]] | Mapping[str, Iterable[str]]


def redact_known(
    text: str,
    identifiers: Identifiers,
    *,
    regions: list[str] | None = None,
    operator: Operator | None = None,
) -> RedactionResult:
    """``text`` with the given person's identifiers replaced.

    ``identifiers`` are (kind, value) pairs or a kind → values mapping. Kinds ``email``,
    ``phone`` and ``name`` are matched loosely (see the module docstring); any other kind
    (a customer id) is matched as written, as a whole word.
    """
    findings = resolve(find_known(text, _pairs(identifiers), regions or DEFAULT_REGIONS))
    return RedactionResult(apply(text, findings, operator or Placeholder()), tuple(findings))


def find_known(text: str, pairs: list[tuple[str, str]], regions: list[str]) -> Iterator[Finding]:
    phones = {_e164(value, regions) for kind, value in pairs if kind == "phone"} - {None}
    if phones:
        for start, value in candidates(text):
            # "091 234 5678" is a number in several regions; it is theirs if any one matches.
            if any(parse_valid(value, [region]) is not None
                   and _format(parse_valid(value, [region])) in phones  # type: ignore[arg-type]
                   for region in regions):  # fmt: skip
                yield Finding(start, start + len(value), Entity.PHONE, DETECTOR, 1.0)
    folded = _fold(text)
    for kind, value in pairs:
        if kind == "phone" or not value.strip():
            continue
        for pattern in _patterns(kind, value):
            for match in pattern.finditer(folded):
                entity = _KINDS.get(kind, Entity.IDENTIFIER)
                yield Finding(match.start("v"), match.end("v"), entity, DETECTOR, 1.0)


def _patterns(kind: str, value: str) -> list[re.Pattern[str]]:
    if kind == "email":
        return [re.compile(rf"(?<![\w.+-])(?P<v>{re.escape(_fold(value.strip()))})(?![\w-])")]
    if _KINDS.get(kind) is not Entity.PERSON:
        return [re.compile(rf"(?<!\w)(?P<v>{re.escape(_fold(value.strip()))})(?!\w)")]
    parts = [re.escape(part) for part in _fold(value).split()]
    gap = r"\s+"
    spellings = [rf"(?P<v>{gap.join(parts)})"]
    if len(parts) >= 2:
        # "Kovačić, Ana", "Kovačić Ana", "Ana M. Kovačić", and "Mrs Kovačić".
        spellings.append(rf"(?P<v>{parts[-1]},?\s+{gap.join(parts[:-1])})")
        spellings.append(rf"(?P<v>{parts[0]}\s+\w\.?\s+{parts[-1]})")
        spellings.append(rf"\b{_TITLES}(?P<v>{parts[-1]})")
    return [re.compile(rf"(?<!\w){spelling}(?!\w)") for spelling in spellings]


def _fold(text: str) -> str:
    """Lower-case without diacritics, one character for one, so offsets stay valid."""
    return "".join(
        unicodedata.normalize("NFKD", char.lower())[:1] if char.isalpha() else char for char in text
    )


def _e164(value: str, regions: list[str]) -> str | None:
    number = parse_valid(value.strip(), regions)
    return None if number is None else _format(number)


def _format(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _pairs(identifiers: Identifiers) -> list[tuple[str, str]]:
    if isinstance(identifiers, Mapping):
        return [(kind, value) for kind, values in identifiers.items() for value in values]
    return [item if isinstance(item, tuple) else (item.kind, item.value) for item in identifiers]
