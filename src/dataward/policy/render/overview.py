"""The layered overview: per relationship (customer, end-user, job applicant …) the short
version of what we collect, why and for how long, above the full notice.

Everything here is selected from the activities, never written separately, so the short
version cannot drift from the full one.
"""

from __future__ import annotations

from collections.abc import Iterator

from dataward.policy.model import Activity, Policy, Relationship, RetentionRule, Role
from dataward.policy.render.document import Item, Link, Section, bullets, item, para, section
from dataward.policy.render.wording import Phrasebook, lower_first, retention_sentence


def activity_anchor(activity: Activity) -> str:
    return f"activity-{activity.id}"


def rule_subjects(activity: Activity, rule: RetentionRule) -> set[str]:
    """The subjects a rule is about: its own list, or else all of its activity's."""
    return set(rule.subjects or activity.subjects)


def _unique(values: Iterator[str]) -> list[str]:
    return list(dict.fromkeys(values))


def relationship_section(policy: Policy, relationship: Relationship) -> Section:
    subjects = {s.id for s in policy.subject_categories if s.relationship == relationship.id}
    activities = [a for a in policy.activities if subjects & set(a.subjects)]
    anchor = f"overview-{relationship.id}"
    if not activities:
        return section(anchor, relationship.title, para(relationship.summary))
    names = {category.id: category.name for category in policy.data_categories}
    phrases = Phrasebook.of(policy)
    collected = _unique(names[c] for a in activities for c in a.data_categories)
    collected[1:] = [lower_first(name) for name in collected[1:]]
    purposes = _unique(p.description for a in activities for p in a.purposes)
    periods = _unique(
        retention_sentence(rule, phrases)
        for a in activities
        for rule in a.retention
        if subjects & rule_subjects(a, rule)
    )
    entries: list[Item] = [
        item(", ".join(collected), label="What we collect"),
        item(label="Why", children=(item(text) for text in purposes)),
        item(label="How long we keep it", children=(item(text) for text in periods)),
    ]
    processed = [a.name for a in activities if a.role is Role.processor]
    if processed:
        entries.append(
            item(
                "Our customer decides how this data is used and we follow its instructions "
                "(we are its processor), so please contact that customer first:",
                label="Who decides",
                children=(item(name) for name in processed),
            )
        )
    links = [Link(a.name, f"#{activity_anchor(a)}") for a in activities]
    entries.append(item(label="In detail", children=(item(link) for link in links)))
    return section(anchor, relationship.title, para(relationship.summary), bullets(entries))


def overview_section(policy: Policy) -> Section:
    return section(
        "overview",
        "Overview",
        para(
            "The short version, by your relationship with us. It does not replace the full "
            "notice below, which describes each processing activity in detail."
        ),
        sections=(relationship_section(policy, r) for r in policy.relationships),
    )
