"""A small, valid policy to build test cases from: change one field, expect one problem."""

from __future__ import annotations

import copy
from typing import Any

from ruamel.yaml import YAML

_MINIMAL: dict[str, Any] = {
    "metadata": {"version": "1.0", "last_updated": "2026-01-15"},
    "controller": {"name": "Example Ltd", "country": "GB", "email": "privacy@example.com"},
    "dpo": {"name": "Data Protection Officer", "email": "dpo@example.com"},
    "relationships": [
        {"id": "customer", "title": "Customer", "summary": "We provide services to you."}
    ],
    "subject_categories": [
        {
            "id": "customer_individual",
            "name": "Individual customer",
            "description": "A person who buys our services.",
            "relationship": "customer",
            "fides_key": "customer",
        }
    ],
    "data_categories": [
        {
            "id": "contact",
            "name": "Contact details",
            "description": "Name, email address and phone number.",
            "fides_keys": ["user.contact.email", "user.name"],
        }
    ],
    "anchor_events": [{"id": "relationship_end", "phrase": "the end of our business relationship"}],
    "conditions": [],
    "recipients": [
        {
            "id": "hosting",
            "name": "Hosting Co",
            "description": "Cloud hosting.",
            "role": "processor",
            "locations": ["DE"],
            "agreement": {"in_place": True, "since": "2024-01-01"},
            "last_assessment": "2026-01-01",
            "reassessment_months": 12,
        }
    ],
    "transfers": [],
    "activities": [
        {
            "id": "accounts",
            "name": "Customer accounts",
            "section": "5.1",
            "summary": "We keep your account so that you can use our services.",
            "role": "controller",
            "subjects": ["customer_individual"],
            "data_categories": ["contact"],
            "sources": [{"kind": "data_subject", "description": "Directly from you."}],
            "purposes": [
                {
                    "id": "provide_service",
                    "description": "Provide the services you signed up for.",
                    "legal_basis": "contract",
                    "fides_use": "essential.service",
                }
            ],
            "recipients": ["hosting"],
            "retention": [
                {
                    "id": "accounts_after_relationship",
                    "description": "Personal data of individual customers",
                    "data_categories": ["contact"],
                    "action": "delete",
                    "anchor": {"event": "relationship_end"},
                    "offset": {"years": 7},
                }
            ],
        }
    ],
    "retention_override": {"statement": "Legal holds and national retention duties apply."},
}


def minimal_policy() -> dict[str, Any]:
    """A fresh deep copy of a minimal valid policy, as the dict a YAML file would load to."""
    return copy.deepcopy(_MINIMAL)


def to_yaml(document: dict[str, Any]) -> str:
    """Serialise a policy dict the way a person would write the file (block style)."""
    from io import StringIO

    stream = StringIO()
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.dump(document, stream)
    return stream.getvalue()
