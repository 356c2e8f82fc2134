"""The policy model: every promise of a privacy notice as typed, validated data.

Structure only lives here (types, enums, required fields, unknown keys rejected).
Checks that look across the document (dangling references, register warnings) live in
:mod:`dataward.policy.checks`, so that every problem is reported at once with its location.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from dataward.policy.calendar import Alignment, Offset, due_at, exclusive_cutoff, is_due

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
CountryCode = Annotated[str, Field(pattern=r"^([A-Z]{2}(-[A-Z0-9]{1,3})?|EEA|EU|WORLD)$")]
NonNegative = Annotated[int, Field(ge=0, le=1000)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class LegalBasis(StrEnum):
    """GDPR Art. 6(1) bases."""

    consent = "consent"
    contract = "contract"
    legal_obligation = "legal_obligation"
    vital_interests = "vital_interests"
    public_task = "public_task"
    legitimate_interests = "legitimate_interests"


class Role(StrEnum):
    controller = "controller"
    processor = "processor"


class RetentionAction(StrEnum):
    delete = "delete"  # delete the rows
    null = "null"  # set the named columns to NULL, keep the row
    pseudonymise = "pseudonymise"  # replace the named columns with a keyed hash
    suppress = "suppress"  # delete the profile, keep only the contact on the suppression list
    redact = "redact"  # remove personal data found inside free text
    review = "review"  # the notice leaves the period open: a human decides


class PeriodSetBy(StrEnum):
    policy = "policy"  # the offset below is the period
    customer = "customer"  # processor role: each customer instructs; the offset is the default


class RecipientRole(StrEnum):
    processor = "processor"
    independent_controller = "independent_controller"
    joint_controller = "joint_controller"
    group_company = "group_company"


class Safeguard(StrEnum):
    adequacy_decision = "adequacy_decision"
    standard_contractual_clauses = "standard_contractual_clauses"
    binding_corporate_rules = "binding_corporate_rules"
    intercompany_agreement = "intercompany_agreement"
    derogation = "derogation"
    none = "none"


class SourceKind(StrEnum):
    data_subject = "data_subject"
    customer = "customer"
    employer = "employer"
    third_party = "third_party"
    public_source = "public_source"
    automatic = "automatic"


class Right(StrEnum):
    """Vocabulary shared with the jurisdiction table (reference/jurisdictions.yaml)."""

    access = "access"
    rectification = "rectification"
    erasure = "erasure"
    restriction = "restriction"
    portability = "portability"
    objection = "objection"
    withdraw_consent = "withdraw_consent"
    marketing_opt_out = "marketing_opt_out"
    automated_decision = "automated_decision"
    complaint = "complaint"


# --- who we are -------------------------------------------------------------------------


class Organisation(Model):
    name: str
    address: str | None = None
    country: CountryCode | None = None
    registration_number: str | None = None
    email: str | None = None
    url: str | None = None


class Contact(Model):
    name: str
    email: str
    note: str | None = None


class Metadata(Model):
    title: str = "Privacy notice"
    version: str
    last_updated: date
    language: str = "en"
    previous_version: str | None = None
    changelog_url: str | None = None


# --- vocabularies ---------------------------------------------------------------------


class Relationship(Model):
    """A reader's relationship with the company: the layered overview is grouped by these."""

    id: Identifier
    title: str
    summary: str


class SubjectCategory(Model):
    id: Identifier
    name: str
    description: str
    relationship: Identifier
    fides_key: str | None = None


class DataCategory(Model):
    id: Identifier
    name: str
    description: str
    fides_keys: list[str] = []


class AnchorEvent(Model):
    """An event a retention clock starts from; ``phrase`` is how the notice names it."""

    id: Identifier
    phrase: str
    description: str | None = None


class Condition(Model):
    """A named fact that must hold before a rule acts (checked by the retention engine)."""

    id: Identifier
    description: str
    phrase: str


class CookieCategory(Model):
    id: Identifier
    name: str
    legal_basis: LegalBasis
    description: str


# --- recipients and transfers: a register ------------------------------------------------


class ProcessingAgreement(Model):
    in_place: bool
    since: date | None = None

    @model_validator(mode="after")
    def _since_needs_agreement(self) -> ProcessingAgreement:
        if self.since is not None and not self.in_place:
            raise ValueError("'since' is set but 'in_place' is false")
        return self


class Recipient(Model):
    id: Identifier
    name: str
    description: str
    role: RecipientRole
    locations: list[CountryCode] = Field(min_length=1)
    agreement: ProcessingAgreement | None = None
    last_assessment: date | None = None
    reassessment_months: Annotated[int, Field(ge=1, le=120)] | None = None

    def assessment_due(self) -> date | None:
        if self.last_assessment is None or self.reassessment_months is None:
            return None
        moment = datetime(
            self.last_assessment.year, self.last_assessment.month, self.last_assessment.day
        )
        return Offset(months=self.reassessment_months).after(moment).date()


