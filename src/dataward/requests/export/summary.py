"""The readable part of an access export: what each dataset is for (GDPR Art. 15(1)).

Art. 15(1) entitles the person to the purposes, the categories of data, the recipients,
the retention period and the source, besides the copy. All of it comes from the policy
activities the inventory binds the dataset to, worded as the notice words it.
"""

from __future__ import annotations

from dataclasses import dataclass

from dataward.inventory.model import Dataset
from dataward.policy.model import Policy
from dataward.policy.render.labels import LEGAL_BASES
from dataward.policy.render.wording import Phrasebook, retention_sentence


@dataclass(frozen=True)
class DatasetSummary:
    name: str
    rows: int
    activities: tuple[str, ...]
    purposes: tuple[str, ...]
    categories: tuple[str, ...]
    sources: tuple[str, ...]
    recipients: tuple[str, ...]
    retention: tuple[str, ...]


def summarise(
    policy: Policy, address: str, dataset: Dataset, rows: int, phrases: Phrasebook | None = None
) -> DatasetSummary:
    phrases = phrases or Phrasebook.of(policy)
    names = {category.id: category.name for category in policy.data_categories}
    recipients = {recipient.id: recipient.name for recipient in policy.recipients}
    activities = [policy.activity(activity_id) for activity_id in dataset.activities]
    categories = sorted(
        {
            names.get(column.category, column.category)
            for column in dataset.columns.values()
            if column.category
        }
    )
    return DatasetSummary(
        name=address,
        rows=rows,
        activities=tuple(activity.name for activity in activities),
        purposes=tuple(
            f"{purpose.description} (legal basis: {LEGAL_BASES[purpose.legal_basis]})"
            for activity in activities
            for purpose in activity.purposes
        ),
        categories=tuple(categories),
        sources=tuple(source.description for activity in activities for source in activity.sources),
        recipients=tuple(
            recipients.get(recipient, recipient)
            for activity in activities
            for recipient in activity.recipients
        ),
        retention=tuple(
            retention_sentence(rule, phrases)
            for activity in activities
            for rule in activity.retention
        ),
    )


def _section(title: str, lines: tuple[str, ...]) -> list[str]:
    if not lines:
        return [f"**{title}:** none", ""]
    return [f"**{title}:**", "", *(f"- {line}" for line in dict.fromkeys(lines)), ""]


def to_markdown(summary: DatasetSummary) -> str:
    lines = [f"## {summary.name}", "", f"{summary.rows} record(s) about you.", ""]
    lines += _section("Why we hold it", summary.purposes)
    lines += _section("What kind of data", summary.categories)
    lines += _section("Where it comes from", summary.sources)
    lines += _section("Who receives it", summary.recipients)
    lines += _section("How long we keep it", summary.retention)
    return "\n".join(lines)
