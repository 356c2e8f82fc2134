"""Reading the identity a caller names: ``ana@example.com``, ``+385911234567``, ``subject:42``.

Normalisation itself is :mod:`dataward.inventory.identity` (one spelling per person). This
module decides which kind a bare string is, and adds a fast path for decisions: a sender asks
before every message, and full validation (``email-validator`` ~17 µs, ``phonenumbers``
~13 µs) would cost more than the whole decision. Strings already in canonical form skip it.

Writes (consent, suppression, facts) always validate fully, so the ledger only ever holds
valid identities. A decision about a canonical-looking phone number that no numbering plan
assigns is simply a person with no records. A number that *looks* canonical but would be
rewritten (``+44 07911…`` drops the national prefix 0 to ``+447911…``) must not skip
normalisation, or it would miss its own records: such numbers take the full path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import phonenumbers
from phonenumbers import PhoneMetadata

from dataward.consent.errors import ConsentInputError
from dataward.inventory.identity import EMAIL, PHONE, Identity, Normaliser

SUBJECT = "subject"
CONTACT_KINDS = frozenset({EMAIL, PHONE})

# Sending channels and the kind of identity that reaches a person on each.
CHANNELS: dict[str, str] = {
    "email": EMAIL,
    "sms": PHONE,
    "voice": PHONE,
    "whatsapp": PHONE,
    "viber": PHONE,
    "rcs": PHONE,
}

_PREFIX = re.compile(r"([a-z][a-z0-9_]{0,31}):(.+)", re.DOTALL)
# A conservative subset of what email-validator accepts and leaves unchanged once lower-cased:
# dot-atom local part, LDH labels, a TLD starting with a letter. Anything else (quoted local
# parts, IDNA, unusual characters) takes the full validator. tests/consent prove the subset.
# Possessive quantifiers: a failed match gives up at once instead of backtracking.
_EMAIL_BODY = r"[a-z0-9_+-]++(?:\.[a-z0-9_+-]++)*+@(?:[a-z0-9-]{1,63}+\.)++[a-z][a-z0-9-]{0,62}+"
# The lookahead bounds the local part to 64 characters.
_PLAIN_EMAIL = re.compile(r"(?=[^@]{1,64}@)" + _EMAIL_BODY)
# What the plain pattern lets through but the validator treats otherwise: a label starting or
# ending with a hyphen, IDNA labels (xn--, shown as Unicode), special-use top-level domains.
_SPECIAL_USE = ("arpa", "invalid", "local", "localhost", "onion", "test")
_NOT_PLAIN = re.compile(rf"@-|-\.|\.-|-$|xn--|\.(?:{'|'.join(_SPECIAL_USE)})$")
# The same checks for a list, one identity a line, over the joined text: a million identities
# in one C loop instead of a million Python calls. Per line: not a leading '+' (a phone's
# mark, which decision_key reads first), at most 254 characters.
_EMAIL_LINE = r"(?!\+)(?=[^@\n]{1,64}@)(?=[^\n]{1,254}(?:\n|\Z))" + _EMAIL_BODY
_PLAIN_EMAIL_LINES = re.compile(rf"{_EMAIL_LINE}(?:\n{_EMAIL_LINE})*+")
# _NOT_PLAIN as substrings of the joined text with a final newline ('$' is a line's end):
# str's substring search is several times faster than the regex's alternation.
_NOT_PLAIN_LINES = ("@-", "-.", ".-", "-\n", "xn--", *(f".{tld}\n" for tld in _SPECIAL_USE))
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")


def parse_identity(
    raw: str, *, field: str = "identity", normaliser: Normaliser | None = None
) -> Identity:
    """The normalised identity named by ``raw``, fully validated (for anything stored).

    ``kind:value`` names the kind (``email:``, ``phone:``, ``subject:``, or an inventory kind
    such as ``customer_id:``); otherwise an ``@`` means email and a leading ``+`` a phone.
    """
    kind, value = _split(raw, field)
    try:
        return (normaliser or Normaliser()).identity(kind, value)
    except ValueError as error:
        raise ConsentInputError(field, str(error)) from None


def decision_identity(raw: str, *, field: str = "identity") -> Identity:
    """Like :func:`parse_identity`, but canonical emails and E.164 numbers skip validation."""
    kind, key = decision_key(raw, field=field)
    return Identity(kind, key[len(kind) + 1 :])


def decision_key(raw: str, *, field: str = "identity") -> tuple[str, str]:
    """``(kind, "kind:value")`` of the identity ``raw`` names: what decisions look up.

    Strings already in canonical form (a plain lower-case email, +E.164) are taken as they are.
    """
    text = raw.strip()
    if text.isascii():
        if text.startswith("+"):
            if _E164.fullmatch(text) and _is_canonical_phone(text):
                return PHONE, "phone:" + text
        elif "@" in text and ":" not in text:
            lowered = text.lower()
            if _is_plain_email(lowered):
                return EMAIL, "email:" + lowered
    identity = parse_identity(raw, field=field)
    return identity.kind, f"{identity.kind}:{identity.value}"


def plain_email_keys(raws: Sequence[object]) -> list[str] | None:
    """``"email:…"`` keys of ``raws`` when every one is a canonical email as written (up to
    case), else None: the bulk form of :func:`decision_key`'s fast path, same answers.

    None (the caller then reads each one) for anything else: a phone, a prefixed kind,
    surrounding spaces, a non-string, a newline inside an item.
    """
    if not raws:
        return []
    try:
        joined = "\n".join(raws)  # type: ignore[arg-type]  # a non-string raises TypeError
    except TypeError:
        return None
    if not joined.isascii() or joined.count("\n") != len(raws) - 1:
        return None
    lowered = joined.lower()
    if _PLAIN_EMAIL_LINES.fullmatch(lowered) is None:
        return None
    ended = lowered + "\n"
    if any(part in ended for part in _NOT_PLAIN_LINES):
        return None
    return ("email:" + lowered.replace("\n", "\nemail:")).split("\n")


def contact_identity(raw: str, *, field: str = "contact") -> Identity:
    """An email or phone contact (what the suppression list holds), fully validated."""
    identity = parse_identity(raw, field=field)
    if identity.kind not in CONTACT_KINDS:
        raise ConsentInputError(
            field, f"{raw!r} is not an email address or phone number (the list holds contacts)"
        )
    return identity


def check_channel(channel: str | None, kind: str, *, field: str = "channel") -> None:
    """Refuse a channel that cannot reach an identity of ``kind`` (an SMS to an email)."""
    if channel is None:
        return
    needed = CHANNELS.get(channel)
    if needed is None:
        known = ", ".join(sorted(CHANNELS))
        raise ConsentInputError(field, f"unknown channel {channel!r}; known: {known}")
    if kind in CONTACT_KINDS and kind != needed:
        raise ConsentInputError(field, f"channel {channel!r} needs a {needed} identity, not {kind}")


def _split(raw: str, field: str) -> tuple[str, str]:
    text = raw.strip()
    if not text:
        raise ConsentInputError(field, "is empty")
    prefixed = _PREFIX.fullmatch(text)
    if prefixed:
        return prefixed.group(1), prefixed.group(2)
    if "@" in text:
        return EMAIL, text
    if text.startswith("+"):
        return PHONE, text
    raise ConsentInputError(
        field,
        f"cannot tell what {raw!r} is: give an email, a phone in +E.164 form, "
        "or prefix the kind (subject:…, customer_id:…)",
    )


def _is_canonical_phone(text: str) -> bool:
    """No national prefix (or carrier code) after the country code that parsing would strip."""
    for length in (1, 2, 3):
        patterns = _prefix_patterns().get(text[1 : 1 + length])
        if patterns is not None:
            national = text[1 + length :]
            for pattern in patterns:
                found = pattern.match(national)
                if found and (found.end() or any(g is not None for g in found.groups())):
                    return False
            return True
    return False


@cache
def _prefix_patterns() -> dict[str, list[re.Pattern[str]]]:
    """Country calling code → the national-prefix patterns phonenumbers strips when parsing."""
    patterns: dict[str, list[re.Pattern[str]]] = {}
    for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items():
        found = patterns.setdefault(str(code), [])
        for region in regions:
            if region == "001":  # non-geographic: metadata is per calling code
                metadata = PhoneMetadata.metadata_for_nongeo_region(code)
            else:
                metadata = PhoneMetadata.metadata_for_region(region)
            if metadata is not None and metadata.national_prefix_for_parsing:
                found.append(re.compile(metadata.national_prefix_for_parsing))
    return patterns


def _is_plain_email(lowered: str) -> bool:
    return (
        len(lowered) <= 254
        and _PLAIN_EMAIL.fullmatch(lowered) is not None
        and _NOT_PLAIN.search(lowered) is None
    )
