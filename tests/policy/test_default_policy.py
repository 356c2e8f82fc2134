"""The default policy says what the reference notice says, term by term.

``NOTICE`` is the notice's Section 5 as a table: for every processing activity, our role,
the legal bases we rely on, and every retention term with the sentence of the notice it
encodes. Each row is compared with the shipped ``policy.yaml``; a period, an alignment or a
condition that drifts from the notice fails here, and so does an activity that is added to
the policy without a row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from importlib import resources

import pytest
from fideslang import DEFAULT_TAXONOMY
from ruamel.yaml import YAML

from dataward.policy.calendar import Alignment
from dataward.policy.model import (
    Activity,
    LegalBasis,
    PeriodSetBy,
    Policy,
    RecipientRole,
    RetentionAction,
    RetentionRule,
    Right,
    Role,
    Safeguard,
)

TODAY = date(2026, 11, 28)
EEA = {"EEA", "EU", "AT", "BE", "DE", "FR", "HR", "IE", "IT", "NL", "ES", "SE", "NO"}

Action = RetentionAction
Basis = LegalBasis


def policy_text() -> str:
    return (resources.files("dataward.policy") / "default" / "policy.yaml").read_text("utf-8")


@pytest.fixture(scope="module")
def policy() -> Policy:
    return Policy.model_validate(YAML(typ="safe").load(policy_text()))


# --- the notice as a table ---------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One retention term as the retention engine will execute it."""

    rule: str
    action: RetentionAction
    event: str | None = None
    align: Alignment = Alignment.instant
    years: int = 0
    months: int = 0
    days: int = 0
    up_to: bool = False
    unless: tuple[str, ...] = ()
    set_by: PeriodSetBy = PeriodSetBy.policy


@dataclass(frozen=True)
class Quoted:
    """A term and the notice's own sentence that it encodes."""

    quote: str
    term: Term


@dataclass(frozen=True)
class Expected:
    activity: str
    role: Role
    bases: frozenset[LegalBasis]
    terms: tuple[Quoted, ...]


def expect(activity: str, role: Role, bases: set[LegalBasis], *terms: Quoted) -> Expected:
    return Expected(activity, role, frozenset(bases), terms)


def term(
    quote: str,
    rule: str,
    action: RetentionAction,
    *,
    event: str,
    align: Alignment = Alignment.instant,
    years: int = 0,
    months: int = 0,
    days: int = 0,
    up_to: bool = False,
    unless: tuple[str, ...] = (),
    set_by: PeriodSetBy = PeriodSetBy.policy,
) -> Quoted:
    clock = Term(rule, action, event, align, years, months, days, up_to, unless, set_by)
    return Quoted(quote, clock)


def review(quote: str, rule: str) -> Quoted:
    return Quoted(quote, Term(rule, Action.review))


LI, CONSENT, CONTRACT, LEGAL = (
    Basis.legitimate_interests,
    Basis.consent,
    Basis.contract,
    Basis.legal_obligation,
)
EOM, EOY, EOD = Alignment.end_of_month, Alignment.end_of_year, Alignment.end_of_day

