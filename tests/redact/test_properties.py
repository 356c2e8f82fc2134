"""Property tests: what must hold for every generated input, not just the table's cases."""

from __future__ import annotations

import itertools
import re

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import iban, luhn, numdb
from stdnum.eu import vat
from stdnum.gb import vat as gb_vat

from dataward.redact import Analyzer, Placeholder, Redactor, build_redactor
from dataward.redact.base import Cue, backwards
from dataward.redact.detectors.birth import _CUE_WORDS, _CUES
from dataward.redact.detectors.card import BRANDS, CardNumberDetector, brand
from dataward.redact.detectors.checksum import _VAT_PREFIXES, _valid_vat, iban_checksum, is_iban
from dataward.redact.detectors.email import EmailDetector
from dataward.redact.detectors.ip import IpAddressDetector
from dataward.redact.detectors.national_id import FORMATS, scanner
from dataward.redact.detectors.phone import PhoneDetector
from dataward.redact.detectors.phone_rules import verdict

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


REGIONS = ["US", "GB", "DE", "FR", "HR", "IT", "ES", "NL", "CA", "AR", "MX", "BR", "GG", "VA"]


@st.composite
def written_numbers(draw: st.DrawFn) -> str:
    """A region's example number in some format, often with a digit changed, added or cut."""
    region = draw(st.sampled_from(REGIONS))
    kind = draw(st.sampled_from(list(phonenumbers.PhoneNumberType.values())))
    example = phonenumbers.example_number_for_type(region, kind) or phonenumbers.example_number(
        region
    )
    assert example is not None
    style = draw(st.sampled_from([phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                                  phonenumbers.PhoneNumberFormat.NATIONAL,
                                  phonenumbers.PhoneNumberFormat.E164]))  # fmt: skip
    text = list(phonenumbers.format_number(example, style))
    digits = [i for i, char in enumerate(text) if char.isdigit()]
    for _ in range(draw(st.integers(0, 2))):
        text[draw(st.sampled_from(digits))] = draw(st.sampled_from("0123456789"))
    written = "".join(text)
    cut = draw(st.sampled_from(["", "drop", "add", "00"]))
    if cut == "drop":
        written = written[:-1]
    elif cut == "add":
        written += draw(st.sampled_from("0123456789"))
    elif cut == "00" and written.startswith("+"):
        written = "00" + written[1:]
    return written


@given(written_numbers(), st.sampled_from(REGIONS))
@settings(max_examples=400)
def test_the_compiled_phone_check_agrees_with_phonenumbers(written: str, region: str) -> None:
    try:
        expected = phonenumbers.is_valid_number(phonenumbers.parse(written, region))
    except phonenumbers.NumberParseException:
        expected = False
    assert verdict(written, region) in (None, expected)


# The email detector's scan starts at each "@"; it finds what this one regex over the whole
# text finds (the detector's rules for "..", file names and overlaps applied to both).
EMAIL_REFERENCE = re.compile(
    r"(?<![\w.+-])[\w+-](?:[\w.+-]{0,62}[\w+-])?@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+"
    r"[^\W\d_]{2,24}\b"
)


@given(st.text(alphabet=st.sampled_from(list("ab.-+_@ x1é")), max_size=60))
@settings(max_examples=300)
def test_the_email_scan_finds_what_the_whole_text_regex_finds(text: str) -> None:
    expected = [
        match.span()
        for match in EMAIL_REFERENCE.finditer(text)
        if ".." not in match.group()
        and match.group().rsplit(".", 1)[1].lower() not in {"png", "jpg", "js", "ts", "css"}
    ]
    assert [(f.start, f.end) for f in EmailDetector().find(text)] == expected


@given(st.sampled_from(sorted(FORMATS)), st.data())
@settings(max_examples=200)
def test_every_national_id_shape_is_a_candidate_of_the_one_pass_scan(
    key: str, data: st.DataObject
) -> None:
    form = FORMATS[key]
    value = data.draw(st.from_regex(rf"{form.first}{form.rest}", fullmatch=True))
    text = f"my id: {value} ok"
    found = [match.group() for match in scanner(sorted(FORMATS)).finditer(text)]
    assert value in found


