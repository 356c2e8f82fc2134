"""Finding and removing personal data in free text: survey answers, tickets, transcripts.

Glossary:

detector
    A small class that finds one kind of personal data (``email``, ``phone``…) and has a
    typed config; the :class:`DetectorRegistry` lists the built-ins and takes new ones.
finding
    Where a detector found something: entity type, span, detector, score. Never the value.
operator
    What replaces a finding: a typed placeholder (``<EMAIL>``) or a keyed pseudonym.
redactor
    Detectors plus an operator: ``redact(text)`` returns a :class:`RedactionResult`.

Example: ``redact("Call Ana on +385 91 123 4567").text`` is ``"Call Ana on <PHONE>"``
(``"Call <PERSON> on <PHONE>"`` with the names extra installed).
"""

from dataward.redact.analyzer import Analyzer
from dataward.redact.api import build_redactor, phone_regions, redact, region_settings
from dataward.redact.base import Detector, DetectorConfig
from dataward.redact.known import redact_known
from dataward.redact.model import Entity, Finding, RedactionResult
from dataward.redact.operators import Operator, Placeholder, Pseudonym
from dataward.redact.redactor import Redactor
from dataward.redact.registry import BUILTINS, DetectorRegistry, SettingsError
from dataward.redact.service import BatchResult, RedactionService, pending_clause

__all__ = [
    "BUILTINS",
    "Analyzer",
    "BatchResult",
    "Detector",
    "DetectorConfig",
    "DetectorRegistry",
    "Entity",
    "Finding",
    "Operator",
    "Placeholder",
    "Pseudonym",
    "RedactionResult",
    "RedactionService",
    "Redactor",
    "SettingsError",
    "build_redactor",
    "pending_clause",
    "phone_regions",
    "redact",
    "redact_known",
    "region_settings",
]
