"""What the public request pages show: choices for the form, and statuses in plain words."""

from __future__ import annotations

from typing import Any

from dataward.policy import Policy
from dataward.policy.model import LegalBasis
from dataward.requests.jurisdictions import JurisdictionTable
from dataward.web.forms import purposes_by_basis, request_types

STATUS_WORDS = {
    "awaiting_verification": "Waiting for the code we sent you",
    "verified": "Received and verified: our privacy team will look at it",
    "in_progress": "Being carried out",
    "failed": "Being carried out (one of our systems needs another try)",
    "waiting_for_staff": "Being carried out (our privacy team is looking at a problem)",
    "ready": "Done on our side: our privacy team is preparing the reply",
    "completed": "Completed",
    "rejected": "Closed without being carried out",
    "expired": "Expired: the code was never entered",
}


def countries(table: JurisdictionTable) -> list[tuple[str, str]]:
    """Suggestions for the country field: the jurisdictions with their own deadlines."""
    return sorted(((item.code, item.name) for item in table), key=lambda pair: pair[1])


def request_form_context(
    policy: Policy, table: JurisdictionTable, values: dict[str, Any]
) -> dict[str, Any]:
    return {
        "rights": request_types(policy),
        "relationships": [(item.id, item.title) for item in policy.relationships],
        "countries": countries(table),
        "object_purposes": purposes_by_basis(policy, LegalBasis.legitimate_interests),
        "withdraw_purposes": purposes_by_basis(policy, LegalBasis.consent),
        "values": values,
        "status_words": STATUS_WORDS,
    }
