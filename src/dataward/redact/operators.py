"""Operators: what a finding is replaced with. Typed placeholders or keyed pseudonyms.

A pseudonym is an HMAC of the normalised value under the operator's key, so the same
email gets the same ``<EMAIL:…>`` everywhere (tickets stay linkable to each other) while
nobody without the key can test a guess. Both forms are never found again by any
detector, which makes redaction idempotent: redacting redacted text changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from abc import ABC, abstractmethod
from typing import ClassVar

from dataward.redact.model import Entity, Finding

_SPACES = re.compile(r"[\s().\-/]+")


class Operator(ABC):
    name: ClassVar[str]

    @abstractmethod
    def replacement(self, finding: Finding, value: str) -> str:
        """What replaces ``value``, the text the finding points at."""


class Placeholder(Operator):
    """``<EMAIL>``, ``<PHONE>``…: the kind of data stays readable, the value is gone."""

    name = "placeholder"

    def replacement(self, finding: Finding, value: str) -> str:
        return f"<{finding.entity.value}>"


class Pseudonym(Operator):
    """``<EMAIL:5f0c…>``: a keyed hash, stable for one key, unlinkable without it."""

    name = "pseudonymise"
    digest_chars = 12

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("a pseudonymisation key needs at least 16 bytes")
        self._key = key

    def replacement(self, finding: Finding, value: str) -> str:
        normalised = normalise(finding.entity, value)
        message = f"{finding.entity.value}:{normalised}".encode()
        digest = hmac.new(self._key, message, hashlib.sha256).hexdigest()
        return f"<{finding.entity.value}:{digest[: self.digest_chars]}>"


def normalise(entity: Entity, value: str) -> str:
    """One spelling per value, so "Ana@X.com" and "ana@x.com" share a pseudonym."""
    if entity in {Entity.PHONE, Entity.CARD_NUMBER, Entity.IBAN, Entity.VAT_ID}:
        return _SPACES.sub("", value).upper().replace("+", "00", 1)
    return " ".join(value.split()).casefold()


def apply(text: str, findings: list[Finding], operator: Operator) -> str:
    """``text`` with each (non-overlapping, sorted) finding replaced."""
    parts: list[str] = []
    position = 0
    for finding in findings:
        parts.append(text[position : finding.start])
        parts.append(operator.replacement(finding, text[finding.start : finding.end]))
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)
