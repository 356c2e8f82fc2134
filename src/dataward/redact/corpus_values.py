"""Values for the labelled corpus: valid personal data per locale, and hard negatives.

Every positive value is valid by the same rules a real one meets (libphonenumber, IBAN
and VAT checksums, Luhn with real brand ranges), so a detector is not rewarded for
accepting garbage. The negatives are what support text is full of and what naive
detectors flag: ordinary dates, versions, prices, order numbers, product codes,
timestamps and tracking ids.
"""

from __future__ import annotations

import ipaddress
import random
import string
import unicodedata
from datetime import date, timedelta

import phonenumbers
from faker import Faker
from stdnum import iban as iban_check
from stdnum import luhn
from stdnum.de import idnr
from stdnum.eu import vat as eu_vat
from stdnum.gb import vat as gb_vat

LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "hr_HR", "it_IT", "es_ES", "nl_NL"]
_VAT_SHAPES = {
    "en_GB": "GB#########", "de_DE": "DE#########", "fr_FR": "FR###########",
    "hr_HR": "HR###########", "it_IT": "IT###########", "es_ES": "ESX########",
    "nl_NL": "NL#########B##", "en_US": "ATU########",
}  # fmt: skip
_CARD_PREFIXES = [("4", 16), ("4", 13), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16),
                  ("2500", 16), ("34", 15), ("37", 15), ("6011", 16), ("65", 16),
                  ("3530", 16), ("36", 14), ("62", 16)]  # fmt: skip
_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"]  # fmt: skip


class Values:
    """Random values for one locale, reproducible from ``rng``."""

    def __init__(self, locale: str, rng: random.Random) -> None:
        self.locale = locale
        self.region = locale.split("_")[1]
        self.rng = rng
        self.fake = Faker(locale)
        self.fake.seed_instance(rng.randrange(2**32))
        # Faker's it_IT city list is built from a set, so its order (and every city drawn
        # from it) changes with the process's hash seed; a sorted copy makes a seed a corpus.
        for provider in self.fake.providers:
            if isinstance(getattr(provider, "cities", None), list):
                provider.cities = sorted(provider.cities)

    def name(self) -> str:
        return f"{self.fake.first_name()} {self.fake.last_name()}"

    def email(self, name: str | None = None) -> str:
        if name and self.rng.random() < 0.6:
            folded = unicodedata.normalize("NFKD", name.lower().replace(" ", "."))
            local = "".join(c for c in folded if c.isascii() and (c.isalnum() or c in ".-"))
            return f"{local.strip('.')}@{self.fake.free_email_domain()}"
        return self.fake.email()

    def phone(self) -> str:
        for _ in range(30):
            try:
                number = phonenumbers.parse(self.fake.phone_number(), self.region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                break
        else:
            example = phonenumbers.example_number(self.region)
            assert example is not None, self.region
            number = example
        style = self.rng.choice([phonenumbers.PhoneNumberFormat.INTERNATIONAL,
                                 phonenumbers.PhoneNumberFormat.NATIONAL,
                                 phonenumbers.PhoneNumberFormat.E164])  # fmt: skip
        return phonenumbers.format_number(number, style)

    def iban(self) -> str:
        value = self.fake.iban()
        assert iban_check.is_valid(value)
        return iban_check.format(value) if self.rng.random() < 0.5 else value

    def vat(self) -> str:
        shape = _VAT_SHAPES[self.locale]
        while True:
            value = "".join(
                self.rng.choice(string.digits) if c == "#" else
                self.rng.choice("ABCDEFGHJ") if c == "X" else c
                for c in shape
            )  # fmt: skip
            if (gb_vat if value.startswith("GB") else eu_vat).is_valid(value):
                return value

    def national_id(self) -> tuple[str, str]:
        """(what people call it, the number): the label is written next to the number."""
        if self.locale == "en_GB":
            letters = "ABCEGHJKLMNPRSTWXY"
            number = "".join(self.rng.choice(string.digits) for _ in range(6))
            prefix = "GB"
            while prefix in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:  # never issued
                prefix = self.rng.choice(letters) + self.rng.choice(letters)
            return (
                "National Insurance number",
                f"{prefix} {number[:2]} {number[2:4]} {number[4:]} A",
            )
        if self.locale == "de_DE":
            while True:
                value = str(self.rng.randrange(10**10, 10**11))
                if idnr.is_valid(value):
                    return "Steuer-ID", value
        if self.locale == "es_ES":
            return "DNI", self.fake.nif()
        labels = {"en_US": "SSN", "fr_FR": "numéro de sécurité sociale", "hr_HR": "OIB",
                  "it_IT": "codice fiscale", "nl_NL": "BSN"}  # fmt: skip
        return labels[self.locale], self.fake.ssn()

    def card(self) -> str:
        prefix, length = self.rng.choice(_CARD_PREFIXES)
        body = prefix + "".join(
            self.rng.choice(string.digits) for _ in range(length - 1 - len(prefix))
        )
        digits = body + luhn.calc_check_digit(body)
        if self.rng.random() < 0.4:
            return digits
        if length == 15:
            return f"{digits[:4]} {digits[4:10]} {digits[10:]}"
        return " ".join(digits[i : i + 4] for i in range(0, length, 4))

    def ip(self) -> str:
        if self.rng.random() < 0.3:
            return str(ipaddress.IPv6Address(self.rng.randrange(0x2001 << 112, 0x2C00 << 112)))
        while True:
            address = ipaddress.IPv4Address(self.rng.randrange(1 << 24, 223 << 24))
            if address.is_global:
                return str(address)

    def date(self, start: int = 1940, end: int = 2006) -> str:
        day = date(start, 1, 1) + timedelta(days=self.rng.randrange((end - start) * 365))
        styles = [f"{day:%d.%m.%Y}", f"{day:%d/%m/%Y}", f"{day:%Y-%m-%d}",
                  f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}",
                  f"{_MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"]  # fmt: skip
        return self.rng.choice(styles)

    def dob(self) -> str:
        return self.date(1940, 2006)

    def address(self) -> str:
        f = self.fake
        street = f.street_address().replace("\n", ", ")
        if self.locale == "en_US":
            return f"{street}, {f.city()}, {f.state_abbr()} {f.zipcode()}"
        if self.locale == "en_GB":
            return f"{street}, {f.city()} {f.postcode()}"
        return f"{street}, {f.postcode()} {f.city()}"
