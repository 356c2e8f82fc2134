"""The policy's vocabularies (legal bases, safeguards, rights, countries) in a reader's words."""

from __future__ import annotations

from functools import cache

import phonenumbers

from dataward.policy.model import LegalBasis, RecipientRole, Right, Role, Safeguard
from dataward.policy.render.wording import join_words

LEGAL_BASES: dict[LegalBasis, str] = {
    LegalBasis.consent: "your consent",
    LegalBasis.contract: "performing a contract with you, or steps you asked for before one",
    LegalBasis.legal_obligation: "complying with a legal obligation",
    LegalBasis.vital_interests: "protecting someone's vital interests",
    LegalBasis.public_task: "a task carried out in the public interest",
    LegalBasis.legitimate_interests: "our legitimate interests",
}

SAFEGUARDS: dict[Safeguard, str] = {
    Safeguard.adequacy_decision: "an adequacy decision (the destination's protection of "
    "personal data is recognised as adequate)",
    Safeguard.standard_contractual_clauses: "standard contractual clauses",
    Safeguard.binding_corporate_rules: "binding corporate rules",
    Safeguard.intercompany_agreement: "intercompany agreements",
    Safeguard.derogation: "a derogation for a specific situation (such as your explicit "
    "consent or a contract with you)",
    Safeguard.none: "no specific safeguard",
}

RECIPIENT_ROLES: dict[RecipientRole, str] = {
    RecipientRole.processor: "processor acting on our behalf",
    RecipientRole.independent_controller: "independent controller using the data for its own "
    "purposes",
    RecipientRole.joint_controller: "joint controller, deciding with us how the data is used",
    RecipientRole.group_company: "company of our group",
}

RIGHTS: dict[Right, str] = {
    Right.access: "Access",
    Right.rectification: "Rectification",
    Right.erasure: "Erasure",
    Right.restriction: "Restriction of processing",
    Right.portability: "Data portability",
    Right.objection: "Objection",
    Right.withdraw_consent: "Withdrawing consent",
    Right.marketing_opt_out: "Opting out of marketing",
    Right.automated_decision: "Automated decisions",
    Right.complaint: "Complaints",
}

ROLES: dict[Role, str] = {
    Role.controller: "We decide how this data is used (we are the controller).",
    Role.processor: "We process this data on behalf of our customers and follow their "
    "instructions (we are a processor). If you are an end-user of one of our customers, "
    "please contact that customer first about this data.",
}

_REGIONS = {
    "EEA": "the European Economic Area",
    "EU": "the European Union",
    "WORLD": "countries worldwide",
}
# Country names that read with "the" ("in the United Kingdom"), beyond the patterns below.
_WITH_ARTICLE = frozenset({"Bahamas", "Comoros", "Gambia", "Maldives", "Netherlands"})


def _with_article(name: str) -> str:
    if (
        name in _WITH_ARTICLE
        or name.startswith("United ")
        or "Republic" in name
        or name.endswith(("Islands", "Emirates", "Philippines", "Seychelles"))
    ):
        return f"the {name}"
    return name


@cache
def country_name(code: str) -> str:
    """A place code in words, ready to follow "in": ``"US"`` is ``"the United States"``,
    ``"US-CA"`` is ``"the United States (CA)"``, ``"WORLD"`` is ``"countries worldwide"``.

    Country names come from phonenumbers' region data (already a dependency for identity
    normalisation); a code it cannot name is shown as the code itself.
    """
    if code in _REGIONS:
        return _REGIONS[code]
    # Imported here: the geocoder loads 40 MB of prefix data (~0.8 s), and every command that
    # merely imports the renderer (retention derives its wording from it) would pay for it.
    from phonenumbers import geocoder

    country, _, subdivision = code.partition("-")
    example = phonenumbers.example_number(country)
    name = (geocoder.country_name_for_number(example, "en") if example else "") or country
    name = _with_article(name)
    return f"{name} ({subdivision})" if subdivision else name


def places(codes: list[str]) -> str:
    """Place codes as words: "Germany, Ireland and the United States"."""
    return join_words(country_name(code) for code in codes)