NOTICE: tuple[Expected, ...] = (
    expect(
        "account_data",
        Role.controller,
        {LI},
        term(
            "Personal data of account users and business contacts are retained for twelve (12) "
            "months after the end of our business relationship with the customer.",
            "account_users_and_business_contacts",
            Action.delete,
            event="business_relationship_end",
            months=12,
        ),
        term(
            "Personal data of individuals who are our customers are retained for seven (7) "
            "years after the end of our business relationship.",
            "individual_customers",
            Action.delete,
            event="business_relationship_end",
            years=7,
        ),
        term(
            "Customer support data is retained for seven (7) years after the resolving of the "
            "support request.",
            "customer_support_data",
            Action.delete,
            event="support_request_resolved",
            years=7,
        ),
    ),
    expect(
        "communications_content",
        Role.processor,
        {CONTRACT},
        term(
            "Communications content is retained on behalf of the customer and according to "
            "the customer's instructions.",
            "communications_content",
            Action.delete,
            event="communication",
            align=EOM,
            months=12,
            set_by=PeriodSetBy.customer,
        ),
    ),
    expect(
        "traffic_data",
        Role.controller,
        {LI, LEGAL},
        term(
            "Traffic data containing end-users' personal data (such as phone number or email "
            "address) is deleted from communication detail records twelve (12) months after "
            "the end of the month in which the communication took place.",
            "cdr_end_user_contact",
            Action.null,
            event="communication",
            align=EOM,
            months=12,
        ),
        term(
            "Other traffic data (such as time, type, duration of communication, routing "
            "details) which do not contain end-users' personal information is retained in "
            "communication detail records for up to ten (10) years following the year of "
            "communication.",
            "cdr_other_traffic_data",
            Action.delete,
            event="communication",
            align=EOY,
            years=10,
            up_to=True,
        ),
    ),
    expect(
        "usage_data",
        Role.controller,
        {LI},
        term(
            "Usage data may be retained for up to three (3) years.",
            "usage_data",
            Action.delete,
            event="data_generated",
            years=3,
            up_to=True,
        ),
    ),
    expect(
        "behaviour_analytics",
        Role.controller,
        {LI},
        term(
            "Behaviour analytics data is retained for up to twenty-five (25) months after it "
            "was generated.",
            "behaviour_analytics_data",
            Action.delete,
            event="data_generated",
            months=25,
            up_to=True,
        ),
    ),
    expect(
        "suppliers",
        Role.controller,
        {LI},
        term(
            "Personal data about business contacts will be deleted twelve (12) months after "
            "the end of our business relationship with the supplier.",
            "supplier_business_contacts",
            Action.delete,
            event="business_relationship_end",
            months=12,
        ),
        term(
            "Personal data of individuals who are our suppliers will be deleted seven (7) "
            "years after the end of our business relationship.",
            "individual_suppliers",
            Action.delete,
            event="business_relationship_end",
            years=7,
        ),
    ),
    expect(
        "prospects",
        Role.controller,
        {LI},
        term(
            "Personal data collected for this purpose will be deleted six (6) months after "
            "our last communication unless we enter into a business agreement with you or "
            "your organisation.",
            "prospects",
            Action.delete,
            event="last_communication",
            months=6,
            unless=("business_agreement_signed",),
        ),
    ),
    expect(
        "marketing",
        Role.controller,
        {CONSENT, LI},
        term(
            "If you have subscribed directly, then your personal data will be kept for our "
            "marketing activities until you unsubscribe. ... we will only keep a suppression "
            "list that includes your contact details",
            "subscriber_unsubscribes",
            Action.suppress,
            event="unsubscribe",
        ),
        term(
            "... during your or your organisation's business relationship with us unless you "
            "object (B2B). If you unsubscribe or object, we will only keep a suppression list",
            "b2b_contact_objects",
            Action.suppress,
            event="objection",
        ),
        term(
            "Your personal data (name and surname, contact details) are kept for our "
            "marketing activities during your or your organisation's business relationship "
            "with us",
            "b2b_relationship_ends",
            Action.delete,
            event="business_relationship_end",
        ),
        review(
            "we maintain a so-called 'suppression list' ... just to be sure that we do not "
            "contact you with unwanted content in the future (no period given)",
            "suppression_list",
        ),
    ),
    expect(
        "event_organisation",
        Role.controller,
        {CONSENT, LEGAL},
        term(
            "Personal data collected when registering for a webinar or a live event (e.g. "
            "name and surname, contact details, business details) will be deleted two (2) "
            "years after the event.",
            "event_registration",
            Action.delete,
            event="event",
            years=2,
        ),
        term(
            "All other personal data collected for the organisation of an event "
            "(accommodation, and other logistic data) will be erased within sixty (60) days "
            "after the event day.",
            "event_logistics",
            Action.delete,
            event="event",
            align=EOD,
            days=60,
            up_to=True,
        ),
        review(
            "Any invitation, support letter or letter of guarantee will be kept for a period "
            "of time determined by the applicable legislation.",
            "visa_letters",
        ),
    ),
    expect(
        "event_invitations",
        Role.controller,
        {LI},
        term(
            "You may object to these communications at any time by using the unsubscribe "
            "link ... and we will stop sending you event invitations.",
            "former_participants_object",
            Action.suppress,
            event="objection",
        ),
        review(
            "we maintain former events' participants lists containing only your name and "
            "surname, contact details, and business details (no period given)",
            "former_participants_list",
        ),
    ),
    expect(
        "event_promotion",
        Role.controller,
        {LI},
        review(
            "To conduct promotion activities of the events we held, which include the "
            "publishing of photos, videos, audio, and texts (no period given)",
            "event_media",
        ),
    ),
    expect(
        "anonymous_surveys",
        Role.controller,
        {LI, CONSENT},
        review(
            "our intention is to collect only your personal data necessary to send you a "
            "questionnaire (no period given)",
            "survey_invitation_data",
        ),
        term(
            "if you reveal any personal data in your answers, it will be promptly deleted.",
            "personal_data_in_survey_answers",
            Action.redact,
            event="survey_answers_received",
        ),
    ),
    expect(
        "market_research_interviews",
        Role.controller,
        {CONSENT},
        term(
            "Recordings of interviews and associated personal data (e.g. contact details and "
            "personal data within the interview transcripts) will be deleted one (1) year "
            "after the interview date.",
            "market_research_recordings",
            Action.delete,
            event="interview",
            years=1,
        ),
    ),
    expect(
        "ux_research_hub",
        Role.controller,
        {LI, CONSENT},
        term(
            "Recordings of interviews and associated personal data (e.g. contact details and "
            "personal data within the interview transcripts) will be deleted one (1) year "
            "after the interview date.",
            "ux_research_recordings",
            Action.delete,
            event="interview",
            years=1,
        ),
    ),
    expect(
        "website_cookies",
        Role.controller,
        {LI, CONSENT},
        review(
            "Please review our Cookie Policy for more details on the retention periods for "
            "specific types of cookies.",
            "cookie_data",
        ),
    ),
    expect(
        "recruitment",
        Role.controller,
        {CONSENT, LI, CONTRACT},
        term(
            "Your recruitment-related personal data will be deleted after the expiration of "
            "the period for which you have provided us with your consent (or earlier if you "
            "withdraw it).",
            "recruitment_consent_period",
            Action.delete,
            event="consent_end",
        ),
        term(
            "If you do not provide us with the consent within thirty days following the "
            "receipt of the email, we will erase your personal data from our database.",
            "sourced_candidate_without_consent",
            Action.delete,
            event="recruitment_email",
            days=30,
            unless=("consent_given",),
        ),
        review(
            "If you are named as a referee by our job applicant, we may receive certain "
            "information so that we can connect with you (no period given)",
            "referee_contact",
        ),
    ),
    expect(
        "background_checks",
        Role.controller,
        {LI},
        review(
            "We will provide a separate privacy notice to you prior to conducting it.",
            "background_check_results",
        ),
    ),
    expect(
        "social_impact",
        Role.controller,
        {CONSENT, LI},
        term(
            "All the personal data of individuals who contact us in their individual capacity "
            "will be deleted at the latest one (1) year after the initial communication date.",
            "individual_contacts",
            Action.delete,
            event="initial_communication",
            years=1,
            up_to=True,
        ),
        term(
            "Personal data related to queries and donation or volunteer requests submitted on "
            "behalf of an organisation will be deleted three (3) years after the end of the "
            "year when we last communicated.",
            "organisation_requests",
            Action.delete,
            event="last_communication",
            align=EOY,
            years=3,
        ),
        review(
            "For supported projects and initiatives, any personal data contained within the "
            "legally required documentation will be kept for a period determined by local "
            "legislation",
            "supported_project_documentation",
        ),
    ),
    expect(
        "office_visitors",
        Role.controller,
        {LI, CONSENT},
        review(
            "Personal data collected for the purpose of managing the access to our premises "
            "is erased as soon as it is no longer needed for that purpose.",
            "access_control_data",
        ),
        term(
            "When we provide you with additional services during your visit, we will retain "
            "your personal data ... until you withdraw your consent.",
            "visitor_services_withdrawal",
            Action.delete,
            event="consent_withdrawal",
        ),
        review(
            "... for as long as needed to fulfill your specific request",
            "visitor_services_fulfilled",
        ),
        term(
            "CCTV surveillance recordings are generally deleted ninety (90) days after the "
            "recording date",
            "cctv_recordings",
            Action.delete,
            event="recording",
            days=90,
        ),
        term(
            "If you decide to communicate with one of the chatbots, we will process your phone "
            "number. Most of these activities are conducted based on your consent.",
            "chatbot_withdrawal",
            Action.delete,
            event="consent_withdrawal",
        ),
        review(
            "(no period given for the chatbot phone number)",
            "chatbot_phone_number",
        ),
    ),
)


