"""The console as the privacy team uses it: roles, CSRF, the queue, retention, holds, audit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from dataward.demo.build import DemoResult
from dataward.retention.sweep import Sources, run
from dataward.store import Settings
from tests.web.pages import new_visitor
from tests.web.requests import due_in, status_of, verified_request
from tests.web.site import PASSWORD, PREVIOUS_VERSION, Site, start_site

pytestmark = pytest.mark.browser


def test_an_auditor_can_read_but_not_approve(
    site: Site, browser: Any, request: pytest.FixtureRequest
) -> None:
    request_id = verified_request(site, site.company.featured[0].email)
    auditor = new_visitor(browser, request.node.name, "auditor")
    auditor.log_in(site.base, "auditor", PASSWORD)
    auditor.goto(site.url(f"/console/requests/{request_id}"), "request")
    expect(auditor.page.locator("main")).to_contain_text("Your role (auditor) may only read.")
    expect(auditor.page.get_by_role("button", name="Approve")).to_have_count(0)
    expect(auditor.page.get_by_role("link", name="Outbox")).to_have_count(0)

    # The form is not there, but a hand-made POST with a valid token is refused all the same.
    token = auditor.page.locator("form.who input[name=csrf]").get_attribute("value")
    answer = auditor.page.request.post(
        site.url(f"/console/requests/{request_id}/approve"), form={"csrf": token or ""}
    )
    assert answer.status == 403 and "may only read" in answer.text()
    hold = {
        "csrf": token or "",
        "case": "C-1",
        "scope": "dataset",
        "value": "crm.prospects",
        "reason": "test",
    }
    assert auditor.page.request.post(site.url("/console/holds"), form=hold).status == 403
    assert auditor.page.request.get(site.url("/console/outbox")).status == 403
    assert status_of(site, request_id) == "verified"


def test_every_post_needs_the_csrf_token(
    site: Site, browser: Any, request: pytest.FixtureRequest
) -> None:
    request_id = verified_request(site, site.company.featured[0].email)
    approve = site.url(f"/console/requests/{request_id}/approve")
    other = new_visitor(browser, request.node.name, "other")
    other.log_in(site.base, "admin", PASSWORD)
    foreign = other.page.locator("form.who input[name=csrf]").get_attribute("value") or ""

    dpo = new_visitor(browser, request.node.name, "dpo")
    dpo.log_in(site.base, "dpo", PASSWORD)
    for form in ({}, {"csrf": "forged"}, {"csrf": foreign}):
        answer = dpo.page.request.post(approve, form=form)
        assert answer.status == 403 and "Form refused" in answer.text(), form
    assert status_of(site, request_id) == "verified"
    public = dpo.page.request.post(
        site.url("/privacy-center/requests/new"), form={"type": "access"}
    )
    assert public.status == 403

    dpo.goto(site.url(f"/console/requests/{request_id}"), "request")
    dpo.page.get_by_role("button", name="Approve").click()
    expect(dpo.page.get_by_role("status")).to_have_text("Approved and carried out.")
    assert status_of(site, request_id) == "ready"


def _history(store_url: str, company: DemoResult) -> None:
    """Retention runs judged months apart, so the chart has a history to show."""
    sources = Sources(Settings(store_url), Path(company.inventory))
    for days in (540, 360, 180, 90, 0):
        run(sources, as_of=datetime.now(UTC) - timedelta(days=days))


@pytest.fixture
def busy_site(tmp_path: Path) -> Iterator[Site]:
    with start_site(tmp_path, before_start=_history) as running:
        yield running


def test_the_privacy_teams_pages(
    busy_site: Site, browser: Any, request: pytest.FixtureRequest
) -> None:
    site = busy_site
    people = site.company.featured
    late, soon, later = (verified_request(site, person.email) for person in people[:3])
    due_in(site, late, -2)
    due_in(site, soon, 3)
    admin = new_visitor(browser, request.node.name, "admin")
    admin.log_in(site.base, "admin", PASSWORD)
    admin.goto(site.url("/console/requests"), "queue")
    rows = admin.page.locator("table.queue tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_have_class("overdue")
    expect(rows.nth(0)).to_contain_text("Overdue")
    expect(rows.nth(1)).to_have_class("week")
    expect(rows.nth(2)).to_have_class("")
    assert later in (rows.nth(2).locator("a").get_attribute("href") or "")

    admin.goto(site.url("/console/retention"), "retention")
    chart = admin.page.locator("svg.chart")
    expect(chart).to_have_attribute("role", "img")
    assert chart.locator("rect").count() > 10
    expect(admin.page.locator("table.plan")).to_contain_text("cdr_end_user_contact")

    admin.goto(site.url("/console/holds"), "holds")
    admin.page.get_by_label("Case reference").fill("LIT-2026-014")
    admin.page.get_by_role("textbox", name="Who or what").fill(people[3].email)
    admin.page.get_by_label("Reason").fill("Litigation: keep everything about this person.")
    admin.page.get_by_role("button", name="Place the hold").click()
    expect(admin.page.get_by_role("status")).to_have_text("The hold is placed.")
    expect(admin.page.locator("table")).to_contain_text("active")
    admin.see("hold-placed")
    admin.page.get_by_role("button", name=re.compile("Release")).click()
    expect(admin.page.get_by_role("status")).to_have_text("The hold is released.")
    expect(admin.page.locator("table")).to_contain_text("released")

    admin.goto(site.url("/console/audit"), "audit")
    admin.page.get_by_role("button", name="Verify the whole chain").click()
    expect(admin.page.locator("#verify-result")).to_contain_text("Intact")
    admin.see("audit-verified")

    admin.goto(site.url("/console/policy"), "policy")
    expect(admin.page.locator("main table")).to_contain_text("13 months")
    expect(admin.page.locator("main")).to_contain_text(f"From version {PREVIOUS_VERSION}")
    admin.goto(site.url("/console/inventory"), "inventory")
    expect(admin.page.locator("#inventory-summary")).to_contain_text("11 systems")


def test_holds_form_shows_errors_beside_the_fields(
    site: Site, browser: Any, request: pytest.FixtureRequest
) -> None:
    dpo = new_visitor(browser, request.node.name, "dpo")
    dpo.log_in(site.base, "dpo", PASSWORD)
    dpo.goto(site.url("/console/holds"), "holds")
    dpo.page.get_by_role("textbox", name="Who or what").fill("someone")
    dpo.page.get_by_role("button", name="Place the hold").click()
    expect(dpo.page.locator("#case-error")).to_contain_text("required")
    expect(dpo.page.locator("#case")).to_have_attribute("aria-invalid", "true")
    dpo.see("hold-errors")


def test_extend_and_reject_need_a_reason_the_requester_is_told(
    site: Site, browser: Any, request: pytest.FixtureRequest
) -> None:
    request_id = verified_request(site, site.company.featured[0].email)
    dpo = new_visitor(browser, request.node.name, "dpo")
    dpo.log_in(site.base, "dpo", PASSWORD)
    dpo.goto(site.url(f"/console/requests/{request_id}"), "request")
    dpo.page.get_by_role("button", name="Extend").click()
    expect(dpo.page.locator("#extend_reason-error")).to_contain_text("a reason is required")
    dpo.see("extend-error")
    dpo.page.get_by_label("Reason (the requester is told)").first.fill("Many systems to search.")
    dpo.page.get_by_role("button", name="Extend").click()
    expect(dpo.page.get_by_role("status")).to_have_text(
        "Deadline extended; the requester was told why."
    )
    expect(dpo.page.locator(".timeline")).to_contain_text("Deadline extended by staff:dpo")
    expect(dpo.page.locator(".messages")).to_contain_text("Why: Many systems to search.")
    dpo.page.get_by_label("Reason (the requester is told)").last.fill("Not our customer.")
    dpo.page.get_by_role("button", name="Reject").click()
    expect(dpo.page.locator("#status")).to_have_text("rejected")
    dpo.see("rejected")
    assert status_of(site, request_id) == "rejected"
