"""Research: survey invitations, anonymous survey answers, market research interviews.

User experience research sessions are recorded on the research provider's platform, not
in a database of ours, so their retention rule is listed under ``handled_outside``.
"""

from __future__ import annotations

from dataward.demo.spec import TEXT, TS, Col, Row, SystemSpec, listed, varchar
from dataward.demo.systems.common import (
    BUSINESS,
    contact_identities,
    mention,
    person_columns,
    person_values,
)
from dataward.demo.timeline import fmt, fmt_optional
from dataward.demo.world import World

SURVEYS = (
    "Messaging trends 2025",
    "Developer experience",
    "Chatbot adoption",
    "Pricing perception",
)
ANSWERS = (
    "Delivery reports arrive late for some countries.",
    "The API documentation is good.",
    "We would use RCS if pricing were clearer.",
    "Support answered quickly.",
    "Too many dashboards; we only need traffic and costs.",
)
TOPICS = (
    "Omnichannel strategy",
    "Fraud in A2P SMS",
    "Conversational commerce",
    "CPaaS vendor choice",
)


def system(world: World) -> SystemSpec:
    rng, timeline = world.rng("research", "surveys"), world.timeline
    invited = world.population.pick(rng, world.scale.share(4, 30), False)
    invitations: list[Row] = [
        (
            index + 1,
            *person_values(person, phone=False),
            rng.choice(SURVEYS),
            fmt(timeline.days_ago(rng, 1, 4 * 365)),
        )
        for index, person in enumerate(invited)
    ]
    answers: list[Row] = []
    for index in range(max(20, len(invited) // 2)):
        started = timeline.days_ago(rng, 0.5, 4 * 365)
        # A few are still being filled in: not yet received, so not yet due for redaction.
        submitted = None if index == 0 or rng.random() < 0.05 else timeline.after(rng, started, 0.2)
        text = rng.choice(ANSWERS) + mention(rng, rng.choice(invited), share=0.15)
        answers.append(
            (
                index + 1,
                rng.choice(SURVEYS),
                "What should we improve?",
                text,
                fmt(started),
                fmt_optional(submitted),
            )
        )
    interviews: list[Row] = []
    rng = world.rng("research", "interviews")
    for index, person in enumerate(world.population.pick(rng, world.scale.share(40, 10), False)):
        held = timeline.recently(rng) if index == 0 else timeline.days_ago(rng, 1, 4 * 365)
        token = f"{rng.getrandbits(48):012x}"
        transcript = (
            f"Interviewer: How do you choose a vendor? {person.first_name}: {rng.choice(ANSWERS)}"
        )
        interviews.append(
            (
                index + 1,
                *person_values(person),
                person.employer.name if person.employer else None,
                person.job_title,
                rng.choice(TOPICS),
                fmt(held),
                f"s3://research-recordings/{token}.mp4",
                transcript + mention(rng, person),
            )
        )
    tables = [
        listed(
            "survey_invitations",
            "Who was sent a link to an anonymous survey.",
            [*person_columns(phone=False), Col("survey", varchar(60)), Col("invited_at", TS)],
            invitations,
            activities=["anonymous_surveys"],
            identities=contact_identities("survey_invitee", phone=False),
        ),
        listed(
            "survey_answers",
            "Answers to anonymous surveys (never linked to a person; free text may name one).",
            [
                Col("survey", varchar(60)),
                Col("question", varchar(200)),
                Col("answer", TEXT, "survey_answers", free_text=True),
                Col("started_at", TS),
                Col("submitted_at", TS, description="NULL while the answer is being filled in"),
            ],
            answers,
            activities=["anonymous_surveys"],
            anchors={"survey_answers_received": "submitted_at"},
        ),
        listed(
            "interviews",
            "Market research interviews: index of recordings, with transcripts.",
            [
                *person_columns(),
                Col("company", varchar(200), BUSINESS),
                Col("job_title", varchar(100), BUSINESS),
                Col("topic", varchar(60)),
                Col("interview_at", TS),
                Col("recording_uri", varchar(200), "research_recordings"),
                Col("transcript", TEXT, "research_recordings", free_text=True),
            ],
            interviews,
            activities=["market_research_interviews"],
            identities=contact_identities("market_research_interviewee"),
            anchors={"interview": "interview_at"},
        ),
    ]
    outside = [
        {
            "rule": "ux_research_recordings",
            "reason": "UX research sessions are recorded and kept on the research provider's "
            "platform, which deletes recordings and notes one year after the session under our "
            "data processing agreement.",
        }
    ]
    return SystemSpec("research", "Market and user research.", tables, outside)
