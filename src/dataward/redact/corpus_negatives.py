"""Hard negatives for the corpus: look like personal data to a pattern, and are not."""

from __future__ import annotations

import random
import string

from stdnum import ean, luhn

from dataward.redact.corpus_values import Values


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


def negative(kind: str, values: Values) -> str:
    rng = values.rng
    if kind == "date":
        return values.date(2015, 2026)
    if kind == "version":
        parts = [str(rng.randrange(0, 30)) for _ in range(rng.choice([3, 4]))]
        return rng.choice(["version ", "v", "build ", "firmware ", "app version "]) + ".".join(
            parts
        )
    if kind == "price":
        amount = rng.randrange(100, 250000) / 100
        spaced = f"{amount:,.2f} EUR".replace(",", " ")
        return rng.choice([f"€{amount:,.2f}", f"${amount:,.2f}", f"£{amount:.2f}", spaced])
    if kind == "order":
        return rng.choice([
            f"order #{_digits(rng, 10)}",
            f"order no. {_digits(rng, 3)}-{_digits(rng, 7)}-{_digits(rng, 7)}",
            f"ORD-{rng.randrange(2018, 2026)}-{_digits(rng, 5)}",
            f"invoice INV-{rng.randrange(2018, 2026)}-{_digits(rng, 6)}",
            f"order {_card_like(rng)}",
        ])  # fmt: skip
    if kind == "product":
        body = _digits(rng, 12)
        return rng.choice([
            f"SKU {body}{ean.calc_check_digit(body)}",
            f"model X{rng.randrange(1, 9)}-{_digits(rng, 3)}-{_digits(rng, 4)}",
            f"part no. {_digits(rng, 4)}-{_digits(rng, 4)}-{_digits(rng, 2)}",
            f"ISBN 978-{rng.randrange(9)}-{_digits(rng, 2)}-{_digits(rng, 6)}-{rng.randrange(10)}",
            f"serial {rng.choice(string.ascii_uppercase)}{_digits(rng, 11)}",
        ])  # fmt: skip
    if kind == "timestamp":
        stamp = values.date(2020, 2026)
        return rng.choice([
            f"{rng.randrange(2020, 2026)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            f"T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}Z",
            f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}",
            str(rng.randrange(1_500_000_000, 1_800_000_000)),
            f"{stamp} at {rng.randrange(24):02d}:{rng.randrange(60):02d}",
        ])  # fmt: skip
    if kind == "tracking":
        return rng.choice([
            f"1Z{_digits(rng, 3)}AA1{_digits(rng, 10)}",
            f"JD{_digits(rng, 18)}",
            f"{_digits(rng, 22)}",
            f"LX{_digits(rng, 9)}DE",
        ])  # fmt: skip
    if kind == "ticket":
        reference = f"reference {_digits(rng, 4)} {_digits(rng, 4)} {_digits(rng, 4)}"
        return rng.choice([f"ticket #{_digits(rng, 6)}", f"case {_digits(rng, 8)}", reference])
    raise ValueError(kind)


def _card_like(rng: random.Random) -> str:
    """A Luhn-valid 16-digit number in a card range: an order id that looks like a card."""
    body = "4" + _digits(rng, 14)
    return body + luhn.calc_check_digit(body)


NEGATIVE_KINDS = ["date", "version", "price", "order", "product", "timestamp", "tracking", "ticket"]
