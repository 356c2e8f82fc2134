"""The short just-in-time text shown where data is collected (a sign-up or event form)."""

from __future__ import annotations

from dataward.policy.model import Policy, Role
from dataward.policy.render.document import Document, Link, bullets, para, section
from dataward.policy.render.labels import RIGHTS, ROLES, places
from dataward.policy.render.notice import mail_link, purpose_items
from dataward.policy.render.overview import activity_anchor
from dataward.policy.render.wording import (
    Phrasebook,
    join_words,
    lower_first,
    retention_sentence,
)


def _destinations(codes: list[str]) -> str:
    return f", including transfers to {places(codes)}" if codes else ""


def _responsible(policy: Policy, role: Role) -> str:
    # As a processor we are not the one a person exercises rights against: the customer is.
    if role is Role.processor:
        return (
            "Our customer is responsible for this data (the controller): to exercise your "
            "rights, contact that customer. For questions about our part, "
        )
    return f"{policy.controller.name} is responsible for this data. To exercise your rights, "


class UnknownActivityError(LookupError):
    """No activity has this id; ``known`` lists the ids that exist."""

    def __init__(self, activity_id: str, known: list[str]) -> None:
        self.activity_id = activity_id
        self.known = known
        super().__init__(f"unknown activity {activity_id!r}; expected one of: {', '.join(known)}")


def just_in_time_document(policy: Policy, activity_id: str, notice_url: str) -> Document:
    """What a person needs at the moment of collection, with a link to the full notice."""
    known = [activity.id for activity in policy.activities]
    if activity_id not in known:
        raise UnknownActivityError(activity_id, known)
    activity = policy.activity(activity_id)
    phrases = Phrasebook.of(policy)
    names = {recipient.id: recipient.name for recipient in policy.recipients}
    transfers = [t for t in policy.transfers if t.id in activity.transfers]
    shared = [
        names[recipient]
        + _destinations([t.destination for t in transfers if t.recipient == recipient])
        for recipient in dict.fromkeys([*activity.recipients, *(t.recipient for t in transfers)])
    ]
    rights = join_words(lower_first(RIGHTS[r.right]) for r in policy.rights)
    return Document(
        title=f"{activity.name}: how we use your data",
        language=policy.metadata.language,
        subtitle=f"{policy.controller.name}, privacy notice version {policy.metadata.version}",
        intro=(para(activity.summary), para(ROLES[activity.role])),
        table_of_contents=False,
        sections=(
            section("why", "Why we collect it", bullets(purpose_items(activity))),
            section(
                "how-long",
                "How long we keep it",
                bullets(retention_sentence(rule, phrases) for rule in activity.retention),
            ),
            *([section("sharing", "Who we share it with", bullets(shared))] if shared else []),
            section(
                "rights",
                "Your rights",
                para(f"Depending on where you live, your rights include: {rights}.")
                if rights
                else None,
                para(
                    _responsible(policy, activity.role),
                    "email our Data Protection Officer at ",
                    mail_link(policy.dpo.email),
                    ".",
                ),
            ),
            section(
                "more",
                "More information",
                para(
                    "Read the full privacy notice: ",
                    Link(policy.metadata.title, f"{notice_url}#{activity_anchor(activity)}"),
                    ".",
                ),
            ),
        ),
    )
