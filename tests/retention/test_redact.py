"""The redact action: free text redacted in due rows only, once, held rows kept, audited."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from dataward.audit import AuditEntry, verify
from dataward.holds import HoldScope
from dataward.inventory.loader import parse_inventory
from dataward.inventory.model import Inventory
from dataward.policy import Policy
from dataward.policy.model import RetentionAction
from dataward.retention.derive import derive_steps
from dataward.retention.ledger import LEDGER_TABLE, ledger_table
from dataward.retention.redaction import VISITED_TABLE, RedactionSample
from tests.retention.company import AS_OF
from tests.retention.conftest import Planner, Runner, lift_hold, place_hold, rows, with_action
from tests.retention.free_text import (
    HELD_EMAIL,
    REDACTED,
    ROWS,
    SURVEY,
    TICKETS,
    add_bulk_answers,
    create_desk,
    desk_inventory,
)
from tests.retention.interrupt import (
    assert_same_batches,
    interrupt_twice_then_finish,
    retention_command,
    run_files,
)

State = dict[str, dict[int, dict[str, Any]]]


@pytest.fixture
def company_url(database_url: str) -> str:
    create_desk(database_url)
    return database_url


@pytest.fixture
def inventory(company_url: str) -> Inventory:
    return parse_inventory(desk_inventory(company_url), "inventory.yaml")


@pytest.fixture
def policy(default_policy: Policy) -> Policy:
    """Ticket bodies are redacted, not deleted, when the ticket's seven years end."""
    return with_action(default_policy, "customer_support_data", RetentionAction.redact)


def _state(url: str) -> State:
    return {table: {row["id"]: row for row in rows(url, table)} for table in ROWS}


def _unchanged() -> State:
    return {table: {row["id"]: dict(row) for row in found} for table, found in ROWS.items()}


def _expected() -> State:
    state = _unchanged()
    for (table, row_id), text in REDACTED.items():
        state[table][row_id]["answer" if table == "survey_answers" else "body"] = text
    return state


def _execute(url: str, sql: str, **parameters: Any) -> None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(sql), parameters)
    finally:
        engine.dispose()


def _redact_batches(store: sa.Engine) -> dict[str, list[dict[str, Any]]]:
    with Session(store) as session:
        assert verify(session).ok
        entries = session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.action == "retention.batch")
            .order_by(AuditEntry.seq)
        ).all()
    found: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        if entry.details["action"] == "redact":
            found.setdefault(entry.details["step"], []).append(entry.details)
    return found


def test_only_free_text_columns_are_redacted_and_a_rule_without_one_is_blocked(
    policy: Policy,
) -> None:
    marked = parse_inventory(desk_inventory("sqlite://"), "inventory.yaml")
    steps = {str(step.key): step for step in derive_steps(policy, marked, AS_OF).steps}
    assert steps[SURVEY].columns == ("answer",) and steps[SURVEY].blocked is None
    assert steps[TICKETS].columns == ("body",)  # requester_email is no free text
    unmarked = parse_inventory(desk_inventory("sqlite://", free_text=False), "inventory.yaml")
    blocked = {str(step.key): step for step in derive_steps(policy, unmarked, AS_OF).steps}
    assert blocked[SURVEY].blocked == (
        "redact reads free text, but none of desk.survey_answers's columns (answer) is "
        "marked `free_text: true` in the inventory"
    )


def test_the_plan_counts_and_samples_due_rows_and_changes_nothing(
    plan: Planner, policy: Policy, company_url: str
) -> None:
    made = plan(policy=policy)
    lines = {line.step: line for line in made.lines}
    survey, tickets = lines[SURVEY], lines[TICKETS]
    # Answers 1-3 are due; 4 is not submitted, 5 came after as_of, 6 has no text.
    assert (survey.action, survey.status, survey.due, survey.held) == ("redact", "due", 3, 0)
    assert survey.oldest == datetime(2024, 1, 1, tzinfo=UTC)
    assert survey.sample == RedactionSample(3, 2, {"EMAIL": 1, "PHONE": 1})
    assert survey.note == "sample of 3 rows: 2 would change (EMAIL 1, PHONE 1)"
    assert tickets.sample == RedactionSample(2, 2, {"EMAIL": 1, "PHONE": 2})
    shown = json.dumps(made.as_dict())
    assert "example.com" not in shown and "7946" not in shown  # types only, never values
    assert _state(company_url) == _unchanged()
    engine = sa.create_engine(company_url)
    try:
        assert VISITED_TABLE not in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_a_run_redacts_exactly_the_due_rows_and_audits_each_batch(
    run: Runner, policy: Policy, company_url: str, store: sa.Engine
) -> None:
    report = run(policy=policy, batch_size=2)
    outcomes = {outcome.step: outcome for outcome in report.outcomes}
    assert (outcomes[SURVEY].status, outcomes[SURVEY].rows) == ("done", 2)
    assert (outcomes[TICKETS].status, outcomes[TICKETS].rows) == ("done", 2)
    assert _state(company_url) == _expected()
    batches = _redact_batches(store)
    # Oldest first, two rows a batch: answers 3 and 2 (the phone), then answer 1.
    assert [(b["batch"], b["count"], b["findings"]) for b in batches[SURVEY]] == [
        (1, 1, {"PHONE": 1}),
        (2, 1, {"EMAIL": 1}),
    ]
    assert [(b["count"], b["findings"]) for b in batches[TICKETS]] == [
        (2, {"EMAIL": 1, "PHONE": 2})
    ]
    assert "example.com" not in json.dumps(batches)


