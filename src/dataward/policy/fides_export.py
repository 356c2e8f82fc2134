"""The policy as a Fides manifest: one organization and one system per processing activity.

Each activity becomes a fideslang ``System`` whose privacy declarations are its purposes:
the activity's data categories and data subjects (their fideslang keys), the purpose's data
use and legal basis, the activity's retention rules as text, and its recipients as third
parties. The basis is fixed per purpose in the policy, so ``flexible_legal_basis_for_processing``
is false. Everything is built with fideslang's own pydantic models, so a manifest that Fides
would reject fails here, before a file is written.

Where the policy names no fideslang key, a default is used and recorded in
:attr:`FidesExport.defaults` (the CLI prints them on stderr):

- a data category without ``fides_keys`` → ``user``: the root of fideslang's user data, the
  broadest statement that is still true;
- a subject category without ``fides_key`` is exported as a custom fideslang data subject
  with the category's id, name and description (fideslang has no generic "person", and
  calling a referee a ``customer`` would be false);
- a purpose without ``fides_use`` → ``essential.legal_obligation`` when its legal basis is
  a legal obligation, else ``operations`` ("supports business processes necessary to the
  organization's operation"), which claims neither marketing nor essential service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import StringIO

from fideslang.models import (
    ContactDetails,
    DataResponsibilityTitle,
    DataSubject,
    LegalBasisForProcessingEnum,
    Organization,
    PrivacyDeclaration,
    System,
    Taxonomy,
)
from ruamel.yaml import YAML

from dataward.policy.model import (
    Activity,
    LegalBasis,
    Policy,
    Purpose,
    RecipientRole,
    Role,
    Safeguard,
)
from dataward.policy.phrases import label, retention_sentence
from dataward.policy.ropa import activity_transfers

DEFAULT_DATA_CATEGORY = "user"
DEFAULT_DATA_USE = "operations"

LEGAL_BASES = {
    LegalBasis.consent: LegalBasisForProcessingEnum.CONSENT,
    LegalBasis.contract: LegalBasisForProcessingEnum.CONTRACT,
    LegalBasis.legal_obligation: LegalBasisForProcessingEnum.LEGAL_OBLIGATION,
    LegalBasis.vital_interests: LegalBasisForProcessingEnum.VITAL_INTEREST,
    LegalBasis.public_task: LegalBasisForProcessingEnum.PUBLIC_INTEREST,
    LegalBasis.legitimate_interests: LegalBasisForProcessingEnum.LEGITIMATE_INTEREST,
}

# fideslang's own transfer vocabulary (LegalBasisForTransfersEnum); no safeguard, no entry.
TRANSFER_BASES = {
    Safeguard.adequacy_decision: "Adequacy Decision",
    Safeguard.standard_contractual_clauses: "SCCs",
    Safeguard.binding_corporate_rules: "BCRs",
    Safeguard.intercompany_agreement: "Other",
    Safeguard.derogation: "Other",
}


@dataclass(frozen=True)
class FidesExport:
    taxonomy: Taxonomy  # validated: organization and systems
    defaults: tuple[str, ...]  # one line per policy item that needed a default key


def fides_key(text: str) -> str:
    """A fides key from a name: ``Infobip Limited`` → ``infobip_limited``."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "organization"


