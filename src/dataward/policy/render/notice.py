"""The full privacy notice as a document tree, built from the policy alone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dataward.policy.model import Activity, Contact, Policy
from dataward.policy.render.addenda import CountryAddendum, addenda_section
from dataward.policy.render.document import (
    Document,
    Inline,
    Item,
    Link,
    Paragraph,
    Section,
    bullets,
    item,
    para,
    section,
)
from dataward.policy.render.labels import (
    LEGAL_BASES,
    RECIPIENT_ROLES,
    RIGHTS,
    ROLES,
    SAFEGUARDS,
    country_name,
    places,
)
from dataward.policy.render.overview import activity_anchor, overview_section
from dataward.policy.render.wording import Phrasebook, retention_sentence

RETENTION_EXCEPTIONS = "retention-exceptions"
RIGHTS_ANCHOR = "your-rights"


# Spelled out here because strftime's month names follow the process locale.
# fmt: off
_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]
# fmt: on


def long_date(day: date) -> str:
    """``date(2023, 2, 22)`` is ``"22 February 2023"``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def mail_link(address: str) -> Link:
    return Link(address, f"mailto:{address}")


def _contact(label: str, contact: Contact) -> Paragraph:
    note = f" {contact.note}" if contact.note else ""
    return para(f"{label}: {contact.name}, ", mail_link(contact.email), f".{note}")


def who_we_are(policy: Policy) -> Section:
    controller = policy.controller
    details = ", ".join(part for part in (controller.name, controller.address) if part)
    if controller.registration_number:
        details += f", registration number {controller.registration_number}"
    website: Inline = Link(controller.url, controller.url) if controller.url else ""
    return section(
        "who-we-are",
        "Who we are",
        para(f"The controller responsible for the processing described here is {details}."),
        para("More about us: ", website, ".") if controller.url else None,
        _contact("Our Data Protection Officer", policy.dpo),
        _contact("Our EU representative", policy.eu_representative)
        if policy.eu_representative
        else None,
    )


def purpose_items(activity: Activity) -> list[Item]:
    items = []
    for purpose in activity.purposes:
        basis = f"Legal basis: {LEGAL_BASES[purpose.legal_basis]}."
        note = f" {purpose.basis_note}" if purpose.basis_note else ""
        items.append(item(f"{purpose.description.rstrip('.')}. {basis}{note}"))
    return items


def activity_section(policy: Policy, activity: Activity, phrases: Phrasebook) -> Section:
    anchor = activity_anchor(activity)
    categories = {category.id: category for category in policy.data_categories}
    recipients = {recipient.id: recipient for recipient in policy.recipients}
    transfers = {transfer.id: transfer for transfer in policy.transfers}
    shared = [recipients[id_] for id_ in activity.recipients]
    moved = [transfers[id_] for id_ in activity.transfers]
    parts = [
        section(
            f"{anchor}-data",
            "What personal data we collect",
            bullets(
                item(categories[id_].description, label=categories[id_].name)
                for id_ in activity.data_categories
            ),
        ),
        section(
            f"{anchor}-sources",
            "How we collect it",
            bullets(source.description for source in activity.sources),
        ),
        section(
            f"{anchor}-purposes",
            "Why we use it and on which legal basis",
            bullets(purpose_items(activity)),
        ),
        section(
            f"{anchor}-retention",
            "How long we keep it",
            bullets(retention_sentence(rule, phrases) for rule in activity.retention),
            para(
                "These are our standard periods; the law or a legal hold can require us to "
                "keep data longer (see ",
                Link("Retention exceptions", f"#{RETENTION_EXCEPTIONS}"),
                ").",
            ),
        ),
    ]
    if shared:
        parts.append(
            section(
                f"{anchor}-recipients",
                "Who we share it with",
                bullets(
                    item(
                        f"{r.description.rstrip('.')}. Role: {RECIPIENT_ROLES[r.role]}. "
                        f"Located in {places(r.locations)}.",
                        label=r.name,
                    )
                    for r in shared
                ),
            )
        )
    if moved:
        parts.append(
            section(
                f"{anchor}-transfers",
                "International transfers",
                bullets(
                    f"To {recipients[t.recipient].name} in {country_name(t.destination)}, "
                    f"protected by {SAFEGUARDS[t.safeguard]}." + (f" {t.note}" if t.note else "")
                    for t in moved
                ),
            )
        )
    if activity.security_measures:
        parts.append(
            section(f"{anchor}-security", "How we protect it", bullets(activity.security_measures))
        )
    return section(
        anchor, activity.name, para(activity.summary), para(ROLES[activity.role]), sections=parts
    )