def term_of(rule: RetentionRule) -> Term:
    """The executable part of a policy rule, in the table's shape."""
    offset = rule.offset
    return Term(
        rule=rule.id,
        action=rule.action,
        event=rule.anchor.event if rule.anchor else None,
        align=rule.anchor.align if rule.anchor else Alignment.instant,
        years=offset.years if offset else 0,
        months=offset.months if offset else 0,
        days=offset.days if offset else 0,
        up_to=rule.up_to,
        unless=tuple(rule.unless),
        set_by=rule.period_set_by,
    )


# --- the whole document ------------------------------------------------------------------


def test_default_policy_validates_against_the_model(policy: Policy) -> None:
    assert policy.metadata.last_updated == date(2023, 2, 22)
    assert len(policy.activities) == len(NOTICE)


def test_default_policy_passes_every_cross_check() -> None:
    from dataward.policy import check_policy

    loaded, problems = check_policy(policy_text(), "default policy", TODAY)
    assert loaded is not None
    assert [str(problem) for problem in problems] == []


def test_every_activity_of_the_policy_has_a_row_in_the_notice_table(policy: Policy) -> None:
    assert [a.id for a in policy.activities] == [row.activity for row in NOTICE]


@pytest.mark.parametrize("row", NOTICE, ids=lambda row: row.activity)
def test_activity_encodes_the_notice(policy: Policy, row: Expected) -> None:
    activity = policy.activity(row.activity)
    assert activity.role is row.role
    assert {purpose.legal_basis for purpose in activity.purposes} == row.bases
    rules = {rule.id: rule for rule in activity.retention}
    assert set(rules) == {quoted.term.rule for quoted in row.terms}
    for quoted in row.terms:
        assert term_of(rules[quoted.term.rule]) == quoted.term, quoted.quote


