"""Email addresses: a tight regex, then the shape rules of RFC 5321 that a regex misses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from dataward.redact.base import Detector, DetectorConfig
from dataward.redact.model import Entity, Finding

# Local part and domain in the dot-atom form people actually write; Unicode letters are
# allowed because "ana.kovačić@primjer.hr" is a real address (SMTPUTF8).
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w+-](?:[\w.+-]{0,62}[\w+-])?@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,24}\b"
)
# "logo@2x.png", "font@latest.js": asset names, not mailboxes.
_FILE_SUFFIXES = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "css", "js", "ts", "ico"})


class EmailConfig(DetectorConfig):
    pass


class EmailDetector(Detector[EmailConfig]):
    name = "email"
    entity = Entity.EMAIL
    config_model: ClassVar[type[DetectorConfig]] = EmailConfig
    score = 1.0

    def find(self, text: str) -> Iterator[Finding]:
        if "@" not in text:  # the common case, and far cheaper than the regex
            return
        for match in _EMAIL.finditer(text):
            value = match.group()
            if ".." in value or value.rsplit(".", 1)[1].lower() in _FILE_SUFFIXES:
                continue
            yield self.finding(match.start(), match.end())