def test_a_second_run_reads_no_row_again_and_changes_nothing(
    run: Runner, plan: Planner, policy: Policy, company_url: str
) -> None:
    assert run(policy=policy).rows == 4
    after = _state(company_url)
    assert run(policy=policy).rows == 0
    assert _state(company_url) == after
    lines = {line.step: line for line in plan(policy=policy).lines}
    assert (lines[SURVEY].due, lines[SURVEY].status) == (0, "nothing_due")
    # Rows are visited once: an answer edited after its visit is not read again (the
    # limit docs/redaction.md states), while a new due answer is.
    _execute(company_url, "UPDATE survey_answers SET answer = 'Now: x@example.com' WHERE id = 3")
    _execute(
        company_url,
        "INSERT INTO survey_answers (id, survey, answer, submitted_at) "
        "VALUES (7, 'pricing', 'Late: y@example.com', :at)",
        at=datetime(2026, 3, 2),
    )
    assert run(policy=policy).rows == 1
    answers = _state(company_url)["survey_answers"]
    assert (answers[3]["answer"], answers[7]["answer"]) == ("Now: x@example.com", "Late: <EMAIL>")


def test_held_rows_keep_their_text_until_the_hold_is_released(
    run: Runner, plan: Planner, policy: Policy, store: sa.Engine, company_url: str
) -> None:
    hold = place_hold(store, HoldScope.subject, HELD_EMAIL)
    line = next(line for line in plan(policy=policy).lines if line.step == TICKETS)
    assert (line.due, line.held) == (1, 1)
    assert run(policy=policy).rows == 3
    tickets = _state(company_url)["tickets"]
    assert tickets[2]["body"] == ROWS["tickets"][1]["body"]
    assert tickets[1]["body"] == REDACTED[("tickets", 1)]
    lift_hold(store, hold)
    assert run(policy=policy).rows == 1
    assert _state(company_url) == _expected()


def test_a_ledger_from_before_redaction_gains_its_findings_column(
    run: Runner, policy: Policy, company_url: str, store: sa.Engine
) -> None:
    legacy = sa.Table(
        LEDGER_TABLE,
        sa.MetaData(),
        *(sa.Column(c.name, c.type) for c in ledger_table().columns if c.name != "findings"),
    )
    engine = sa.create_engine(company_url)
    try:
        legacy.create(engine)
        run(policy=policy)
        columns = {column["name"] for column in sa.inspect(engine).get_columns(LEDGER_TABLE)}
    finally:
        engine.dispose()
    assert "findings" in columns
    assert _redact_batches(store)[SURVEY][0]["findings"] == {"EMAIL": 1, "PHONE": 1}


BULK = 1_000


def _desk(url: str, folder: Path, name: str) -> tuple[Path, str]:
    create_desk(url)
    add_bulk_answers(url, BULK)
    return run_files(folder, name, desk_inventory(url))


def test_a_killed_redaction_resumes_to_the_uninterrupted_end_state(
    database_url: str, twin_url: str, tmp_path: Path
) -> None:
    interrupted, interrupted_store = _desk(database_url, tmp_path, "interrupted")
    straight, straight_store = _desk(twin_url, tmp_path, "straight")

    interrupt_twice_then_finish(retention_command(interrupted, interrupted_store), database_url)
    straight_run = subprocess.run(retention_command(straight, straight_store), capture_output=True)
    assert straight_run.returncode == 0, straight_run.stderr.decode()

    answers = rows(database_url, "survey_answers")
    assert answers == rows(twin_url, "survey_answers")
    bulk = [row["answer"] for row in answers if row["id"] >= 1_000]
    assert len(bulk) == BULK and all("@" not in text and "<EMAIL>" in text for text in bulk)
    assert_same_batches(interrupted_store, straight_store, database_url)
