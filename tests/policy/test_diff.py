"""``policy diff``: each edit of a promise produces exactly the sentences a reviewer expects."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dataward.cli.main import app
from dataward.policy import load_policy
from dataward.policy.diff import Change, ChangeKind, diff_policies
from tests.policy.record_cases import load, records_policy, write

runner = CliRunner()
Edit = Callable[[dict[str, Any]], None]
ACCOUNTS, MARKETING, CONTENT = 0, 1, 2


def _activity(document: dict[str, Any], index: int) -> dict[str, Any]:
    activity: dict[str, Any] = document["activities"][index]
    return activity


def _rule(document: dict[str, Any], index: int = ACCOUNTS) -> dict[str, Any]:
    rule: dict[str, Any] = _activity(document, index)["retention"][0]
    return rule


def _changes(edit: Edit) -> list[Change]:
    document = records_policy()
    edit(document)
    return diff_policies(load(records_policy()), load(document))


def _new_recipient(document: dict[str, Any]) -> None:
    document["recipients"].append(
        {
            "id": "mailco",
            "name": "MailCo",
            "description": "Mail delivery.",
            "role": "processor",
            "locations": ["IE"],
            "agreement": {"in_place": True},
            "last_assessment": "2026-01-01",
        }
    )
    _activity(document, MARKETING)["recipients"].append("mailco")


def _new_rule(document: dict[str, Any]) -> None:
    _activity(document, ACCOUNTS)["retention"].append(
        {
            "id": "accounts_contact_after_relationship",
            "description": "Business contacts",
            "data_categories": ["contact"],
            "action": "delete",
            "anchor": {"event": "relationship_end"},
            "offset": {"months": 12},
        }
    )


def _replace_purpose(document: dict[str, Any]) -> None:
    events = {"id": "events", "description": "Invite you to events.", "legal_basis": "consent"}
    _activity(document, MARKETING)["purposes"] = [events]


def _to_controller(document: dict[str, Any]) -> None:
    _activity(document, CONTENT)["role"] = "controller"
    _rule(document, CONTENT)["period_set_by"] = "policy"


def _share_description(document: dict[str, Any]) -> None:
    _rule(document, MARKETING)["description"] = _rule(document)["description"]
    _rule(document)["offset"] = {"years": 5}


def _new_activity(document: dict[str, Any]) -> None:
    activity = dict(_activity(document, ACCOUNTS), id="billing", name="Billing", section="5.9")
    activity["retention"] = [dict(_rule(document), id="billing_rule")]
    document["activities"].append(activity)


ACCOUNTS_RULE = "Personal data of individual customers"
NEWSLETTER = "Marketing / Send newsletters"
CASES: list[tuple[str, Edit, list[tuple[ChangeKind, str]]]] = [
    (
        "offset",
        lambda d: _rule(d).update(offset={"years": 5}),
        [(ChangeKind.retention_period_changed, f"{ACCOUNTS_RULE}: kept 7 years → 5 years")],
    ),
    (
        "up to",
        lambda d: _rule(d).update(offset={"years": 3}, up_to=True),
        [(ChangeKind.retention_period_changed, f"{ACCOUNTS_RULE}: kept 7 years → up to 3 years")],
    ),
    (
        "action",
        lambda d: _rule(d).update(action="pseudonymise"),
        [
            (
                ChangeKind.retention_action_changed,
                f"{ACCOUNTS_RULE}: when the period ends, deleted → replaced with a pseudonym",
            )
        ],
    ),
    (
        "anchor",
        lambda d: _rule(d)["anchor"].update(align="end_of_year"),
        [
            (
                ChangeKind.retention_anchor_changed,
                f"{ACCOUNTS_RULE}: clock starts after the end of our business relationship → "
                "following the year of the end of our business relationship",
            )
        ],
    ),
    (
        "rule to review",
        lambda d: _activity(d, ACCOUNTS)["retention"][0].update(
            action="review", anchor=None, offset=None, review_reason="Local law decides."
        ),
        [
            (
                ChangeKind.retention_period_changed,
                f"{ACCOUNTS_RULE}: kept 7 years → no fixed period (reviewed by a person)",
            ),
            (
                ChangeKind.retention_anchor_changed,
                f"{ACCOUNTS_RULE}: clock starts after the end of our business relationship → "
                "no fixed event",
            ),
            (
                ChangeKind.retention_action_changed,
                f"{ACCOUNTS_RULE}: when the period ends, deleted → reviewed by a person",
            ),
            (
                ChangeKind.retention_changed,
                f"{ACCOUNTS_RULE} review reason: none → Local law decides.",
            ),
        ],
    ),
    (
        "new rule",
        _new_rule,
        [
            (
                ChangeKind.retention_added,
                "New retention rule for Customer accounts: Business contacts: deleted twelve "
                "(12) months after the end of our business relationship.",
            )
        ],
    ),
    (
        "removed rule",
        lambda d: _activity(d, MARKETING).update(retention=[dict(_rule(d), id="other")]),
        [
            (
                ChangeKind.retention_added,
                "New retention rule for Marketing: Personal data of individual customers: "
                "deleted seven (7) years after the end of our business relationship.",
            ),
            (
                ChangeKind.retention_removed,
                "Removed retention rule from Marketing: Marketing contact data",
            ),
        ],
    ),
    (
        "recipient added to an activity",
        lambda d: _activity(d, ACCOUNTS)["recipients"].append("acme"),
        [
            (
                ChangeKind.recipient_added,
                "New recipient for Customer accounts: Acme Mailer (processor, US)",
            )
        ],
    ),
    (
        "new recipient in the register and an activity",
        _new_recipient,
        [
            (ChangeKind.recipient_added, "New recipient for Marketing: MailCo (processor, IE)"),
            (ChangeKind.recipient_added, "New recipient in the register: MailCo (processor, IE)"),
        ],
    ),
    (
        "recipient removed",
        lambda d: _activity(d, MARKETING).update(recipients=[], transfers=[]),
        [
            (
                ChangeKind.recipient_removed,
                "Removed recipient from Marketing: Acme Mailer (processor, US)",
            ),
            (
                ChangeKind.transfer_removed,
                "Removed transfer from Marketing: Acme Mailer to US (standard contractual clauses)",
            ),
        ],
    ),
    (
        "recipient moves",
        lambda d: d["recipients"][1].update(locations=["US", "CA"]),
        [(ChangeKind.recipient_changed, "Recipient Acme Mailer locations: US → US, CA")],
    ),
    (
        "safeguard",
        lambda d: d["transfers"][0].update(safeguard="none"),
        [
            (
                ChangeKind.safeguard_changed,
                "Transfer of Acme Mailer to US: safeguard standard contractual clauses → none",
            )
        ],
    ),
    (
        "legal basis",
        lambda d: _activity(d, MARKETING)["purposes"][0].update(legal_basis="legitimate_interests"),
        [
            (
                ChangeKind.legal_basis_changed,
                f"Legal basis of {NEWSLETTER} changed: consent → legitimate interests",
            )
        ],
    ),
    (
        "purpose replaced",
        _replace_purpose,
        [
            (
                ChangeKind.purpose_added,
                "New purpose for Marketing: Invite you to events (legal basis: consent)",
            ),
            (ChangeKind.purpose_removed, "Removed purpose from Marketing: Send newsletters"),
        ],
    ),
    (
        "purpose text",
        lambda d: _activity(d, MARKETING)["purposes"][0].update(description="Send news."),
        [
            (
                ChangeKind.purpose_changed,
                f"{NEWSLETTER} description: Send newsletters. → Send news.",
            )
        ],
    ),
    (
        "activity removed",
        lambda d: d["activities"].pop(CONTENT),
        [(ChangeKind.activity_removed, "Removed activity: Communications content")],
    ),
    (
        "activity added",
        _new_activity,
        [(ChangeKind.activity_added, "New activity: Billing (controller, section 5.9)")],
    ),
    (
        "role",
        _to_controller,
        [
            (ChangeKind.activity_changed, "Communications content role: processor → controller"),
            (
                ChangeKind.retention_changed,
                "Communications content period set by: customer → policy",
            ),
        ],
    ),
    (
        "activity renamed",
        lambda d: _activity(d, MARKETING).update(name="Newsletters"),
        [(ChangeKind.activity_changed, "Marketing name: Marketing → Newsletters")],
    ),
    (
        "rule described anew",
        lambda d: _rule(d, MARKETING).update(description="Subscriber contact"),
        [
            (
                ChangeKind.retention_changed,
                "Marketing contact data description: Marketing contact data → Subscriber contact",
            )
        ],
    ),
    (
        "two rules with one description",
        _share_description,
        [
            (
                ChangeKind.retention_period_changed,
                f"{ACCOUNTS_RULE} (Customer accounts): kept 7 years → 5 years",
            ),
            (
                ChangeKind.retention_changed,
                f"Marketing contact data description: Marketing contact data → {ACCOUNTS_RULE}",
            ),
        ],
    ),
    (
        "data category added",
        lambda d: _activity(d, CONTENT)["data_categories"].append("contact"),
        [(ChangeKind.data_added, "New data category for Communications content: Contact details")],
    ),
    (
        "subjects",
        lambda d: _activity(d, MARKETING).update(subjects=["end_user"]),
        [
            (
                ChangeKind.subject_added,
                "New data subject category for Marketing: End-user of a customer",
            ),
            (
                ChangeKind.subject_removed,
                "Removed data subject category from Marketing: Individual customer",
            ),
        ],
    ),
    (
        "dpo",
        lambda d: d["dpo"].update(email="privacy-office@example.com"),
        [(ChangeKind.contact, "DPO email: dpo@example.com → privacy-office@example.com")],
    ),
    (
        "controller",
        lambda d: d["controller"].update(name="Example Group Ltd"),
        [(ChangeKind.contact, "Controller name: Example Ltd → Example Group Ltd")],
    ),
    (
        "representative",
        lambda d: d.update(eu_representative={"name": "EU Rep", "email": "rep@example.eu"}),
        [(ChangeKind.contact, "EU representative appointed: EU Rep <rep@example.eu>")],
    ),
    (
        "rights",
        lambda d: d.update(rights=[{"right": "portability", "description": "Take it with you."}]),
        [(ChangeKind.right_added, "Right added: portability")],
    ),
    (
        "version",
        lambda d: d["metadata"].update(version="1.1", last_updated="2026-03-01"),
        [
            (ChangeKind.metadata, "Version: 1.0 → 1.1"),
            (ChangeKind.metadata, "Last updated: 2026-01-15 → 2026-03-01"),
        ],
    ),
    (
        "event wording",
        lambda d: d["anchor_events"][1].update(phrase="the message"),
        [
            (
                ChangeKind.vocabulary_changed,
                'Retention event "the communication" phrase: the communication → the message',
            )
        ],
    ),
    (
        "security",
        lambda d: d.update(security=["Certified to ISO 27001.", "Encrypted at rest."]),
        [(ChangeKind.statement_changed, "New security measure: Encrypted at rest.")],
    ),
]


@pytest.mark.parametrize(("edit", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_edit_reads_as_expected(edit: Edit, expected: list[tuple[ChangeKind, str]]) -> None:
    assert [(change.kind, change.sentence) for change in _changes(edit)] == expected


def test_identical_policies_have_no_changes() -> None:
    assert diff_policies(load(records_policy()), load(records_policy())) == []
    assert diff_policies(load_policy(), load_policy()) == []


def test_reordering_is_no_change() -> None:
    def reorder(document: dict[str, Any]) -> None:
        document["activities"].reverse()
        document["recipients"].reverse()
        _activity(document, 0)["data_categories"].reverse()

    assert _changes(reorder) == []


def test_change_records_before_and_after() -> None:
    [change] = _changes(lambda d: d["transfers"][0].update(safeguard="binding_corporate_rules"))
    assert change.as_dict() == {
        "kind": "safeguard_changed",
        "subject": "Transfer of Acme Mailer to US",
        "before": "standard contractual clauses",
        "after": "binding corporate rules",
        "sentence": "Transfer of Acme Mailer to US: safeguard standard contractual clauses → "
        "binding corporate rules",
    }
    [added] = _changes(lambda d: d["activities"].pop(CONTENT))
    assert (added.before, added.after) == ("Communications content", None)


def _pair(tmp_path: Path, edit: Edit) -> list[str]:
    document = records_policy()
    edit(document)
    old = write(tmp_path / "old.yaml", records_policy())
    return [str(old), str(write(tmp_path / "new.yaml", document))]


def test_cli_exit_0_when_equal(tmp_path: Path) -> None:
    result = runner.invoke(app, ["policy", "diff", *_pair(tmp_path, lambda d: None)])
    assert result.exit_code == 0, result.output
    assert "No changed promises" in result.stdout


def test_cli_exit_1_and_one_line_per_change(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["policy", "diff", *_pair(tmp_path, lambda d: _rule(d).update(offset={"years": 5}))]
    )
    assert result.exit_code == 1
    assert result.stdout == f"- {ACCOUNTS_RULE}: kept 7 years → 5 years\n"


def test_cli_json(tmp_path: Path) -> None:
    files = _pair(tmp_path, lambda d: d["metadata"].update(version="2.0"))
    result = runner.invoke(app, ["policy", "diff", *files, "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["old"] == {"file": files[0], "version": "1.0"}
    assert document["changes"] == [
        {
            "kind": "metadata",
            "subject": "notice",
            "before": "1.0",
            "after": "2.0",
            "sentence": "Version: 1.0 → 2.0",
        }
    ]


def test_cli_exit_2_when_a_policy_does_not_load(tmp_path: Path) -> None:
    files = _pair(tmp_path, lambda d: d["activities"][0].update(role="owner"))
    result = runner.invoke(app, ["policy", "diff", *files])
    assert result.exit_code == 2
    assert "activities[0].role" in result.stderr
