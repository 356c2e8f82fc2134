"""Bad policy input: every problem named with file, line, column, field, value, expectation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dataward.policy import PolicyError, Severity, check_policy, load_policy, parse_policy
from tests.policy.factories import minimal_policy, to_yaml

Edit = Callable[[dict[str, Any]], None]


def _errors(document: dict[str, Any]) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        parse_policy(to_yaml(document), "policy.yaml", date(2026, 11, 28))
    return [str(problem) for problem in caught.value.problems]


def _set(path: str, value: Any) -> Edit:
    def edit(document: dict[str, Any]) -> None:
        *parents, last = [int(part) if part.isdigit() else part for part in path.split(".")]
        node = document
        for part in parents:
            node = node[part]
        node[last] = value

    return edit


RULE = "activities.0.retention.0"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            _set("activities.0.colour", "blue"),
            "activities[0].colour: unknown key 'colour' (got 'blue')",
        ),
        (
            _set(f"{RULE}.offset", {"months": -3}),
            "retention[0].offset.months: Input should be greater than or equal to 0 (got -3)",
        ),
        (
            _set(f"{RULE}.anchor", {"event": "relationship_end", "align": "end_of_week"}),
            "retention[0].anchor.align: Input should be 'instant', 'end_of_day', "
            "'end_of_month' or 'end_of_year' (got 'end_of_week')",
        ),
        (
            _set(f"{RULE}.anchor", {"event": "contract_signed"}),
            "retention[0].anchor.event: unknown anchor event; expected one of: "
            "relationship_end (got 'contract_signed')",
        ),
        (
            _set("activities.0.subjects", ["customer_individual", "ghost"]),
            "activities[0].subjects[1]: unknown subject category; expected one of: "
            "customer_individual (got 'ghost')",
        ),
        (
            _set("activities.0.recipients", ["acme_mailer"]),
            "activities[0].recipients[0]: unknown recipient; expected one of: hosting "
            "(got 'acme_mailer')",
        ),
        (
            _set(f"{RULE}.action", "shred"),
            "retention[0].action: Input should be 'delete', 'null', 'pseudonymise', "
            "'suppress', 'redact' or 'review' (got 'shred')",
        ),
        (
            _set(f"{RULE}.action", "review"),
            "activities[0].retention[0]: a 'review' rule needs 'review_reason'",
        ),
        (
            _set(f"{RULE}.offset", None),
            "activities[0].retention[0]: a 'delete' rule needs both 'anchor' and 'offset'",
        ),
        (
            _set(f"{RULE}.unless", ["agreement_signed"]),
            "retention[0].unless[0]: unknown condition; expected one of: none defined "
            "(got 'agreement_signed')",
        ),
        (
            _set("subject_categories.0.fides_key", "space_tourist"),
            "subject_categories[0].fides_key: not a fideslang data subject key",
        ),
        (
            _set("activities.0.purposes.0.legal_basis", "because"),
            "purposes[0].legal_basis: Input should be 'consent', 'contract'",
        ),
        (
            _set("metadata.last_updated", "yesterday"),
            "metadata.last_updated: Input should be a valid date",
        ),
    ],
)
def test_each_bad_input_is_named(edit: Edit, expected: str) -> None:
    document = minimal_policy()
    edit(document)
    problems = _errors(document)
    assert any(expected in problem for problem in problems), problems
    assert all(problem.startswith("policy.yaml:") for problem in problems)


def test_line_and_column_point_at_the_field() -> None:
    document = minimal_policy()
    document["activities"][0]["subjects"] = ["ghost"]
    text = to_yaml(document)
    problem_line = _errors(document)[0].split(":")[1]
    assert "ghost" in text.splitlines()[int(problem_line) - 1]


def test_every_problem_is_reported_not_just_the_first() -> None:
    document = minimal_policy()
    document["activities"][0]["subjects"] = ["ghost"]
    document["activities"][0]["data_categories"] = ["contact", "dna"]
    document["activities"][0]["recipients"] = ["acme"]
    assert len(_errors(document)) == 3


def test_duplicate_ids_are_rejected() -> None:
    document = minimal_policy()
    document["activities"].append(document["activities"][0])
    problems = _errors(document)
    assert any("activities[1].id: duplicate id (got 'accounts')" in p for p in problems)


def test_duplicate_yaml_keys_and_broken_yaml_are_located() -> None:
    with pytest.raises(PolicyError, match=r"p.yaml:2:1: error: \(document\): duplicate key"):
        parse_policy("metadata: {}\nmetadata: {}\n", "p.yaml")
    with pytest.raises(PolicyError, match=r"p.yaml:\d+:\d+: error: \(document\): invalid YAML"):
        parse_policy("metadata: [unclosed\n", "p.yaml")


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"nothing.yaml:0:0: error: .*cannot read"):
        load_policy(tmp_path / "nothing.yaml")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (_set("recipients.0.agreement", None), "has no data processing agreement in place"),
        (
            _set("recipients.0.last_assessment", "2024-01-01"),
            "re-assessment of 'Hosting Co' was due",
        ),
        (_set("recipients.0.locations", ["US"]), "is in US (outside the EEA) but no transfer"),
    ],
)
def test_register_gaps_are_warnings_not_errors(edit: Edit, expected: str) -> None:
    document = minimal_policy()
    edit(document)
    policy, problems = check_policy(to_yaml(document), "policy.yaml", date(2026, 11, 28))
    assert policy is not None
    warnings = [str(p) for p in problems if p.severity is Severity.warning]
    assert any(expected in warning for warning in warnings), warnings


def test_transfer_without_safeguard_warns() -> None:
    document = minimal_policy()
    document["recipients"][0]["locations"] = ["US"]
    document["transfers"] = [
        {"id": "hosting_us", "recipient": "hosting", "destination": "US", "safeguard": "none"}
    ]
    _, problems = check_policy(to_yaml(document), "policy.yaml", date(2026, 11, 28))
    assert [p.message for p in problems] == ["transfer to US (outside the EEA) has no safeguard"]


def test_a_clean_policy_has_no_problems() -> None:
    policy, problems = check_policy(to_yaml(minimal_policy()), "policy.yaml", date(2026, 11, 28))
    assert policy is not None and problems == []
