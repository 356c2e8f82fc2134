"""Reading identities: kinds, errors naming the field, and a fast path that agrees with the
full validator on everything it accepts."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dataward.consent import ConsentInputError, parse_identity
from dataward.consent.identity import decision_key
from dataward.inventory.identity import Identity, normalise_email, normalise_phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Ana@Example.COM ", Identity("email", "ana@example.com")),
        ("email:ana@example.com", Identity("email", "ana@example.com")),
        ("+385 91 123 4567", Identity("phone", "+385911234567")),
        ("phone:+385911234567", Identity("phone", "+385911234567")),
        ("subject:cust-42", Identity("subject", "cust-42")),
        ("customer_id:42", Identity("customer_id", "42")),
    ],
)
def test_kinds(raw: str, expected: Identity) -> None:
    assert parse_identity(raw) == expected
    assert decision_key(raw) == (expected.kind, str(expected))


@pytest.mark.parametrize("raw", ["", "ana", "ana@", "+12", "0911234567", "a@b..com"])
def test_unreadable_identities_name_the_field(raw: str) -> None:
    with pytest.raises(ConsentInputError) as raised:
        parse_identity(raw, field="identities[3]")
    assert raised.value.field == "identities[3]"


local = st.from_regex(r"[a-zA-Z0-9._+\-]{1,20}", fullmatch=True)
label = st.from_regex(r"[a-zA-Z0-9\-]{1,12}", fullmatch=True)
emails = st.builds(
    lambda name, labels, tld: f"{name}@{'.'.join(labels)}.{tld}",
    local,
    st.lists(label, min_size=1, max_size=3),
    st.sampled_from(["com", "hr", "c0m", "test", "local", "io", "x-y", "123", "co-"]),
)


@settings(max_examples=500)
@given(emails)
@example("a@xn--bcher-kva.ch")
@example("a" * 65 + "@example.com")
@example("-a@-example.com")
def test_the_email_fast_path_agrees_with_the_validator(raw: str) -> None:
    try:
        expected = ("email", "email:" + normalise_email(raw))
    except ValueError:
        with pytest.raises(ConsentInputError):
            decision_key(raw)
        return
    assert decision_key(raw) == expected


phones = st.builds(
    lambda code, digits: f"+{code}{digits}",
    st.sampled_from(sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)),
    st.from_regex(r"[0-9]{4,12}", fullmatch=True),
)


@settings(max_examples=2000)
@given(phones)
@example("+4407911123456")  # a national prefix after the country code: rewritten
@example("+67200000")  # Norfolk Island: parsing adds a digit
@example("+14155550100")
def test_a_phone_taken_as_written_is_already_canonical(raw: str) -> None:
    try:
        expected = ("phone", "phone:" + normalise_phone(raw))
    except ValueError:
        return  # unassigned: a decision about nobody, never about someone else
    assert decision_key(raw) == expected
