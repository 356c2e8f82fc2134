"""Running detectors over text and settling overlaps between their findings.

Two detectors may claim the same characters ("+44 20 7946 0958" inside an address line,
a card number that also parses as a phone number). The more confident finding wins, then
the longer one; what remains never overlaps, so replacing it is unambiguous.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise
from operator import attrgetter
from typing import Any

from dataward.redact.base import Detector
from dataward.redact.model import Finding

_span = attrgetter("start", "end")


def resolve(findings: Iterable[Finding]) -> list[Finding]:
    """Non-overlapping findings, by position; the highest score, then the longest, wins."""
    found = list(findings)
    # By span alone: when nothing overlaps no two spans share a start, so this is the
    # findings' own order, without a generated dataclass comparison per pair.
    ordered = sorted(found, key=_span)
    if all(first.end <= second.start for first, second in pairwise(ordered)):
        return ordered  # the common case: nothing to settle
    kept: list[Finding] = []
    # A stable sort: on equal score and span the earlier detector (registry order) wins.
    ranked = sorted(found, key=lambda f: (-f.score, -(f.end - f.start), f.start))
    for finding in ranked:
        if not any(finding.overlaps(other) for other in kept):
            kept.append(finding)
    return sorted(kept)


class Analyzer:
    """Finds personal data with a fixed list of configured detectors."""

    def __init__(self, detectors: Sequence[Detector[Any]]) -> None:
        self.detectors = list(detectors)

    def analyze(self, text: str) -> list[Finding]:
        return self.analyze_batch([text])[0]

    def analyze_batch(self, texts: Sequence[str]) -> list[list[Finding]]:
        """Findings per text; model-backed detectors see all texts at once, in batches."""
        per_text: list[list[Finding]] = [[] for _ in texts]
        plain = [d for d in self.detectors if not d.reads_masked]
        for detector in plain:
            find = detector.find
            if detector.config.min_score > 0:
                for found, text in zip(per_text, texts, strict=True):
                    found.extend(_confident(detector, find(text)))
            else:  # the default; on short texts this loop's own cost shows
                for found, text in zip(per_text, texts, strict=True):
                    found.extend(find(text))
        masked_readers = [d for d in self.detectors if d.reads_masked]
        if masked_readers:
            masked = [mask(text, found) for text, found in zip(texts, per_text, strict=True)]
            for detector in masked_readers:
                for found, batch in zip(per_text, detector.find_batch(masked), strict=True):
                    found.extend(_confident(detector, batch))
        return [resolve(found) for found in per_text]


def _confident(detector: Detector[Any], findings: Iterable[Finding]) -> Iterable[Finding]:
    threshold = detector.config.min_score
    return findings if threshold <= 0 else (f for f in findings if f.score >= threshold)


def mask(text: str, findings: Iterable[Finding]) -> str:
    """``text`` with each finding overwritten by ``x``s: same offsets, one plain token."""
    chars = list(text)
    for finding in findings:
        chars[finding.start : finding.end] = "x" * (finding.end - finding.start)
    return "".join(chars)
