"""Deriving steps: every rule lands as a step or a notice, in an order that loses nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from dataward.inventory.binding import bindings
from dataward.inventory.loader import parse_inventory
from dataward.inventory.model import Inventory
from dataward.policy import Policy
from dataward.policy.calendar import Offset
from dataward.retention.derive import derive_steps
from dataward.retention.steps import StepAction
from tests.retention.company import AS_OF, inventory_yaml

URL = "sqlite:///company.db"


def _inventory(text: str | None = None) -> Inventory:
    return parse_inventory(text or inventory_yaml(URL), "inventory.yaml")


def test_every_rule_is_a_step_or_a_notice(default_policy: Policy) -> None:
    derived = derive_steps(default_policy, _inventory(), AS_OF)
    stepped = {step.rule for step in derived.steps}
    noticed = {notice.rule for notice in derived.notices}
    every = {rule.id for _, rule in default_policy.retention_rules()}
    assert every <= stepped | noticed
    kinds = {notice.rule: notice.kind for notice in derived.notices}
    assert kinds["cookie_data"] == "review"
    assert kinds["cctv_recordings"] == "unbound"
    reasons = {notice.rule: notice.reason for notice in derived.notices}
    assert "legislation" in reasons["visa_letters"]


def test_order_minimum_age_then_suppress_then_delete_then_rewrite(default_policy: Policy) -> None:
    steps = derive_steps(default_policy, _inventory(), AS_OF).steps
    order = [(step.rule == "minimum_age", step.action) for step in steps]
    first_other = next(i for i, (minimum, _) in enumerate(order) if not minimum)
    assert all(minimum for minimum, _ in order[:first_other])
    actions = [action for _, action in order[first_other:]]
    rank = {StepAction.suppress: 0, StepAction.delete: 1, StepAction.null: 2}
    assert [rank[action] for action in actions] == sorted(rank[action] for action in actions)
    keys = [str(step.key) for step in steps]
    assert keys.index("minimum_age@shop.cdrs#via=customer_id") < keys.index(
        "minimum_age@shop.customers"
    )


def test_cutoffs_follow_the_notice(default_policy: Policy) -> None:
    steps = {
        str(step.key): step for step in derive_steps(default_policy, _inventory(), AS_OF).steps
    }
    assert steps["cdr_end_user_contact@shop.cdrs"].cutoff.value == datetime(2025, 3, 1, tzinfo=UTC)
    assert steps["cdr_other_traffic_data@shop.cdrs"].cutoff.value == datetime(
        2016, 1, 1, tzinfo=UTC
    )
    nulled = steps["cdr_end_user_contact@shop.cdrs"]
    assert nulled.action is StepAction.null
    assert nulled.columns == ("end_user_phone", "end_user_email")
    prospects = steps["prospects@shop.prospects"]
    assert prospects.unless == ("agreement_signed_at",)
    assert str(steps["minimum_age@shop.customers"].cutoff.value) == "2010-03-15"


def test_customer_instructions_become_one_step_each_plus_the_default(
    default_policy: Policy,
) -> None:
    instructions = {"2": Offset(months=1), "4": Offset(years=5)}
    steps = derive_steps(default_policy, _inventory(), AS_OF, instructions).steps
    content = {str(s.key): s for s in steps if s.rule == "communications_content"}
    assert list(content) == [
        "communications_content@shop.message_content#customer=2",
        "communications_content@shop.message_content#customer=4",
        "communications_content@shop.message_content#default",
    ]
    two = content["communications_content@shop.message_content#customer=2"]
    assert two.cutoff.value == datetime(2026, 2, 1, tzinfo=UTC)
    assert two.customer is not None and two.customer.only == "2"
    default = content["communications_content@shop.message_content#default"]
    assert default.customer is not None and default.customer.excluded == ("2", "4")
    assert default.cutoff.value == datetime(2025, 3, 1, tzinfo=UTC)


def test_a_rule_whose_condition_has_no_column_is_blocked_not_guessed(
    default_policy: Policy,
) -> None:
    text = inventory_yaml(URL).replace(
        "        conditions: {business_agreement_signed: agreement_signed_at}\n", ""
    )
    steps = derive_steps(default_policy, _inventory(text), AS_OF).steps
    prospects = next(step for step in steps if step.rule == "prospects")
    assert prospects.blocked and "business_agreement_signed" in prospects.blocked


def test_rules_bind_only_datasets_about_their_subjects(default_policy: Policy) -> None:
    # customers are individual customers: the 12-month rule for account users and business
    # contacts (same activity, same anchor, same categories) must not bind them.
    bound = {(b.rule, str(b.address)) for b in bindings(_inventory(), default_policy)}
    assert ("individual_customers", "shop.customers") in bound
    assert ("account_users_and_business_contacts", "shop.customers") not in bound
