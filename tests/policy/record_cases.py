"""A small policy with every kind of promise the records show: a controller and a processor
activity, a recipient outside the EEA with a transfer, consent and a customer-set period."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dataward.policy import Policy, parse_policy
from tests.policy.factories import minimal_policy, to_yaml


def records_policy() -> dict[str, Any]:
    document = minimal_policy()
    document["subject_categories"].append(
        {
            "id": "end_user",
            "name": "End-user of a customer",
            "description": "Receives messages from our customers.",
            "relationship": "customer",
        }
    )
    document["data_categories"].append(
        {
            "id": "message_content",
            "name": "Communications content",
            "description": "Message text and media.",
            "fides_keys": ["user.content.private"],
        }
    )
    document["anchor_events"] += [
        {"id": "communication", "phrase": "the communication"},
        {"id": "unsubscribe", "phrase": "you unsubscribe"},
    ]
    document["recipients"].append(
        {
            "id": "acme",
            "name": "Acme Mailer",
            "description": "Sends our newsletters.",
            "role": "processor",
            "locations": ["US"],
            "agreement": {"in_place": True, "since": "2025-01-01"},
            "last_assessment": "2026-01-01",
            "reassessment_months": 12,
        }
    )
    document["transfers"].append(
        {
            "id": "acme_us",
            "recipient": "acme",
            "destination": "US",
            "safeguard": "standard_contractual_clauses",
        }
    )
    document["activities"] += [
        {
            "id": "marketing",
            "name": "Marketing",
            "section": "5.6",
            "summary": "We send you news when you subscribe.",
            "role": "controller",
            "subjects": ["customer_individual"],
            "data_categories": ["contact"],
            "sources": [{"kind": "data_subject", "description": "When you subscribe."}],
            "purposes": [
                {
                    "id": "newsletter",
                    "description": "Send newsletters.",
                    "legal_basis": "consent",
                    "fides_use": "marketing.communications",
                }
            ],
            "recipients": ["acme"],
            "transfers": ["acme_us"],
            "retention": [
                {
                    "id": "marketing_until_unsubscribe",
                    "description": "Marketing contact data",
                    "data_categories": ["contact"],
                    "action": "suppress",
                    "anchor": {"event": "unsubscribe"},
                    "offset": {"days": 0},
                }
            ],
        },
        {
            "id": "content",
            "name": "Communications content",
            "section": "5.2",
            "summary": "We deliver our customers' messages.",
            "role": "processor",
            "subjects": ["end_user"],
            "data_categories": ["message_content"],
            "sources": [{"kind": "customer", "description": "From our customers."}],
            "purposes": [
                {
                    "id": "deliver",
                    "description": "Deliver the customer's messages.",
                    "legal_basis": "contract",
                    "fides_use": "essential.service",
                }
            ],
            "recipients": ["hosting"],
            "retention": [
                {
                    "id": "content_per_customer",
                    "description": "Communications content",
                    "data_categories": ["message_content"],
                    "action": "delete",
                    "anchor": {"event": "communication", "align": "end_of_month"},
                    "offset": {"months": 12},
                    "period_set_by": "customer",
                }
            ],
        },
    ]
    document["security"] = ["Certified to ISO 27001."]
    return document


def load(document: dict[str, Any]) -> Policy:
    return parse_policy(to_yaml(document), "policy.yaml")


def write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(to_yaml(document), "utf-8")
    return path