def activities_section(policy: Policy) -> Section:
    phrases = Phrasebook.of(policy)
    return section(
        "activities",
        "How we use personal data",
        para("Each activity below states what we collect, why, and how long we keep it."),
        sections=(activity_section(policy, activity, phrases) for activity in policy.activities),
    )


def rights_section(policy: Policy) -> Section:
    return section(
        RIGHTS_ANCHOR,
        "Your rights",
        bullets(item(r.description, label=RIGHTS[r.right]) for r in policy.rights)
        if policy.rights
        else None,
        para(
            "To exercise any of your rights, or if you have a question or a complaint about how "
            "we use your personal data, email our Data Protection Officer at ",
            mail_link(policy.dpo.email),
            ".",
        ),
        para(policy.complaints) if policy.complaints else None,
    )


def closing_sections(policy: Policy) -> list[Section]:
    override = policy.retention_override
    duties = [
        text
        for applies, text in (
            (
                override.legal_holds,
                "A legal hold (litigation, an investigation, a request from "
                "an authority) keeps the records it covers until it is released.",
            ),
            (
                override.national_retention_duties,
                "A national retention duty (law enforcement, "
                "tax, accounting) keeps the records it covers for the period it prescribes.",
            ),
        )
        if applies
    ]
    sections = []
    if policy.cookie_categories:
        sections.append(
            section(
                "cookies",
                "Cookies",
                bullets(
                    item(
                        f"{c.description.rstrip('.')}. Legal basis: {LEGAL_BASES[c.legal_basis]}.",
                        label=c.name,
                    )
                    for c in policy.cookie_categories
                ),
            )
        )
    if policy.security:
        sections.append(section("security", "Security", bullets(policy.security)))
    sections.append(rights_section(policy))
    sections.append(
        section(
            RETENTION_EXCEPTIONS,
            "Retention exceptions",
            para(override.statement),
            bullets(duties) if duties else None,
        )
    )
    if policy.children:
        sections.append(section("children", "Children", para(policy.children.statement)))
    sections.append(changes_section(policy))
    return sections


def changes_section(policy: Policy) -> Section:
    meta = policy.metadata
    version = f"This is version {meta.version} of this notice"
    if meta.previous_version:
        version += f"; it replaces version {meta.previous_version}"
    return section(
        "changes",
        "Changes to this notice",
        para(policy.changes) if policy.changes else None,
        para(f"{version}."),
        para("What changed between versions: ", Link(meta.changelog_url, meta.changelog_url), ".")
        if meta.changelog_url
        else None,
    )


def notice_document(policy: Policy, addenda: Sequence[CountryAddendum] = ()) -> Document:
    """The complete notice: overview by relationship, every activity in full, then the
    notice-wide sections and, when given, the country addenda."""
    meta = policy.metadata
    return Document(
        title=meta.title,
        language=meta.language,
        subtitle=f"Last updated: {long_date(meta.last_updated)} (version {meta.version})",
        intro=(
            para(
                f"This notice explains how {policy.controller.name} collects and uses personal "
                "data, and the rights you have. Start with the overview for your relationship "
                "with us; the full notice follows."
            ),
        ),
        sections=(
            overview_section(policy),
            who_we_are(policy),
            activities_section(policy),
            *closing_sections(policy),
            *([addenda_section(addenda)] if addenda else []),
        ),
    )
