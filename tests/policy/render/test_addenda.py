"""The notice's country addenda come from the jurisdiction table, labelled law or policy."""

from __future__ import annotations

from dataward.policy import load_policy
from dataward.policy.render import NoticeFormat, render_notice
from dataward.requests.jurisdictions import addenda


def test_addenda_state_each_deadline_and_whether_the_law_sets_it() -> None:
    policy = load_policy()
    text = render_notice(policy, NoticeFormat.md, addenda(policy))
    section = text[text.index("Country addenda") :]
    eu = next(line for line in section.splitlines() if line.startswith("- **European Union"))
    assert "within 1 month (the law's deadline)" in eu
    japan = next(line for line in section.splitlines() if line.startswith("- **Japan"))
    assert "(our own deadline)" in japan  # the law sets no number: the company default


def test_without_addenda_there_is_no_such_section() -> None:
    assert "Country addenda" not in render_notice(load_policy())
