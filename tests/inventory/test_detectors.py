"""Each detector: values it must match, and values it must not (Presidio-style tables)."""

from __future__ import annotations

import pytest

from dataward.inventory.detectors import (
    Detector,
    DetectorRegistry,
    PersonNameDetector,
    PhoneDetector,
    default_detectors,
)

CASES: dict[str, tuple[list[str], list[str]]] = {
    "email": (
        ["ana@example.com", " Ivo.Kovac+x@shop.example.hr "],
        ["ana", "ana@", "@example.com", "a b@example.com", "ana@example", "mailto"],
    ),
    "phone": (
        ["+385 91 123 4567", "+1 (415) 555-2671", "+44 20 7946 0958"],
        ["12345", "4111111111111111", "2024-01-05", "+385 1", "hello", "1.2.3.4"],
    ),
    "ip_address": (
        ["192.168.1.20", "2001:db8::1", "::1", " 10.0.0.1 "],
        ["12345", "300.1.1.1", "1.2.3", "2001:db8::g", "v1.2.3.4"],
    ),
    "iban": (
        ["HR1210010051863000160", "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432"],
        ["HR1210010051863000161", "DE89", "12345678901234567890"],
    ),
    "card_number": (
        ["4111111111111111", "4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005"],
        ["4111111111111112", "1234", "41111111111111111111111", "+385911234567"],
    ),
    "person_name": (
        ["Ana Horvat", "Ivo Kovač", "Mary-Jane O'Neil", "José Da Silva"],
        ["ana horvat", "Ana", "ANA HORVAT", "Ana 2", "support@example.com", "Red mug"],
    ),
}


def detector(name: str) -> Detector:
    return default_detectors().get(name)


@pytest.mark.parametrize(
    ("name", "value"), [(name, value) for name, (good, _) in CASES.items() for value in good]
)
def test_detector_matches(name: str, value: str) -> None:
    assert detector(name).matches(value), f"{name} should match {value!r}"


@pytest.mark.parametrize(
    ("name", "value"), [(name, value) for name, (_, bad) in CASES.items() for value in bad]
)
def test_detector_does_not_match(name: str, value: str) -> None:
    assert not detector(name).matches(value), f"{name} should not match {value!r}"


@pytest.mark.parametrize(
    ("name", "column", "hint"),
    [
        ("email", "contact_email", True),
        ("email", "emailed_at", True),
        ("phone", "msisdn", True),
        ("phone", "destination_number", True),
        ("ip_address", "client_ip", True),
        ("ip_address", "zip", False),
        ("person_name", "last_name", True),
        ("person_name", "name", True),
        ("person_name", "product_name", False),
        ("person_name", "first_name_company", False),
        ("card_number", "card_number", True),
        ("iban", "iban", True),
    ],
)
def test_column_name_hints(name: str, column: str, hint: bool) -> None:
    assert detector(name).column_hint(column) is hint


def test_local_numbers_need_a_region() -> None:
    assert not PhoneDetector().matches("091 123 4567")
    assert PhoneDetector("HR").matches("091 123 4567")


def test_registry_keeps_order_and_allows_replacing_a_built_in() -> None:
    registry = default_detectors()
    assert registry.names() == [
        "email",
        "phone",
        "ip_address",
        "iban",
        "card_number",
        "person_name",
    ]

    class StrictNames(PersonNameDetector):
        def matches(self, value: str) -> bool:
            return False

    registry.add(StrictNames())
    assert isinstance(registry.get("person_name"), StrictNames)
    assert len(DetectorRegistry([StrictNames()]).names()) == 1
