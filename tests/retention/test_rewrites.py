"""Column rewrites: pseudonyms that group, SQLite text timestamps at the exact cutoff."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from dataward.policy import Policy
from dataward.policy.model import RetentionAction
from tests.retention.company import ROWS
from tests.retention.conftest import Runner, rows, with_action


def _pseudonymising(policy: Policy) -> Policy:
    """The default policy with the CDR end-user contact pseudonymised instead of nulled."""
    return with_action(policy, "cdr_end_user_contact", RetentionAction.pseudonymise)


def test_pseudonymised_contacts_still_group(
    run: Runner, company_url: str, default_policy: Policy
) -> None:
    policy = _pseudonymising(default_policy)
    first = run(policy=policy, batch_size=6)
    after = {row["id"]: row for row in rows(company_url, "cdrs")}
    before = {row["id"]: row for row in ROWS["cdrs"]}
    due = [
        i
        for i in after
        if before[i]["sent_at"].year < 2025
        or (before[i]["sent_at"].month < 3 and before[i]["sent_at"].year == 2025)
    ]
    for cdr_id in due:
        for column in ("end_user_phone", "end_user_email"):
            original, now = before[cdr_id][column], after[cdr_id][column]
            if original is None:
                assert now is None
            else:
                assert now.startswith("pz1:") and original not in now
    not_due = [i for i in after if i not in due]
    assert all(after[i] == before[i] for i in not_due)
    # Equal inputs, equal pseudonyms: the emails of user3@example.com still count together.
    originals = Counter(before[i]["end_user_email"] for i in due if before[i]["end_user_email"])
    pseudonyms = Counter(after[i]["end_user_email"] for i in due if after[i]["end_user_email"])
    assert sorted(originals.values()) == sorted(pseudonyms.values())
    # The phone column is 80 characters wide: the full pseudonym fits.
    assert all(len(after[i]["end_user_phone"]) == 68 for i in due if after[i]["end_user_phone"])
    second = run(policy=policy, batch_size=6)
    assert first.rows > 0 and second.rows == 0
    assert {row["id"]: row for row in rows(company_url, "cdrs")} == after


def test_sqlite_text_without_fraction_at_the_cutoff_is_not_due(
    run: Runner, company_url: str
) -> None:
    if not company_url.startswith("sqlite"):
        return
    engine = sa.create_engine(company_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO cdrs (id, customer_id, end_user_phone, channel, sent_at) VALUES "
                "(901, 2, '+385919999901', 'sms', '2016-01-01 00:00:00'), "
                "(902, 2, '+385919999902', 'sms', '2015-12-31 23:59:59'), "
                "(903, 2, '+385919999903', 'sms', '2025-03-01 00:00:00'), "
                "(904, 2, '+385919999904', 'sms', '2025-02-28 23:59:59')"
            )
        )
    engine.dispose()
    run()
    left = {
        row["id"]: row["end_user_phone"] for row in rows(company_url, "cdrs") if row["id"] > 900
    }
    assert left == {901: None, 903: "+385919999903", 904: None}
