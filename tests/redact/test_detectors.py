"""Each detector: a table of texts it must find (exactly the given value) and must not.

The negatives are what support text is full of: order numbers, prices, versions,
ordinary dates, product codes, timestamps, tracking ids.
"""

from __future__ import annotations

from typing import Any

import pytest

from dataward.redact.base import Detector
from dataward.redact.detectors.address import AddressDetector
from dataward.redact.detectors.birth import BirthConfig, DateOfBirthDetector
from dataward.redact.detectors.card import CardNumberDetector
from dataward.redact.detectors.checksum import IbanDetector, VatDetector
from dataward.redact.detectors.email import EmailDetector
from dataward.redact.detectors.ip import IpAddressDetector
from dataward.redact.detectors.national_id import NationalIdDetector
from dataward.redact.detectors.phone import PhoneDetector

# detector, text with the value between [[ ]]
MUST_MATCH: list[tuple[Detector[Any], str]] = [
    (EmailDetector(), "write to [[ana.kovacic@example.hr]] today"),
    (EmailDetector(), "<[[j.smith+tickets@mail.example.co.uk]]>"),
    (EmailDetector(), "mail: [[željko@primjer.hr]]."),
    (PhoneDetector(), "call me on [[+385 91 234 5678]] please"),
    (PhoneDetector(), "UK office [[020 7946 0958]], ask for Tom"),
    (PhoneDetector(), "my cell is [[(415) 555-2671]]"),
    (PhoneDetector(), "Tel. [[+49 30 901820]]"),
    (PhoneDetector(), "mobile [[06 12 34 56 78]]"),
    (PhoneDetector(), "call [[0912345678]]"),
    (PhoneDetector(), "reach me at [[+44 20 7946 0958]]."),
    # Digits other than ASCII ones, which the scan reads only in texts that have them.
    (PhoneDetector(), "call [[٠٩١٢٣٤٥٦٧٨]] tonight"),
    (PhoneDetector(), "mobile [[０６ １２ ３４ ５６ ７８]], Zoë"),
    (IbanDetector(), "IBAN [[DE89 3704 0044 0532 0130 00]] BIC COBADEFFXXX"),
    (IbanDetector(), "pay to [[HR1210010051863000160]]"),
    (IbanDetector(), "account [[GB82WEST12345698765432]]."),
    (VatDetector(), "VAT no. [[DE136695976]]"),
    (VatDetector(), "our VAT is [[GB 980 7806 84]]"),
    (VatDetector(), "PDV [[HR33392005961]]"),
    (NationalIdDetector(), "DNI [[12345678Z]]"),
    (NationalIdDetector(), "codice fiscale [[RSSMRA85T10A562S]]"),
    (NationalIdDetector(), "my SSN is [[536-90-4399]]"),
    (NationalIdDetector(), "OIB: [[33392005961]]"),
    (NationalIdDetector(), "BSN [[111222333]]"),
    (CardNumberDetector(), "card [[4111 1111 1111 1111]] exp 12/27"),
    (CardNumberDetector(), "Mastercard [[2221000000000009]]"),
    (CardNumberDetector(), "amex [[3782 822463 10005]]"),
    (CardNumberDetector(), "paid with [[5555-5555-5555-4444]]"),
    (IpAddressDetector(), "request from [[203.0.113.5]] failed"),
    (IpAddressDetector(), "client [[2001:db8::8a2e:370:7334]] timed out"),
    (IpAddressDetector(), "allowlist [[198.51.100.23]]:8443 please"),
    (DateOfBirthDetector(), "I was born on [[14.03.1985]]"),
    (DateOfBirthDetector(), "DOB: [[1985-03-14]]"),
    (DateOfBirthDetector(), "date of birth [[March 14, 1985]]"),
    (DateOfBirthDetector(), "geb. [[3. März 1979]]"),
    (DateOfBirthDetector(BirthConfig(day_first=False)), "born [[03/14/1985]]"),
    (AddressDetector(), "ship to [[221 Baker Street, London NW1 6XE]]."),
    (AddressDetector(), "I live at [[Hauptstraße 5, 10115 Berlin]]"),
    (AddressDetector(), "[[8, rue de la Paix, 75002 Paris]]"),
    (AddressDetector(), "office: [[Via Roma, 12, 00184 Roma]]"),
    (AddressDetector(), "[[Ilica 12, 10000 Zagreb]]. VAT follows"),
    (AddressDetector(), "[[Kerkstraat 12, 1017 GC Amsterdam]]"),
    (AddressDetector(), "send it to [[1600 Pennsylvania Avenue, Washington, DC 20500]]"),
    (AddressDetector(), "[[Calle Mayor 5, 28013 Madrid]]"),
    # At the very start or end of a text, where the scans' anchors and lookbehinds stop.
    (EmailDetector(), "[[a.b@example.org]]"),
    (EmailDetector(), "[[ana@example.hr]]@foo.org is two addresses glued together"),
    (PhoneDetector(), "[[+44 20 7946 0958]] is my number"),
    (PhoneDetector(), "on 14.03.2024 call [[+385 91 234 5678]]"),
    (PhoneDetector(), "ref 4839201938 / [[+44 20 7946 0958]]"),
    (CardNumberDetector(), "[[4111111111111111]]"),
    (IpAddressDetector(), "[[203.0.113.5]] failed"),
    (IpAddressDetector(), "(from [[203.0.113.5]])"),
    (IpAddressDetector(), "[[2001:db8::1]]"),
    (NationalIdDetector(), "[[12345678Z]] is my DNI"),
    (DateOfBirthDetector(), "DOB:[[14.03.1985]]"),
    (AddressDetector(), "[[Hauptstraße 5]]"),
    (AddressDetector(), "[[221 Baker Street]]"),
    (AddressDetector(), "([[Kerkstraat 12, 1017 GC Amsterdam]])"),
    (AddressDetector(), "Ana lives in [[Zagrebačka ulica 5]]"),
]

