"""IPv4 and IPv6 addresses, validated by :mod:`ipaddress`, never version strings.

"version 1.2.3.4", "v10.0.0.1" and "build 4.2.0.1" are valid dotted quads; a cue word just
before the number (or a letter glued to it) says it is a version, and it is left alone.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from typing import ClassVar

from dataward.redact.base import Cue, Detector, DetectorConfig
from dataward.redact.model import Entity, Finding

# The scan looks for the first dot of a dotted quad: a literal, which the regex engine
# finds far faster than a digit class, and dots are rarer than digits. The first group is
# read backwards from it. ipaddress reads ASCII digits only.
_IPV4_FIRST_DOT = re.compile(r"\.(?=(?P<rest>[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3})(?![\w-]|\.\d))")
_ASCII_DIGITS = frozenset("0123456789")
# Hex groups and colons, at least two colons; "::ffff:192.0.2.1" (embedded IPv4) included.
_IPV6 = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?"
    r"(?![\w:]|\.\d)"
)
# Every IPv6 address has two colons at most four hex digits apart; the scan looks for that
# (a literal ":" lets the regex engine skip quickly) and reads the whole address from the
# start of its run of hex digits and colons.
_IPV6_CORE = re.compile(r":[0-9A-Fa-f]{0,4}:")
_HEX_OR_COLON = frozenset("0123456789abcdefABCDEF:")
# "version 1.2.3.4", "firmware: v10.0.0.1": a word, then spaces, ":" or "#", and a "v".
_VERSION_CUES = Cue(
    "version|ver|ver.|release|releases|released|build|firmware|fw|update|updates|updated|"
    "upgrade|upgraded|patch|patched|sdk|api|app|os|kernel|driver|package|library|plugin|"
    "rev|rev.|revision",
    gap=r"v?\s*[:#]?\s*",
    width=24,
)


class IpConfig(DetectorConfig):
    # Loopback, unspecified and documentation-only addresses say nothing about a person,
    # but operators who redact logs may still want them gone.
    include_special: bool = False


class IpAddressDetector(Detector[IpConfig]):
    name = "ip_address"
    entity = Entity.IP_ADDRESS
    config_model: ClassVar[type[DetectorConfig]] = IpConfig
    score = 0.9

    def find(self, text: str) -> Iterator[Finding]:
        for start, end in _ipv4_spans(text):
            if self._accept(text[start:end], text, start):
                yield self.finding(start, end)
        for start, end in _ipv6_runs(text):
            if self._accept(text[start:end], text, start):
                yield self.finding(start, end)

    def _accept(self, value: str, text: str, start: int) -> bool:
        if _VERSION_CUES.before(text, start):  # cheaper than parsing, and often the answer
            return False
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return False
        return self.config.include_special or not _unspecified_or_loopback(address)


def _unspecified_or_loopback(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """``is_unspecified or is_loopback`` as integer tests; the properties test membership
    in network objects, which costs more than parsing the address did."""
    number = int(address)
    if address.version == 4:
        return number == 0 or number >> 24 == 127
    return number in (0, 1)


def _ipv4_spans(text: str) -> Iterator[tuple[int, int]]:
    """Dotted quads whose first group (1–3 digits) starts a word, not a dotted number."""
    for dot in _IPV4_FIRST_DOT.finditer(text):
        start = dot.start()
        while start > dot.start() - 3 and text[start - 1 : start] in _ASCII_DIGITS:
            start -= 1
        before = text[start - 1 : start]
        if start < dot.start() and not (before.isalnum() or before in (".", "-")):
            yield start, dot.end("rest")


def _ipv6_runs(text: str) -> Iterator[tuple[int, int]]:
    """Spans that the IPv6 pattern matches, found from the colons out."""
    position = 0
    while (core := _IPV6_CORE.search(text, position)) is not None:
        start = core.start()
        while start > 0 and text[start - 1] in _HEX_OR_COLON:
            start -= 1
        match = _IPV6.match(text, start)
        if match is not None and match.end() > core.start():
            yield match.span()
        position = max(core.end() - 1, match.end() if match is not None else 0)
