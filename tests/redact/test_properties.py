"""Property tests: what must hold for every generated input, not just the table's cases."""

from __future__ import annotations

import itertools

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn

from dataward.redact import Analyzer, Placeholder, Redactor, build_redactor
from dataward.redact.detectors.card import BRANDS, CardNumberDetector, brand
from dataward.redact.detectors.ip import IpAddressDetector
from dataward.redact.detectors.phone import PhoneDetector

STRUCTURED = build_redactor(names="off")


@st.composite
def cards(draw: st.DrawFn) -> str:
    _, low, high, lengths = draw(st.sampled_from(BRANDS))
    prefix = str(draw(st.integers(int(low), int(high)))).zfill(len(low))
    length = draw(st.sampled_from(sorted(lengths)))
    body = prefix + draw(st.text("0123456789", min_size=length - len(prefix) - 1,
                                 max_size=length - len(prefix) - 1))  # fmt: skip
    return body + luhn.calc_check_digit(body)


@given(cards(), st.sampled_from(["", " ", "-"]))
def test_every_luhn_valid_card_in_a_brand_range_is_found(digits: str, separator: str) -> None:
    assert brand(digits) is not None
    grouped = separator.join(digits[i : i + 4] for i in range(0, len(digits), 4))
    text = f"I paid with {grouped} yesterday"
    found = [text[f.start : f.end] for f in CardNumberDetector().find(text)]
    assert found == [grouped]


@given(
    st.sampled_from(["version ", "v", "Version ", "build ", "firmware ", "release ", "ver. "]),
    st.lists(st.integers(0, 255), min_size=4, max_size=4),
)
def test_version_strings_are_never_ip_addresses(cue: str, parts: list[int]) -> None:
    text = f"please update to {cue}{'.'.join(map(str, parts))} today"
    assert list(IpAddressDetector().find(text)) == []


@given(st.sampled_from(["GB", "DE", "FR", "HR", "US", "IT", "ES", "NL"]), st.data())
@settings(max_examples=60)
def test_valid_international_numbers_are_found(region: str, data: st.DataObject) -> None:
    example = phonenumbers.example_number(region)
    assert example is not None
    style = data.draw(st.sampled_from([phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                                       phonenumbers.PhoneNumberFormat.E164]))  # fmt: skip
    number = phonenumbers.format_number(example, style)
    text = f"Please call me on {number} after six."
    assert [text[f.start : f.end] for f in PhoneDetector().find(text)] == [number]


TEXT = st.text(
    alphabet=st.sampled_from(list("abcdefghij ABC.,:@+-/()0123456789\n")), max_size=200
) | st.sampled_from(
    [
        "Mail ana@example.hr or call +385 91 234 5678, IBAN HR1210010051863000160.",
        "card 4111 1111 1111 1111 from 203.0.113.5, born 14.03.1985",
    ]
)


@given(TEXT)
@settings(max_examples=200)
def test_findings_never_overlap_and_never_survive_redaction(text: str) -> None:
    findings = STRUCTURED.analyzer.analyze(text)
    for first, second in itertools.pairwise(findings):
        assert first.end <= second.start
    redacted = Redactor(Analyzer(STRUCTURED.analyzer.detectors), Placeholder()).redact(text)
    for finding in findings:
        value = text[finding.start : finding.end]
        assert value not in redacted.text.replace(f"<{finding.entity.value}>", "\0")


@given(TEXT)
@settings(max_examples=100)
def test_redaction_is_idempotent(text: str) -> None:
    once = STRUCTURED.redact(text).text
    assert STRUCTURED.redact(once).text == once