MUST_NOT_MATCH: list[tuple[Detector[Any], str]] = [
    (EmailDetector(), "see logo@2x.png and the @support handle"),
    (EmailDetector(), "user@localhost is not routable"),
    (PhoneDetector(), "order #4839201938 shipped"),
    (PhoneDetector(), "order no. 302-4839201-9382012"),
    (PhoneDetector(), "total €1,299.00 incl. VAT"),
    (PhoneDetector(), "delivered on 2024-03-01 at 12:30:45"),
    (PhoneDetector(), "logged at 1709294096 by the worker"),
    (PhoneDetector(), "upgraded to firmware 15.11.18.20"),
    (PhoneDetector(), "part no. 8778-4080-16 is out of stock"),
    (PhoneDetector(), "SKU 4006381333931"),
    (PhoneDetector(), "ticket #583213 is still open"),
    (IbanDetector(), "DE89 3704 0044 0532 0130 01 (one digit off)"),
    (IbanDetector(), "model AB12 CDEF GHIJ KLMN"),
    (VatDetector(), "DE136695977 has a wrong check digit"),
    (VatDetector(), "ISBN 978-3-16-148410-0"),
    (NationalIdDetector(), "order 111222333 is late"),
    (NationalIdDetector(), "call 536-90-4399 tomorrow"),
    (NationalIdDetector(), "product AB123456C in stock"),
    (CardNumberDetector(), "card 4111 1111 1111 1112 (Luhn fails)"),
    (CardNumberDetector(), "tracking 9400111899223197428490"),
    (CardNumberDetector(), "order 4000123412341234"),
    (CardNumberDetector(), "1Z999AA10123456784 is a UPS id"),
    (CardNumberDetector(), "id 9999999999999995 of the batch"),
    (IpAddressDetector(), "please update to version 1.2.3.4"),
    (IpAddressDetector(), "running v10.0.0.1 on all hosts"),
    (IpAddressDetector(), "build 4.2.0.17 fixed it"),
    (IpAddressDetector(), "Windows 10.0.19045.2965"),
    (IpAddressDetector(), "at 12:30:45 the job ran"),
    (IpAddressDetector(), "MAC 00:1A:2B:3C:4D:5E"),
    (IpAddressDetector(), "localhost 127.0.0.1 and 0.0.0.0"),
    (DateOfBirthDetector(), "ordered on 14.03.2024, delivered 2024-03-20"),
    (DateOfBirthDetector(), "the meeting on March 14, 1985 was long"),
    (DateOfBirthDetector(), "born on 31.02.1985 (no such day)"),
    (AddressDetector(), "read chapter 12 of the manual"),
    (AddressDetector(), "Windows 10, 2024 Edition"),
    (AddressDetector(), "we sold 3 Ford cars"),
    (AddressDetector(), "order 12345 shipped on 3 May 2024 to Berlin"),
    # Numbers inside other findings or next to them, which the scans must not split off.
    (PhoneDetector(), "IBAN HR12 1001 0051 8630 0016 0"),
    (PhoneDetector(), "server 81.2.69.142 is down"),
    (PhoneDetector(), "delivered 14.03.2024 0912345"),
    (PhoneDetector(), "call 091 234 / 5678"),
    (CardNumberDetector(), "IBAN DE89 3704 0044 0532 0130 00"),
    (CardNumberDetector(), "ref 12 4111 1111 1111 1111"),
    (IpAddressDetector(), "1.2.3.4.5 is no address"),
    (IpAddressDetector(), "1234.5.6.7 is no address"),
    (NationalIdDetector(), "X12345678Z"),
    (NationalIdDetector(), "A12345678Z is a part number"),
    (EmailDetector(), ".ana@example.hr"),
    (AddressDetector(), "Baker Street is closed"),
    (AddressDetector(), "see Chapter 12"),
    (AddressDetector(), "the order 12, then"),
]


def _expected(marked: str) -> tuple[str, str]:
    text = marked.replace("[[", "").replace("]]", "")
    return text, marked.split("[[", 1)[1].split("]]", 1)[0]


@pytest.mark.parametrize(("detector", "marked"), MUST_MATCH, ids=lambda v: str(v)[:40])
def test_detector_finds(detector: Detector[Any], marked: str) -> None:
    text, value = _expected(marked)
    found = [text[f.start : f.end] for f in detector.find(text)]
    assert value in found, f"{detector.name} found {found} in {text!r}"
    assert all(f.entity is detector.entity for f in detector.find(text))


@pytest.mark.parametrize(("detector", "text"), MUST_NOT_MATCH, ids=lambda v: str(v)[:40])
def test_detector_ignores(detector: Detector[Any], text: str) -> None:
    found = [text[f.start : f.end] for f in detector.find(text)]
    assert found == [], f"{detector.name} wrongly found {found} in {text!r}"


def test_two_addresses_glued_together_are_one_address_and_junk() -> None:
    text = "ana@example.hr@foo.org"
    assert [text[f.start : f.end] for f in EmailDetector().find(text)] == ["ana@example.hr"]
