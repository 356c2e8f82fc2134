from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dataward.inventory.identity import (
    Identity,
    Normaliser,
    normalise_email,
    normalise_opaque,
    normalise_phone,
)

SAME_EMAILS = [
    ("ana@example.com", "ana@example.com"),
    ("  Ana@Example.COM ", "ana@example.com"),
    ("ANA.HORVAT+news@EXAMPLE.hr\n", "ana.horvat+news@example.hr"),
]
BAD_EMAILS = ["", "ana", "ana@", "@example.com", "ana@@example.com", "ana @example.com"]

SAME_PHONES = [
    ("+385 91 123 4567", None, "+385911234567"),
    ("+385-91-123-4567", None, "+385911234567"),
    ("(091) 123 4567", "HR", "+385911234567"),
    ("091 123 4567", "HR", "+385911234567"),
    ("00385 91 123 4567", "HR", "+385911234567"),
    ("+1 (415) 555-2671", None, "+14155552671"),
    ("415.555.2671", "US", "+14155552671"),
]
BAD_PHONES = [("091 123 4567", None), ("hello", "HR"), ("+385 1", None), ("", "US")]


@pytest.mark.parametrize(("raw", "expected"), SAME_EMAILS)
def test_emails_are_trimmed_and_lower_cased(raw: str, expected: str) -> None:
    assert normalise_email(raw) == expected


@pytest.mark.parametrize("raw", BAD_EMAILS)
def test_invalid_emails_name_the_value(raw: str) -> None:
    with pytest.raises(ValueError, match="not a valid email address") as caught:
        normalise_email(raw)
    assert repr(raw) in str(caught.value)


@pytest.mark.parametrize(("raw", "region", "expected"), SAME_PHONES)
def test_phones_become_e164(raw: str, region: str | None, expected: str) -> None:
    assert normalise_phone(raw, region) == expected


@pytest.mark.parametrize(("raw", "region"), BAD_PHONES)
def test_invalid_phones_name_the_value(raw: str, region: str | None) -> None:
    with pytest.raises(ValueError, match="not a valid phone number") as caught:
        normalise_phone(raw, region)
    assert repr(raw) in str(caught.value)


def test_opaque_identifiers_are_trimmed_only() -> None:
    assert normalise_opaque("  CUST-42 ") == "CUST-42"
    with pytest.raises(ValueError, match="empty identifier"):
        normalise_opaque("   ")


def test_normaliser_dispatches_on_kind_with_its_region() -> None:
    normaliser = Normaliser(default_region="HR")
    assert normaliser.identity("phone", "091 123 4567") == Identity("phone", "+385911234567")
    assert normaliser.identity("email", " A@B.CO ") == Identity("email", "a@b.co")
    assert normaliser.identity("customer_id", " 42") == Identity("customer_id", "42")
    assert str(Identity("email", "a@b.co")) == "email:a@b.co"


# --- properties ----------------------------------------------------------------------

local_parts = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,20}[A-Za-z0-9]", fullmatch=True).filter(
    lambda part: ".." not in part
)
# IDNA reserves "--" in the third and fourth place of a label for Punycode ("xn--").
domains = st.from_regex(
    r"[A-Za-z][A-Za-z0-9-]{0,15}[A-Za-z0-9]\.(com|hr|org|co\.uk)", fullmatch=True
).filter(lambda domain: domain[2:4] != "--")
emails = st.builds(lambda local, domain: f"{local}@{domain}", local_parts, domains)
whitespace = st.sampled_from(["", " ", "  ", "\t", "\n"])


@given(emails)
def test_email_normalisation_is_idempotent(email: str) -> None:
    once = normalise_email(email)
    assert normalise_email(once) == once


@given(emails, whitespace, whitespace, st.lists(st.booleans(), min_size=40, max_size=40))
def test_equivalent_emails_map_to_one_value(
    email: str, before: str, after: str, upper: list[bool]
) -> None:
    # Same address with other spacing and letter case: one normalised value.
    variant = "".join(c.upper() if flip else c for c, flip in zip(email, upper, strict=False))
    variant += email[len(upper) :]
    assert normalise_email(before + variant + after) == normalise_email(email)


# Croatian mobile numbers: +385 9x xxx xxxx, written in the ways people write them.
subscribers = st.from_regex(r"9[12589][0-9]{7}", fullmatch=True)
formats = st.sampled_from(
    [
        "+385{a}{b}",
        "+385 {a} {b3} {b4}",
        "+385-{a}-{b3}-{b4}",
        "00385 {a} {b}",
        "0{a} {b3} {b4}",
        "(0{a}) {b3}-{b4}",
        "0{a}/{b}",
    ]
)


def _write(template: str, subscriber: str) -> str:
    a, b = subscriber[:2], subscriber[2:]
    return template.format(a=a, b=b, b3=b[:3], b4=b[3:])


@given(subscribers, formats)
def test_phone_normalisation_is_idempotent(subscriber: str, template: str) -> None:
    once = normalise_phone(_write(template, subscriber), "HR")
    assert normalise_phone(once, "HR") == once
    assert normalise_phone(once, None) == once  # E.164 needs no region


@given(subscribers, formats, formats)
def test_equivalent_phone_formats_map_to_one_value(
    subscriber: str, first: str, second: str
) -> None:
    expected = f"+385{subscriber}"
    assert normalise_phone(_write(first, subscriber), "HR") == expected
    assert normalise_phone(_write(second, subscriber), "HR") == expected
