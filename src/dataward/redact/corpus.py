"""A labelled corpus of support tickets, survey answers and interview transcripts.

Texts are English (the language of the name model) with people, numbers and addresses
from several Faker locales, and with hard negatives in every document. Each document
knows the exact span and type of each piece of personal data in it, so a detector can be
scored per entity: ``python -m dataward.redact.corpus 5`` prints a few.
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass

from dataward.redact.corpus_negatives import negative
from dataward.redact.corpus_values import LOCALES, Values
from dataward.redact.model import Entity

_TICKET = [
    "Hi, my name is {name} and I cannot log in to my account since {neg:date}.",
    "Hello support, this is {name} from {company}.",
    "You can reach me on {phone} or at {email}.",
    "Please send the invoice to {email}, our VAT number is {vat}.",
    "The SMS to {phone} was never delivered, see {neg:ticket}.",
    "I was charged {neg:price} twice for {neg:order}.",
    "Please refund it to my IBAN {iban} as soon as possible.",
    "I paid with my card {card} but the payment failed at {neg:timestamp}.",
    "The API keeps returning 403 from {ip} after we upgraded to {neg:version}.",
    "Our server at {ip} cannot reach your webhook since {neg:timestamp}.",
    "The parcel ({neg:tracking}) should go to {address}.",
    "My new billing address is {address}.",
    "For the identity check: I was born on {dob}.",
    "DOB: {dob}, as on my passport.",
    "For verification, my {nid}.",
    "The device is {neg:product}, running {neg:version}.",
    "My colleague {name2} ({phone}) handles billing while I am away.",
    "We are based in {city} and the delivery on {neg:date} never arrived.",
    "Our account manager {name2} promised a discount of {neg:price} on {neg:order}.",
]
_SURVEY = [
    "The onboarding was easy, but {neg:version} broke our integration.",
    "Support agent {name2} was really helpful!",
    "I'm {name}, feel free to contact me at {email} about this survey.",
    "The price increase to {neg:price} per month is too much for us.",
    "Call me if you want more feedback: {phone}.",
    "Delivery reports arrived late on {neg:date} and again on {neg:date}.",
    "As a customer since {neg:date} I expected better, {name}.",
    "Nothing else to add, the product ({neg:product}) works fine.",
    "My date of birth is {dob}, why do you even ask for it?",
    "Our team in {city} sends about {count} messages a day without problems.",
    "Your invoice for {neg:order} listed the wrong VAT number, ours is {vat}.",
]
_TRANSCRIPT = [
    "Interviewer: Could you introduce yourself?\n{name}: Sure, I'm {name} and I work at {company}.",
    "Interviewer: Where is your office?\n{name}: At {address}, near the station.",
    "{name}: We had an outage on {neg:date}, it started at {neg:timestamp}.",
    "{name}: My colleague {name2} set up the allowlist, it was {ip} I think.",
    "{name}: You can text me on {phone} if anything is unclear.",
    "{name}: We upgraded the SDK to {neg:version} last week.",
    "Interviewer: Thanks, {name}. We'll send the voucher to {email}.",
    "{name}: Billing goes to our account {iban}, reference {neg:ticket}.",
    "{name}: I was born {dob}, so I remember the fax era.",
    "{name}: The shipment {neg:tracking} took three weeks to {city}.",
]
# Prose without personal data, between the sentences above: real tickets are mostly this.
_FILLER = [
    "Thanks for the quick reply last time.",
    "The dashboard looks much better since the redesign.",
    "We use the Android and iOS apps every day.",
    "Honestly the Messaging API is the best part of the product.",
    "Could someone from Billing look into this?",
    "I already cleared the cache and tried Chrome and Firefox.",
    "The Delivery Reports page is very slow in the mornings.",
    "Our marketing team loves the new templates.",
    "It worked fine until the last update.",
    "Please let me know if you need anything else from our side.",
    "We are evaluating a move to the Enterprise plan next quarter.",
    "The documentation for webhooks could use more examples.",
    "Nobody on our team could figure out the new Settings menu.",
    "Overall we are happy, but the onboarding took longer than expected.",
    "Your Customer Success team was friendly and patient.",
]
KINDS = {"ticket": _TICKET, "survey": _SURVEY, "transcript": _TRANSCRIPT}
_ENTITIES = {
    "name": Entity.PERSON, "name2": Entity.PERSON, "email": Entity.EMAIL, "phone": Entity.PHONE,
    "iban": Entity.IBAN, "vat": Entity.VAT_ID, "nid": Entity.NATIONAL_ID,
    "card": Entity.CARD_NUMBER, "ip": Entity.IP_ADDRESS, "dob": Entity.DATE_OF_BIRTH,
    "address": Entity.ADDRESS,
}  # fmt: skip
_SLOT = re.compile(r"\{([\w:]+)\}")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity: Entity


@dataclass(frozen=True)
class Document:
    text: str
    spans: tuple[Span, ...]
    kind: str
    locale: str


class _Builder:
    def __init__(self, values: Values) -> None:
        self.values = values
        self.parts: list[str] = []
        self.spans: list[Span] = []
        self.length = 0
        self.fixed = {"name": values.name(), "name2": values.name()}
        self.fixed["email"] = values.email(self.fixed["name"])

    def render(self, template: str) -> None:
        position = 0
        for match in _SLOT.finditer(template):
            self._add(template[position : match.start()])
            self._slot(match.group(1))
            position = match.end()
        self._add(template[position:])

    def _slot(self, slot: str) -> None:
        values = self.values
        if slot.startswith("neg:"):
            return self._add(negative(slot[4:], values))
        if slot == "nid":
            label, number = values.national_id()
            self._add(f"{label} is ")
            return self._add(number, Entity.NATIONAL_ID)
        if slot in self.fixed:
            return self._add(self.fixed[slot], _ENTITIES[slot])
        if slot in {"company", "city"}:
            return self._add(getattr(values.fake, slot)())
        if slot == "count":
            return self._add(f"{values.rng.randrange(1000, 90000):,}")
        self._add(getattr(values, slot)(), _ENTITIES[slot])

    def _add(self, text: str, entity: Entity | None = None) -> None:
        if entity is not None:
            self.spans.append(Span(self.length, self.length + len(text), entity))
        self.parts.append(text)
        self.length += len(text)


def document(rng: random.Random, kind: str, locale: str, filler: int = 0) -> Document:
    """One document; up to ``filler`` sentences without personal data follow each other one."""
    builder = _Builder(Values(locale, rng))
    pool = KINDS[kind]
    joint = "\n" if kind == "transcript" else " "
    for index, template in enumerate(rng.sample(pool, rng.randint(3, min(7, len(pool))))):
        builder.render(joint * (index > 0) + template)
        for sentence in rng.sample(_FILLER, rng.randint(0, filler)):
            builder.render(" " + sentence)
    return Document("".join(builder.parts), tuple(builder.spans), kind, locale)


def generate(
    count: int, seed: int = 0, locales: list[str] | None = None, filler: int = 0
) -> list[Document]:
    """``count`` documents, the same ones for the same arguments.

    ``filler=0`` makes every sentence carry personal data or a hard negative (the hardest
    and slowest case); ``filler=6`` adds three sentences of plain prose on average after
    each, closer to real tickets.
    """
    rng = random.Random(seed)
    locales = locales or LOCALES
    kinds = list(KINDS)
    return [
        document(rng, kinds[n % len(kinds)], locales[n % len(locales)], filler)
        for n in range(count)
    ]


if __name__ == "__main__":
    for doc in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
        print(f"--- {doc.kind} ({doc.locale})\n{doc.text}")
        for span in doc.spans:
            print(f"  {span.entity.value:14} {doc.text[span.start : span.end]!r}")