@pytest.mark.parametrize("row", NOTICE, ids=lambda row: row.activity)
def test_every_data_category_and_subject_of_an_activity_has_a_rule(
    policy: Policy, row: Expected
) -> None:
    activity = policy.activity(row.activity)
    covered = {category for rule in activity.retention for category in rule.data_categories}
    assert covered == set(activity.data_categories)
    reached = {s for rule in activity.retention for s in (rule.subjects or activity.subjects)}
    assert reached == set(activity.subjects)


def test_review_rules_say_why_and_acting_rules_say_when(policy: Policy) -> None:
    for _, rule in policy.retention_rules():
        assert rule.description.strip()
        if rule.is_review:
            assert rule.review_reason and rule.anchor is None and rule.offset is None
        else:
            assert rule.anchor is not None and rule.offset is not None


def test_every_anchor_event_and_condition_is_used(policy: Policy) -> None:
    rules = [rule for _, rule in policy.retention_rules()]
    events = {rule.anchor.event for rule in rules if rule.anchor}
    conditions = {condition for rule in rules for condition in rule.unless}
    assert events == {event.id for event in policy.anchor_events}
    assert conditions == {condition.id for condition in policy.conditions}


# --- due dates through the calendar ------------------------------------------------------


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


DUE_DATES = [
    # CDR of the last minute of January: the end-user's number goes on 1 February a year on.
    ("traffic_data", "cdr_end_user_contact", utc(2024, 1, 31, 23, 59), utc(2025, 2, 1)),
    ("traffic_data", "cdr_end_user_contact", utc(2024, 2, 1), utc(2025, 3, 1)),
    ("traffic_data", "cdr_other_traffic_data", utc(2024, 6, 15, 12), utc(2035, 1, 1)),
    ("account_data", "individual_customers", utc(2016, 3, 31, 10), utc(2023, 3, 31, 10)),
    ("account_data", "account_users_and_business_contacts", utc(2025, 3, 31), utc(2026, 3, 31)),
    ("behaviour_analytics", "behaviour_analytics_data", utc(2024, 1, 15, 8), utc(2026, 2, 15, 8)),
    ("prospects", "prospects", utc(2026, 8, 15, 9), utc(2027, 2, 15, 9)),
    ("event_organisation", "event_logistics", utc(2024, 3, 10, 18), utc(2024, 5, 10)),
    ("event_organisation", "event_registration", utc(2024, 3, 10, 18), utc(2026, 3, 10, 18)),
    ("recruitment", "sourced_candidate_without_consent", utc(2026, 11, 1, 9), utc(2026, 12, 1, 9)),
    ("social_impact", "organisation_requests", utc(2023, 12, 31, 23), utc(2027, 1, 1)),
    ("social_impact", "organisation_requests", utc(2024, 1, 1), utc(2028, 1, 1)),
    ("office_visitors", "cctv_recordings", utc(2026, 1, 1, 7), utc(2026, 4, 1, 7)),
]