class _Builder:
    """Builds the manifest and notes every default it had to choose."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.defaults: list[str] = []
        self.custom_subjects: dict[str, DataSubject] = {}
        self.organization_key = fides_key(policy.controller.name)

    def note(self, what: str, chosen: str) -> str:
        line = f"{what}: no fideslang key, exported as {chosen!r}"
        if line not in self.defaults:
            self.defaults.append(line)
        return chosen

    def data_categories(self, activity: Activity) -> list[str]:
        by_id = {category.id: category for category in self.policy.data_categories}
        keys: list[str] = []
        for category_id in activity.data_categories:
            category = by_id[category_id]
            found = category.fides_keys or [
                self.note(f"data category {category.id}", DEFAULT_DATA_CATEGORY)
            ]
            keys.extend(key for key in found if key not in keys)
        return keys

    def data_subjects(self, activity: Activity) -> list[str]:
        by_id = {subject.id: subject for subject in self.policy.subject_categories}
        keys: list[str] = []
        for subject_id in activity.subjects:
            subject = by_id[subject_id]
            key = subject.fides_key
            if key is None:
                key = subject.id
                if key not in self.custom_subjects:
                    self.note(f"subject category {subject.id}", f"custom data subject {key}")
                    self.custom_subjects[key] = DataSubject(
                        fides_key=key, name=subject.name, description=subject.description
                    )
            if key not in keys:
                keys.append(key)
        return keys

    def data_use(self, activity: Activity, purpose: Purpose) -> str:
        if purpose.fides_use is not None:
            return purpose.fides_use
        obligation = purpose.legal_basis is LegalBasis.legal_obligation
        chosen = "essential.legal_obligation" if obligation else DEFAULT_DATA_USE
        return self.note(f"purpose {activity.id}.{purpose.id}", chosen)

    def declaration(self, activity: Activity, purpose: Purpose) -> PrivacyDeclaration:
        recipients = {recipient.id: recipient for recipient in self.policy.recipients}
        third_parties = [
            f"{recipients[r].name} ({label(recipients[r].role)})" for r in activity.recipients
        ]
        return PrivacyDeclaration(
            name=purpose.description.rstrip("."),
            data_categories=self.data_categories(activity),
            data_use=self.data_use(activity, purpose),
            data_subjects=self.data_subjects(activity),
            legal_basis_for_processing=LEGAL_BASES[purpose.legal_basis],
            flexible_legal_basis_for_processing=False,
            retention_period=" ".join(
                retention_sentence(rule, self.policy) for rule in activity.retention
            ),
            data_shared_with_third_parties=bool(third_parties),
            third_parties="; ".join(third_parties) or None,
        )

    def system(self, activity: Activity) -> System:
        policy = self.policy
        recipients = {recipient.id: recipient for recipient in policy.recipients}
        joint = [
            recipients[r].name
            for r in activity.recipients
            if recipients[r].role is RecipientRole.joint_controller
        ]
        transfers = activity_transfers(policy, activity)  # those leaving the EEA
        bases = [TRANSFER_BASES[t.safeguard] for t in transfers if t.safeguard in TRANSFER_BASES]
        security = [*activity.security_measures, *policy.security]
        return System(
            fides_key=activity.id,
            organization_fides_key=self.organization_key,
            name=activity.name,
            description=activity.summary,
            system_type="Service",
            meta={"dataward": {"activity": activity.id, "notice_section": activity.section}},
            privacy_declarations=[
                self.declaration(activity, purpose) for purpose in activity.purposes
            ],
            processes_personal_data=True,
            responsibility=[
                DataResponsibilityTitle.PROCESSOR
                if activity.role is Role.processor
                else DataResponsibilityTitle.CONTROLLER
            ],
            legal_name=policy.controller.name,
            legal_address=policy.controller.address,
            dpo=policy.dpo.email,
            joint_controller_info="; ".join(joint) or None,
            data_security_practices="\n".join(security) or None,
            does_international_transfers=bool(transfers),
            legal_basis_for_transfers=list(dict.fromkeys(bases)),
        )

    def organization(self) -> Organization:
        policy = self.policy
        controller = policy.controller
        representative = policy.eu_representative
        contact = {
            "name": controller.name,
            "address": controller.address,
            "email": controller.email,
        }
        return Organization(
            fides_key=self.organization_key,
            name=controller.name,
            description=f"{policy.metadata.title}, version {policy.metadata.version}",
            # ContactDetails fields default to "": pass only what the policy states.
            controller=ContactDetails.model_validate({k: v for k, v in contact.items() if v}),
            data_protection_officer=ContactDetails(name=policy.dpo.name, email=policy.dpo.email),
            representative=(
                ContactDetails(name=representative.name, email=representative.email)
                if representative
                else None
            ),
        )


def build_fides(policy: Policy) -> FidesExport:
    """The policy as a validated fideslang taxonomy with an organization and its systems."""
    builder = _Builder(policy)
    systems = [builder.system(activity) for activity in policy.activities]
    taxonomy = Taxonomy(
        organization=[builder.organization()],
        system=systems,
        data_subject=list(builder.custom_subjects.values()),
    )
    return FidesExport(taxonomy, tuple(builder.defaults))


def fides_yaml(export: FidesExport, policy: Policy) -> str:
    """The manifest as YAML that ``fides push`` and ``fideslang`` read back."""
    # Only the fields set here: fideslang's many defaults would bury what the policy says.
    dumped = export.taxonomy.model_dump(mode="json", exclude_unset=True, exclude_none=True)
    document = {"organization": dumped["organization"], "system": dumped["system"]}
    if dumped.get("data_subject"):
        document["data_subject"] = dumped["data_subject"]
    stream = StringIO()
    stream.write(
        f"# Fides manifest written by `dataward policy export` from {policy.metadata.title}"
        f" version {policy.metadata.version} ({policy.metadata.last_updated.isoformat()}).\n"
        "# Change the policy and export again rather than editing this file.\n"
    )
    yaml = YAML(typ="rt")  # round-trip mode keeps fideslang's field order; "safe" sorts keys
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.dump(document, stream)
    return stream.getvalue()
