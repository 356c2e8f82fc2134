"""IPv4 and IPv6 addresses, validated by :mod:`ipaddress`, never version strings.

"version 1.2.3.4", "v10.0.0.1" and "build 4.2.0.1" are valid dotted quads; a cue word just
before the number (or a letter glued to it) says it is a version, and it is left alone.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from typing import ClassVar

from dataward.redact.base import Detector, DetectorConfig, has_cue, starts_word
from dataward.redact.model import Entity, Finding

_IPV4 = re.compile(r"(?:\d{1,3}\.){3}\d{1,3}(?![\w-]|\.\d)")
# Hex groups and colons, at least two colons; "::ffff:192.0.2.1" (embedded IPv4) included.
_IPV6 = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?"
    r"(?![\w:]|\.\d)"
)
_VERSION_CUES = re.compile(
    r"\b(version|ver\.?|release[sd]?|build|firmware|fw|update[sd]?|upgraded?|patch(ed)?|"
    r"sdk|api|app|os|kernel|driver|package|library|plugin|rev\.?|revision)"
    r"\s*[:#]?\s*v?$"
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
        if "." in text:
            for match in _IPV4.finditer(text):
                if starts_word(text, match.start(), ".-") and self._accept(
                    match.group(), text, match.start()
                ):
                    yield self.finding(match.start(), match.end())
        if "::" in text or text.count(":") >= 3:
            for match in _IPV6.finditer(text):
                value = match.group()
                if value.count(":") >= 2 and self._accept(value, text, match.start()):
                    yield self.finding(match.start(), match.end())

    def _accept(self, value: str, text: str, start: int) -> bool:
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return False
        if not self.config.include_special and (address.is_unspecified or address.is_loopback):
            return False
        return not has_cue(_VERSION_CUES, text, start, 24)