def rule_in(policy: Policy, activity_id: str, rule_id: str) -> RetentionRule:
    activity: Activity = policy.activity(activity_id)
    return next(rule for rule in activity.retention if rule.id == rule_id)


@pytest.mark.parametrize(("activity", "rule_id", "event", "due"), DUE_DATES)
def test_record_falls_due_exactly_at_the_notice_deadline(
    policy: Policy, activity: str, rule_id: str, event: datetime, due: datetime
) -> None:
    rule = rule_in(policy, activity, rule_id)
    just_before = due - timedelta(microseconds=1)
    assert rule.due_at(event) == due
    assert rule.is_due(event, as_of=due)
    assert not rule.is_due(event, as_of=just_before)
    # The compiled predicate `anchor_column < cutoff` selects the record on the day, not before.
    assert event < rule.cutoff(due)
    assert not event < rule.cutoff(just_before)


def test_cdr_cutoff_selects_the_whole_month_and_nothing_later(policy: Policy) -> None:
    rule = rule_in(policy, "traffic_data", "cdr_end_user_contact")
    assert rule.cutoff(utc(2025, 2, 1)) == utc(2024, 2, 1)
    assert rule.cutoff(utc(2025, 2, 28, 23, 59)) == utc(2024, 2, 1)
    assert rule.cutoff(utc(2025, 3, 1)) == utc(2024, 3, 1)