# Cues are read backwards from the finding; these regexes say the same forwards, searched
# over the lower-cased context ("$" also matches before a final line break).
_WORDS = "order|ref|reference|no|tel|text me|b.|d.o.b.|d.o.b|né|née"
FORWARD_CUES = [
    (
        Cue(_WORDS, gap=rf"\s*(?:{backwards('no|no.|#|:')})?\s*", width=30),
        re.compile(rf"\b({'|'.join(map(re.escape, _WORDS.split('|')))})\s*(no\.?|#|:)?\s*$"),
    ),
    (
        Cue(_WORDS, gap=r"[^\d]{0,12}\b"),
        re.compile(rf"\b({'|'.join(map(re.escape, _WORDS.split('|')))})\b[^\d]{{0,12}}$"),
    ),
    (
        _CUES,
        re.compile(
            rf"\b({'|'.join(map(re.escape, _CUE_WORDS.split('|')))})(?!\w)"
            r"(?:[^.!?\n]|\.(?! [^\W\d])){0,20}$"
        ),
    ),
]
_PIECES = [*_WORDS.split("|"), *_CUE_WORDS.split("|"), "NO.", "Tel", "x", "7", "_", ".", ". ",
           " ", "  ", "\n", "!", ":", "#", "-", "É"]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join), st.data())
@settings(max_examples=600)
def test_cues_read_backwards_find_what_a_forward_search_finds(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text)))
    for cue, forward in FORWARD_CUES:
        expected = forward.search(text[max(0, start - cue.width) : start].lower()) is not None
        assert cue.before(text, start) == expected


# stdnum's IBAN registry copy: country → BBAN structure ("8!n10!n"), and a country in none.
IBAN_STRUCTURES = {low: info.get("bban", "") for _, low, _, info, _ in numdb.get("iban").prefixes}
IBAN_STRUCTURES["QQ"] = "16!n"
_BBAN_CHARS = {"n": "0123456789", "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "c": "0123456789ABCXYZ"}


@st.composite
def ibans(draw: st.DrawFn) -> str:
    """IBAN-like strings whose check digits agree: a BBAN in the country's structure (which
    may still fail a national check), or any, in the groupings the regex finds."""
    country = draw(st.sampled_from(sorted(IBAN_STRUCTURES)))
    if draw(st.booleans()):
        fields = re.findall(r"(\d+)!([nac])", IBAN_STRUCTURES[country])
        bban = "".join(draw(st.text(st.sampled_from(_BBAN_CHARS[kind]), min_size=int(size),
                                    max_size=int(size))) for size, kind in fields)  # fmt: skip
    else:
        bban = draw(st.text(st.sampled_from(_BBAN_CHARS["c"]), min_size=11, max_size=30))
    compact = country + iban.calc_check_digits(country + "00" + bban) + bban
    separator = draw(st.sampled_from(["", " ", "-"]))
    return separator.join(compact[i : i + 4] for i in range(0, len(compact), 4))


@given(ibans())
@settings(max_examples=400)
def test_the_iban_check_agrees_with_stdnum(value: str) -> None:
    assert iban_checksum(value)
    assert is_iban(value) == iban.is_valid(value)


@given(
    st.sampled_from(_VAT_PREFIXES.split("|")),
    st.text(st.sampled_from("0123456789" * 6 + "ABCDEFGHIJKLMNOPQRSTUVWXYZ .-"), max_size=16),
)
@settings(max_examples=400)
def test_the_vat_check_agrees_with_stdnum(prefix: str, rest: str) -> None:
    value = prefix + rest
    try:
        expected = gb_vat.is_valid(value) if prefix == "GB" else vat.is_valid(value)
    except Exception:
        expected = False
    assert _valid_vat(value) == expected
