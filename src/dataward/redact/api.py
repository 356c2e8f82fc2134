"""The Python API: ``redact(text)``, and building redactors from settings.

Nothing is built at import time. :func:`build_redactor` is what long-lived callers (the
retention engine, the CLI) use; :func:`redact` keeps one default redactor, built on its
first call, for scripts and notebooks.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from dataward.redact.analyzer import Analyzer
from dataward.redact.detectors.phone import DEFAULT_REGIONS
from dataward.redact.model import RedactionResult
from dataward.redact.operators import Operator
from dataward.redact.redactor import Redactor
from dataward.redact.registry import DetectorRegistry, NamesMode


def build_redactor(
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    names: NamesMode = "auto",
    operator: Operator | None = None,
    registry: DetectorRegistry | None = None,
) -> Redactor:
    """A redactor with the registry's detectors configured by ``settings``.

    ``settings`` maps a detector name to its options, e.g.
    ``{"phone": {"regions": ["GB", "HR"]}, "national_id": {"enabled": False}}``.
    """
    detectors = (registry or DetectorRegistry()).build(settings, names)
    return Redactor(Analyzer(detectors), operator)


def phone_regions(region: str | None) -> list[str]:
    """The regions national phone numbers are read for: ``region`` first, then the defaults.

    ``region`` is the inventory's ``identity.default_region`` or a command's ``--region``:
    a number written "0412 345 678" is found only when its country is among these.
    """
    if region is None:
        return list(DEFAULT_REGIONS)
    return [region.upper(), *(other for other in DEFAULT_REGIONS if other != region.upper())]


def region_settings(region: str | None) -> dict[str, dict[str, Any]]:
    """Detector settings for :func:`build_redactor` that read ``region``'s national numbers."""
    return {"phone": {"regions": phone_regions(region)}}


@lru_cache(maxsize=1)
def _default_redactor() -> Redactor:
    return build_redactor()


def redact(text: str, *, redactor: Redactor | None = None) -> RedactionResult:
    """``text`` with personal data replaced by typed placeholders, and the findings."""
    return (redactor or _default_redactor()).redact(text)
