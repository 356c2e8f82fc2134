"""Recruiting: applicants (kept for the consented period), sourced candidates, referees.

A sourced candidate was found on a networking site or sent by an agency and got an email
asking for consent; without consent within 30 days their data goes. ``consent_ends_at``
is what the recruiting tool keeps up to date: the earlier of the consented period's end
and the withdrawal.
"""

from __future__ import annotations

from datetime import timedelta

from dataward.demo.spec import INT, TEXT, TS, Col, Row, SystemSpec, listed, relation, varchar
from dataward.demo.systems.common import NAME, contact_identities, person_columns, person_values
from dataward.demo.timeline import fmt, fmt_optional
from dataward.demo.world import World

POSITIONS = (
    "Backend engineer",
    "Product designer",
    "Account executive",
    "Data analyst",
    "Site reliability engineer",
    "Solutions architect",
    "Legal counsel",
    "Intern",
)
SKILLS = ("Python", "Go", "Kotlin", "SQL", "negotiation", "Figma", "Kubernetes", "GDPR", "sales")
RELATIONS = ("former manager", "colleague", "professor", "client")


def _slug(text: str) -> str:
    return "".join(char for char in text.lower() if char.isalnum())


def applicants(world: World) -> tuple[list[Row], list[Row]]:
    rng, timeline = world.rng("recruiting", "applicants"), world.timeline
    applicants_rows: list[Row] = []
    referees: list[Row] = []
    for index, person in enumerate(world.population.pick(rng, world.scale.share(6, 20), False)):
        applied = timeline.days_ago(rng, 1, 6 * 365)
        until = applied + timedelta(days=rng.choice((365, 730, 1095)))
        withdrawn = timeline.after(rng, applied, 300) if index == 0 or rng.random() < 0.1 else None
        ends = min(until, withdrawn) if withdrawn else until
        skills = ", ".join(rng.sample(SKILLS, 3))
        cv = f"{person.name}, {person.city}. {person.job_title}; skills: {skills}."
        cv += f" Contact: {person.email}"
        notes = rng.choice(("Strong system design.", "Good culture fit.", "Needs visa.", None))
        applicants_rows.append(
            (
                index + 1,
                *person_values(person),
                person.city,
                rng.choice(POSITIONS),
                cv,
                f"https://www.linkedin.example/in/{_slug(person.name)}-{index}",
                notes,
                fmt(applied),
                fmt(applied),
                fmt(until),
                fmt_optional(withdrawn),
                fmt(ends),
            )
        )
        for referee in world.population.pick(rng, rng.choice((0, 0, 1, 2)), False):
            referees.append(
                (
                    len(referees) + 1,
                    index + 1,
                    *person_values(referee),
                    rng.choice(RELATIONS),
                    fmt(timeline.after(rng, applied, 30)),
                )
            )
    return applicants_rows, referees


def sourced_candidates(world: World) -> list[Row]:
    rng, timeline = world.rng("recruiting", "sourced_candidates"), world.timeline
    rows: list[Row] = []
    for index, person in enumerate(world.population.pick(rng, world.scale.share(8, 15), False)):
        # First: emailed long ago and never answered (due); second: emailed last week.
        sourced = (
            timeline.days_ago(rng, 8, 10) if index == 1 else timeline.days_ago(rng, 40, 5 * 365)
        )
        emailed = timeline.after(rng, sourced, 3)
        consented = None
        if index > 1 and rng.random() < 0.45:
            consented = timeline.after(rng, emailed, 25)
        until = consented + timedelta(days=730) if consented else None
        rows.append(
            (
                index + 1,
                *person_values(person),
                f"{person.job_title} at {person.employer.name if person.employer else 'freelance'}",
                f"https://www.linkedin.example/in/{_slug(person.name)}-s{index}",
                rng.choice(("linkedin", "agency", "github")),
                fmt(sourced),
                fmt(emailed),
                fmt_optional(consented),
                fmt_optional(until),
            )
        )
    return rows


def system(world: World) -> SystemSpec:
    applicant_rows, referee_rows = applicants(world)
    tables = [
        listed(
            "applicants",
            "People who applied through the recruitment software, with their consent period.",
            [
                *person_columns(),
                Col("city", varchar(80), "application_data"),
                Col("position", varchar(60), "application_data"),
                Col("cv_text", TEXT, "application_data", free_text=True),
                Col("linkedin_url", varchar(200), "public_professional_profile"),
                Col("interview_notes", TEXT, "selection_process_data", free_text=True),
                Col("applied_at", TS),
                Col("consent_given_at", TS),
                Col("consent_until", TS),
                Col("consent_withdrawn_at", TS),
                Col("consent_ends_at", TS, description="the earlier of until and withdrawn"),
            ],
            applicant_rows,
            activities=["recruitment"],
            identities=contact_identities("job_applicant"),
            anchors={"consent_end": "consent_ends_at"},
        ),
        listed(
            "sourced_candidates",
            "Potential candidates found on networking sites or sent by agencies.",
            [
                *person_columns(),
                Col("headline", varchar(300), "public_professional_profile"),
                Col("profile_url", varchar(200), "public_professional_profile"),
                Col("source", varchar(10)),
                Col("sourced_at", TS),
                Col("recruitment_email_at", TS, description="the email asking for consent"),
                Col("consent_given_at", TS),
                Col("consent_until", TS),
            ],
            sourced_candidates(world),
            activities=["recruitment"],
            identities=contact_identities("sourced_candidate"),
            anchors={"recruitment_email": "recruitment_email_at", "consent_end": "consent_until"},
            conditions={"consent_given": "consent_given_at"},
        ),
        listed(
            "referees",
            "Referees named by applicants.",
            [
                Col("applicant_id", INT),
                *person_columns(),
                Col("relation_to_applicant", varchar(20), NAME),
                Col("added_at", TS),
            ],
            referee_rows,
            activities=["recruitment"],
            identities=contact_identities("referee"),
            relations=[relation("applicant_id", "applicants.id", "job_applicant")],
        ),
    ]
    return SystemSpec("recruiting", "The recruitment software (applicants, candidates).", tables)