class Transfer(Model):
    id: Identifier
    recipient: Identifier
    destination: CountryCode
    safeguard: Safeguard
    note: str | None = None


# --- activities --------------------------------------------------------------------------


class Source(Model):
    kind: SourceKind
    description: str


class Purpose(Model):
    id: Identifier
    description: str
    legal_basis: LegalBasis
    basis_note: str | None = None
    fides_use: str | None = None


class Period(Model):
    """A calendar offset as written in the policy: ``{months: 12}``, ``{years: 7}``."""

    years: NonNegative = 0
    months: NonNegative = 0
    days: NonNegative = 0

    def as_offset(self) -> Offset:
        return Offset(years=self.years, months=self.months, days=self.days)


class Anchor(Model):
    event: Identifier
    align: Alignment = Alignment.instant


class RetentionRule(Model):
    """One retention promise: which data, from which event, how long, what then.

    ``cutoff(as_of)`` is exclusive: a record whose anchor timestamp ``t`` satisfies
    ``t < cutoff(as_of)`` is due, so the rule compiles to ``anchor_column < :cutoff``.
    """

    id: Identifier
    description: str
    data_categories: list[Identifier] = Field(min_length=1)
    subjects: list[Identifier] = []
    action: RetentionAction
    anchor: Anchor | None = None
    offset: Period | None = None
    up_to: bool = False
    period_set_by: PeriodSetBy = PeriodSetBy.policy
    unless: list[Identifier] = []
    review_reason: str | None = None

    @model_validator(mode="after")
    def _period_is_complete(self) -> RetentionRule:
        if self.action is RetentionAction.review:
            if not self.review_reason:
                raise ValueError("a 'review' rule needs 'review_reason' (why a human decides)")
            if self.anchor is not None or self.offset is not None:
                raise ValueError("a 'review' rule has no 'anchor' or 'offset'")
        else:
            if self.anchor is None or self.offset is None:
                raise ValueError(f"a '{self.action.value}' rule needs both 'anchor' and 'offset'")
            if self.review_reason is not None:
                raise ValueError("'review_reason' is only for 'review' rules")
        return self

    @property
    def is_review(self) -> bool:
        return self.action is RetentionAction.review

    def _clock(self) -> tuple[Alignment, Offset]:
        if self.anchor is None or self.offset is None:
            raise ValueError(f"rule {self.id!r} is a review rule and has no period")
        return self.anchor.align, self.offset.as_offset()

    def due_at(self, event_time: datetime) -> datetime:
        alignment, offset = self._clock()
        return due_at(event_time, alignment, offset)

    def is_due(self, event_time: datetime, as_of: datetime) -> bool:
        alignment, offset = self._clock()
        return is_due(event_time, alignment, offset, as_of)

    def cutoff(self, as_of: datetime) -> datetime:
        alignment, offset = self._clock()
        return exclusive_cutoff(alignment, offset, as_of)


class Activity(Model):
    id: Identifier
    name: str
    section: str
    summary: str
    role: Role
    subjects: list[Identifier] = Field(min_length=1)
    data_categories: list[Identifier] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    purposes: list[Purpose] = Field(min_length=1)
    recipients: list[Identifier] = []
    transfers: list[Identifier] = []
    retention: list[RetentionRule] = Field(min_length=1)
    security_measures: list[str] = []


# --- notice-wide promises --------------------------------------------------------------


class RightStatement(Model):
    right: Right
    description: str


class ChildrenRule(Model):
    minimum_age: Annotated[int, Field(ge=1, le=21)]
    subjects: list[Identifier] = Field(min_length=1)
    action: RetentionAction
    statement: str


class RetentionOverride(Model):
    """Notice Section 11: legal holds and national retention duties beat every period."""

    statement: str
    legal_holds: bool = True
    national_retention_duties: bool = True


class Policy(Model):
    metadata: Metadata
    controller: Organisation
    dpo: Contact
    eu_representative: Contact | None = None
    relationships: list[Relationship] = Field(min_length=1)
    subject_categories: list[SubjectCategory] = Field(min_length=1)
    data_categories: list[DataCategory] = Field(min_length=1)
    anchor_events: list[AnchorEvent] = []
    conditions: list[Condition] = []
    recipients: list[Recipient] = []
    transfers: list[Transfer] = []
    cookie_categories: list[CookieCategory] = []
    activities: list[Activity] = Field(min_length=1)
    rights: list[RightStatement] = []
    complaints: str | None = None
    children: ChildrenRule | None = None
    retention_override: RetentionOverride
    security: list[str] = []
    changes: str | None = None

    def activity(self, activity_id: str) -> Activity:
        for activity in self.activities:
            if activity.id == activity_id:
                return activity
        raise KeyError(activity_id)

    def retention_rules(self) -> list[tuple[Activity, RetentionRule]]:
        return [(activity, rule) for activity in self.activities for rule in activity.retention]