@pytest.mark.parametrize(
    ("activity", "rule_id", "as_of"),
    [
        ("prospects", "prospects", utc(2027, 2, 28, 11)),
        ("account_data", "individual_customers", utc(2023, 2, 28, 11)),
        ("behaviour_analytics", "behaviour_analytics_data", utc(2026, 2, 28, 11)),
    ],
)
def test_cutoff_selects_exactly_the_due_records_across_a_clamped_month_end(
    policy: Policy, activity: str, rule_id: str, as_of: datetime
) -> None:
    # The retention engine deletes `anchor_column < cutoff`; that must be exactly the records
    # `is_due` calls due, also where "N months after 31 August" is clamped to 28 February.
    rule = rule_in(policy, activity, rule_id)
    cutoff = rule.cutoff(as_of)
    for hour in range(-96, 97):
        stamp = cutoff + timedelta(hours=hour)
        assert (stamp < cutoff) == rule.is_due(stamp, as_of), stamp


def test_review_rules_have_no_due_date(policy: Policy) -> None:
    rule = rule_in(policy, "event_organisation", "visa_letters")
    with pytest.raises(ValueError, match="review rule"):
        rule.is_due(utc(2020, 1, 1), as_of=utc(2030, 1, 1))


# --- who we are, who we share with, what you can do ----------------------------------------


def test_controller_dpo_and_eu_representative(policy: Policy) -> None:
    assert policy.controller.name == "Infobip Limited"
    assert policy.controller.registration_number == "7085757"
    assert policy.controller.country == "GB"
    assert "London EC4V 6BW" in (policy.controller.address or "")
    assert policy.dpo.email == "data-protection-officer@infobip.com"
    assert policy.eu_representative is not None
    assert policy.eu_representative.email == "data-protection-officer@infobip.com"


def test_relationships_cover_every_reader_of_the_notice(policy: Policy) -> None:
    assert {r.id for r in policy.relationships} == {
        "customer",
        "customer_contact",
        "end_user",
        "marketing_subscriber",
        "job_applicant",
        "referee",
        "supplier",
        "prospect",
        "event_participant",
        "research_participant",
        "website_visitor",
        "social_impact_contact",
        "office_visitor",
    }
    used = {subject.relationship for subject in policy.subject_categories}
    assert used == {r.id for r in policy.relationships}


@pytest.mark.parametrize(
    ("subject", "fides_key"),
    [
        ("individual_customer", "customer"),
        ("account_user", "customer"),
        ("individual_supplier", "supplier_vendor"),
        ("prospect", "prospect"),
        ("job_applicant", "job_applicant"),
        ("sourced_candidate", "job_applicant"),
        ("office_visitor", "visitor"),
        ("survey_respondent", "anonymous_user"),
        ("end_user", None),
    ],
)
def test_subject_categories_map_to_fideslang(policy: Policy, subject: str, fides_key: str) -> None:
    by_id = {category.id: category for category in policy.subject_categories}
    assert by_id[subject].fides_key == fides_key


def test_every_fides_key_is_in_the_default_taxonomy(policy: Policy) -> None:
    subjects = {item.fides_key for item in DEFAULT_TAXONOMY.data_subject}
    categories = {item.fides_key for item in DEFAULT_TAXONOMY.data_category}
    uses = {item.fides_key for item in DEFAULT_TAXONOMY.data_use}
    assert {s.fides_key for s in policy.subject_categories if s.fides_key} <= subjects
    assert {key for c in policy.data_categories for key in c.fides_keys} <= categories
    assert {p.fides_use for a in policy.activities for p in a.purposes if p.fides_use} <= uses


@pytest.mark.parametrize(
    ("category", "fides_key"),
    [
        ("end_user_contact", "user.contact.phone_number"),
        ("end_user_contact", "user.contact.email"),
        ("name_and_contact", "user.name"),
        ("usage_data", "user.device.ip_address"),
        ("billing_financial", "user.financial.bank_account"),
        ("visa_letter_data", "user.government_id.passport_number"),
        ("visa_letter_data", "user.demographic.date_of_birth"),
        ("communications_content", "user.content.private"),
        ("cctv_recordings", "user.content.self_image"),
    ],
)
def test_data_categories_map_to_fideslang(policy: Policy, category: str, fides_key: str) -> None:
    by_id = {item.id: item for item in policy.data_categories}
    assert fides_key in by_id[category].fides_keys


