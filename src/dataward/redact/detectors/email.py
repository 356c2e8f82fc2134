"""Email addresses: a tight regex, then the shape rules of RFC 5321 that a regex misses.

The scan starts at each "@" (a plain substring search) and reads the domain forwards and
the local part backwards from there: a regex that had to guess where a local part begins
would try every word of the text as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from dataward.redact.base import Detector, DetectorConfig
from dataward.redact.model import Entity, Finding

# The domain in the dot-atom form people actually write; Unicode letters are allowed
# because "ana.kovačić@primjer.hr" is a real address (SMTPUTF8).
_DOMAIN = re.compile(r"@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,24}\b")
# Besides letters and digits (str.isalnum), what a local part is made of.
_LOCAL_PUNCTUATION = frozenset("_.+-")
_MAX_LOCAL = 64
# "logo@2x.png", "font@latest.js": asset names, not mailboxes.
_FILE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".css", ".js", ".ts", ".ico")


class EmailConfig(DetectorConfig):
    pass


class EmailDetector(Detector[EmailConfig]):
    name = "email"
    entity = Entity.EMAIL
    config_model: ClassVar[type[DetectorConfig]] = EmailConfig
    score = 1.0

    def find(self, text: str) -> Iterator[Finding]:
        taken = 0  # findings never overlap: "a@b.hr@c.org" is one address, then junk
        at = text.find("@")
        while at >= 0:
            domain = _DOMAIN.match(text, at)
            if domain is not None:
                start = _local_start(text, at)
                local, host = text[start:at], domain.group()
                if start >= taken and _is_local_part(local):
                    taken = domain.end()
                    if ".." not in local + host and not host.lower().endswith(_FILE_SUFFIXES):
                        yield self.finding(start, domain.end())
            at = text.find("@", at + 1)


def _local_start(text: str, at: int) -> int:
    """Where the run of local-part characters that ends at ``at`` begins."""
    start = at
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in _LOCAL_PUNCTUATION):
        start -= 1
        if at - start > _MAX_LOCAL:
            break  # too long to be a local part; the exact start no longer matters
    return start


def _is_local_part(local: str) -> bool:
    return 0 < len(local) <= _MAX_LOCAL and local[0] != "." and local[-1] != "."
