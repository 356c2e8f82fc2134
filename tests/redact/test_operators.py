"""Operators, the public API, and finding a known person's identifiers (erasure)."""

from __future__ import annotations

import pytest

from dataward.inventory.identity import Identity
from dataward.redact import Pseudonym, build_redactor, redact_known
from dataward.redact.model import Entity, Finding

KEY = b"0123456789abcdef-test-key"


def test_placeholders_name_the_type() -> None:
    result = build_redactor(names="off").redact("Mail ana@example.hr, call +385 91 234 5678.")
    assert result.text == "Mail <EMAIL>, call <PHONE>."
    assert [f.as_dict()["type"] for f in result.findings] == ["EMAIL", "PHONE"]
    assert result.findings[0].as_dict() == {
        "type": "EMAIL", "start": 5, "end": 19, "detector": "email", "score": 1.0,
    }  # fmt: skip


def test_pseudonyms_are_stable_per_value_and_key() -> None:
    redactor = build_redactor(names="off", operator=Pseudonym(KEY))
    first = redactor.redact("ana@example.hr wrote to bo@example.hr").text
    again = redactor.redact("ANA@example.hr called").text
    other_key = build_redactor(names="off", operator=Pseudonym(KEY[::-1])).redact(first).text
    ana = first.split()[0]
    assert ana.startswith("<EMAIL:") and again.split()[0] == ana
    assert first.split()[-1] != ana
    assert other_key == first  # pseudonyms are never detected again: idempotent


def test_a_short_key_is_refused() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        Pseudonym(b"short")


def test_findings_never_carry_the_value() -> None:
    finding = Finding(0, 3, Entity.EMAIL, "email", 1.0)
    assert set(finding.as_dict()) == {"type", "start", "end", "detector", "score"}
    with pytest.raises(ValueError):
        Finding(3, 3, Entity.EMAIL, "email", 1.0)


KNOWN = {"email": ["ana.kovacic@example.hr"], "phone": ["+385912345678"], "name": ["Ana Kovačić"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ana Kovacic called", "<PERSON> called"),
        ("from ANA.KOVACIC@example.hr", "from <EMAIL>"),
        ("call her on 091 234 5678", "call her on <PHONE>"),
        ("call her on +385 (91) 234-5678", "call her on <PHONE>"),
        ("Kovačić, Ana wrote", "<PERSON> wrote"),
        ("Mrs Kovačić agreed", "Mrs <PERSON> agreed"),
        ("Ana M. Kovačić signed", "<PERSON> signed"),
        # Not her: other people, other numbers, her first name alone.
        ("Ana Horvat called from 091 234 5679", "Ana Horvat called from 091 234 5679"),
        ("anakovacic@example.hr", "anakovacic@example.hr"),
    ],
)
def test_redact_known_finds_one_person_in_any_spelling(text: str, expected: str) -> None:
    assert redact_known(text, KNOWN).text == expected


def test_redact_known_takes_inventory_identities_and_opaque_ids() -> None:
    identities = [Identity("email", "ana@example.hr"), Identity("customer_id", "C-1042")]
    result = redact_known("Customer C-1042 (ana@example.hr); not C-10420", identities)
    assert result.text == "Customer <IDENTIFIER> (<EMAIL>); not C-10420"
    assert {f.detector for f in result.findings} == {"known_identifier"}