@pytest.mark.parametrize("activity", ["account_data", "traffic_data", "suppliers", "prospects"])
def test_contractual_counterpart_basis_is_noted(policy: Policy, activity: str) -> None:
    # "If you personally are our contractual counterpart, we process your data because it is
    # necessary for the performance of a contract" — beside the legitimate interest.
    notes = [
        purpose.basis_note or ""
        for purpose in policy.activity(activity).purposes
        if purpose.legal_basis is LI
    ]
    assert any("contract" in note for note in notes)


def test_recipient_register_is_kept_up(policy: Policy) -> None:
    for recipient in policy.recipients:
        if recipient.role is RecipientRole.processor:
            assert recipient.agreement is not None and recipient.agreement.in_place
            assert recipient.agreement.since is not None
            assert recipient.last_assessment is not None
        due = recipient.assessment_due()
        assert due is None or due >= TODAY, f"{recipient.id} re-assessment overdue ({due})"


def test_workday_is_the_recruitment_processor_in_the_eu(policy: Policy) -> None:
    workday = next(r for r in policy.recipients if r.id == "workday")
    assert workday.name == "Workday Ltd"
    assert workday.role is RecipientRole.processor
    assert set(workday.locations) <= EEA
    assert "workday" in policy.activity("recruitment").recipients


def test_transfers_outside_the_eea_have_safeguards(policy: Policy) -> None:
    recipients = {r.id: r for r in policy.recipients}
    for transfer in policy.transfers:
        assert transfer.safeguard is not Safeguard.none
        if recipients[transfer.recipient].role is RecipientRole.group_company:
            assert transfer.safeguard is Safeguard.intercompany_agreement
        elif transfer.destination in {"US", "WORLD"}:
            assert transfer.safeguard is Safeguard.standard_contractual_clauses
    for activity in policy.activities:
        own = {(t.recipient, t.destination) for t in policy.transfers if t.id in activity.transfers}
        for recipient_id in activity.recipients:
            for location in recipients[recipient_id].locations:
                if location not in EEA:
                    assert (recipient_id, location) in own, (activity.id, recipient_id)


def test_cookie_categories(policy: Policy) -> None:
    bases = {cookie.id: cookie.legal_basis for cookie in policy.cookie_categories}
    assert bases == {
        "necessary": LI,
        "functional": CONSENT,
        "analytical": CONSENT,
        "advertising": CONSENT,
    }


def test_rights_of_section_9(policy: Policy) -> None:
    assert [statement.right for statement in policy.rights] == [
        Right.withdraw_consent,
        Right.access,
        Right.rectification,
        Right.erasure,
        Right.restriction,
        Right.portability,
        Right.objection,
        Right.marketing_opt_out,
        Right.automated_decision,
        Right.complaint,
    ]


def test_children_under_16_cannot_be_customers(policy: Policy) -> None:
    children = policy.children
    assert children is not None
    assert children.minimum_age == 16
    assert children.action is Action.delete
    assert set(children.subjects) == {"individual_customer", "account_user"}


def test_legal_holds_and_national_duties_override_retention(policy: Policy) -> None:
    override = policy.retention_override
    assert override.legal_holds and override.national_retention_duties
    assert "no longer legally obligated" in override.statement
    assert any("ISO 27001" in measure for measure in policy.security)
    assert "on this page" in (policy.changes or "")


def test_relationship_summaries_state_no_periods(policy: Policy) -> None:
    # Periods are generated from the rules in the overview; prose would drift from them.
    period = re.compile(
        r"\b(\d+|one|two|three|six|seven|twelve|thirty|sixty|ninety)\s+(day|week|month|year)s?\b",
        re.IGNORECASE,
    )
    for relationship in policy.relationships:
        assert not period.search(relationship.summary), relationship.id
