"""Message texts of the demo: what customers send their end-users, built from templates.

Some texts name the end-user, as real notifications do, so that communications content
holds personal data beyond the phone number.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

SMS = (
    "Your verification code is {code}. It expires in 10 minutes.",
    "Hi {name}, your appointment is confirmed for {day}.{month}. at {hour}:{minute}.",
    "Your parcel {code} will be delivered today between {hour}:00 and {later}:00.",
    "A payment of EUR {amount} was made with your card ending {last4}.",
    "Your driver {name} is arriving in 3 minutes.",
    "Reminder: your subscription renews on {day}.{month}. Reply STOP to opt out.",
)
EMAIL = (
    "Subject: Your invoice {code}\n\nDear {name}, your invoice for EUR {amount} is attached.",
    "Subject: Welcome aboard\n\nHi {name}, please confirm your address within 24 hours.",
    "Subject: Password reset\n\nHi {name}, use code {code} to reset your password.",
)
CHAT = (
    "Hi {name}! Your order #{code} has shipped.",
    "Hello {name}, how would you rate your visit today? Reply 1-5.",
    "Your table for {party} is booked for {hour}:{minute} today. See you soon, {name}!",
)


def message_body(rng: random.Random, channel: str, names: Sequence[str]) -> str:
    if channel == "voice":
        return f"[call recording] https://recordings.example/{rng.getrandbits(64):016x}.wav"
    templates = EMAIL if channel == "email" else CHAT if channel in ("whatsapp", "viber") else SMS
    hour = rng.randint(8, 18)
    return rng.choice(templates).format(
        code=rng.randrange(100_000, 999_999),
        name=rng.choice(names),
        day=rng.randint(1, 28),
        month=rng.randint(1, 12),
        hour=hour,
        later=hour + 4,
        minute=f"{rng.choice((0, 15, 30, 45)):02d}",
        amount=f"{rng.uniform(5, 900):.2f}",
        last4=f"{rng.randrange(10_000):04d}",
        party=rng.randint(2, 8),
    )
