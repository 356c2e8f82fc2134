"""What a redaction finds and returns: entity types, findings, results.

A :class:`Finding` points into the text it was found in (``start``/``end`` are string
offsets) and never carries the value itself, so findings can be logged, printed as JSON
or stored in the audit trail without leaking what they point at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Entity(StrEnum):
    """Kinds of personal data; the value is also the placeholder's label."""

    EMAIL = "EMAIL"
    PHONE = "PHONE"
    IBAN = "IBAN"
    VAT_ID = "VAT_ID"
    NATIONAL_ID = "NATIONAL_ID"
    CARD_NUMBER = "CARD_NUMBER"
    IP_ADDRESS = "IP_ADDRESS"
    DATE_OF_BIRTH = "DATE_OF_BIRTH"
    ADDRESS = "ADDRESS"
    PERSON = "PERSON"
    # Another identifier known to be the person's (a customer id), found by redact_known.
    IDENTIFIER = "IDENTIFIER"


# The fides taxonomy key each entity suggests, for `inventory scan` snippets.
FIDES_CATEGORIES: dict[Entity, str] = {
    Entity.EMAIL: "user.contact.email",
    Entity.PHONE: "user.contact.phone_number",
    Entity.IBAN: "user.financial.bank_account",
    Entity.VAT_ID: "user.government_id",
    Entity.NATIONAL_ID: "user.government_id.national_identification_number",
    Entity.CARD_NUMBER: "user.financial.credit_card",
    Entity.IP_ADDRESS: "user.device.ip_address",
    Entity.DATE_OF_BIRTH: "user.demographic.date_of_birth",
    Entity.ADDRESS: "user.contact.address",
    Entity.PERSON: "user.name",
    Entity.IDENTIFIER: "user.unique_id",
}


@dataclass(frozen=True, order=True)
class Finding:
    """One piece of personal data: ``text[start:end]`` is an ``entity``, says ``detector``."""

    start: int
    end: int
    entity: Entity
    detector: str
    score: float

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"empty or negative span {self.start}..{self.end}")

    @property
    def fides_category(self) -> str:
        return FIDES_CATEGORIES[self.entity]

    def overlaps(self, other: Finding) -> bool:
        return self.start < other.end and other.start < self.end

    def as_dict(self) -> dict[str, object]:
        return {
            "type": self.entity.value,
            "start": self.start,
            "end": self.end,
            "detector": self.detector,
            "score": round(self.score, 3),
        }


@dataclass(frozen=True)
class RedactionResult:
    """The redacted ``text`` and the ``findings`` it replaced (offsets into the input)."""

    text: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        return bool(self.findings)

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "findings": [finding.as_dict() for finding in self.findings]}
