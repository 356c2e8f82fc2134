"""The privacy center as a data subject uses it, in a real browser against the real server."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.pages import Visitor, new_visitor
from tests.web.site import PASSWORD, PREVIOUS_VERSION, Site

pytestmark = pytest.mark.browser


def submit_request(me: Visitor, site: Site, kind: str, email: str, phone: str = "") -> str:
    """Fill the request form for ``kind`` and send it; the request id."""
    page = me.page
    me.goto(site.url(f"/privacy-center/requests/new?type={kind}"), f"form-{kind}")
    page.get_by_role("textbox", name="Email address").fill(email)
    if phone:
        page.get_by_role("textbox", name="Phone number").fill(phone)
    page.get_by_role("combobox", name="Country you live in").fill("DE")
    page.get_by_label("Your relationship with us").select_option("customer")
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_url(re.compile(r"/verify$"))
    me.see("code-form")
    return str(page.url.split("/")[-2])


def enter_code(me: Visitor, code: str) -> None:
    me.page.get_by_label("Code").fill(code)
    me.page.get_by_role("button", name="Confirm").click()


def approve(browser: Any, site: Site, test: str, request_id: str, who: str = "dpo") -> Visitor:
    staff = new_visitor(browser, test, who)
    staff.log_in(site.base, who, PASSWORD)
    staff.see("queue")
    staff.page.locator(f'a[href="/console/requests/{request_id}"]').click()
    staff.see("request-verified")
    staff.page.get_by_role("button", name="Approve").click()
    expect(staff.page.get_by_role("status")).to_have_text("Approved and carried out.")
    staff.see("request-approved")
    return staff


def test_access_request_from_form_to_download(
    site: Site, browser: Any, request: pytest.FixtureRequest
) -> None:
    person = site.company.featured[0]
    me = new_visitor(browser, request.node.name, "requester")
    me.goto(site.url("/privacy-center"), "privacy-center")
    me.page.get_by_role("link", name="Get a copy of my personal data").click()
    request_id = submit_request(me, site, "access", person.email)
    enter_code(me, site.codes(request_id)[-1])
    expect(me.page.locator("#status")).to_contain_text("Received and verified")
    me.see("status-verified")

    staff = approve(browser, site, request.node.name, request_id)
    expect(staff.page.locator("#status")).to_have_text("ready")
    expect(staff.page.locator("#result")).to_contain_text("Export")
    staff.page.get_by_role("button", name="Complete and send the reply").click()
    expect(staff.page.locator("#status")).to_have_text("completed")
    expect(staff.page.locator(".timeline")).to_contain_text("Approved by staff:dpo")
    staff.see("request-completed")

    me.page.reload()
    expect(me.page.locator("#status")).to_have_text("Completed")
    me.see("status-completed")
    with me.page.expect_download() as downloaded:
        me.page.get_by_role("link", name="Download your data (ZIP)").click()
    path = Path(downloaded.value.path())
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        text = "".join(archive.read(name).decode("utf-8", "replace") for name in names)
    assert any(name.endswith(".json") for name in names)
    assert any(name.endswith(".csv") for name in names)
    assert person.email in text


def _rows_holding(site: Site, value: str) -> list[str]:
    """Every demo table column that still holds ``value`` exactly."""
    found = []
    for database in sorted(Path(site.company.inventory).parent.glob("*.db")):
        with sqlite3.connect(database) as connection:
            tables = [
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
            for table in tables:
                for column in [
                    row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')
                ]:
                    query = f'SELECT count(*) FROM "{table}" WHERE CAST("{column}" AS TEXT) = ?'
                    if connection.execute(query, (value,)).fetchone()[0]:
                        found.append(f"{database.stem}.{table}.{column}")
    return found


def test_erasure_removes_the_person_everywhere(
    site: Site, browser: Any, request: pytest.FixtureRequest
) -> None:
    person = site.company.featured[1]
    assert _rows_holding(site, person.email) and _rows_holding(site, person.phone)
    me = new_visitor(browser, request.node.name, "requester")
    request_id = submit_request(me, site, "erasure", person.email, person.phone)
    first, second = site.codes(request_id, count=2)
    enter_code(me, first)
    expect(me.page.get_by_role("status")).to_contain_text("Code accepted")
    me.see("first-code-accepted")
    enter_code(me, second)
    expect(me.page.locator("#status")).to_contain_text("Received and verified")

    staff = approve(browser, site, request.node.name, request_id, who="admin")
    expect(staff.page.locator("#result")).to_contain_text("Verification scan")
    expect(staff.page.locator("#result")).to_contain_text("passed")
    assert _rows_holding(site, person.email) == []
    assert _rows_holding(site, person.phone) == []


def test_unsubscribe_link_makes_the_decision_api_deny_marketing(
    site: Site, browser: Any, request: pytest.FixtureRequest
) -> None:
    email = site.company.featured[2].email
    question = {"purpose": "subscriber_marketing", "identity": email, "channel": "email"}
    with site.api() as api:
        given = {
            "identity": email,
            "purpose": "subscriber_marketing",
            "action": "given",
            "notice_version": "2023-02-22",
            "source": "webform:newsletter",
        }
        assert api.post("/api/v1/consents", json=given).status_code == 201
        assert api.post("/api/v1/decisions", json=question).json()["allowed"] is True
        link = api.post("/api/v1/unsubscribe/links", json={"contact": email}).json()["url"]
    token = link.rsplit("/", 1)[1]

    me = new_visitor(browser, request.node.name)
    me.goto(site.url(f"/privacy-center/unsubscribe/{token}"), "unsubscribe")
    me.page.get_by_role("button", name="Unsubscribe").click()
    expect(me.page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    me.see("unsubscribed")

    with site.api() as api:
        decision = api.post("/api/v1/decisions", json=question).json()
    assert decision["allowed"] is False
    codes = {reason["code"] for reason in decision["reasons"]}
    assert {"suppressed", "consent_withdrawn"} <= codes


def test_preferences_reached_by_a_signed_link(
    site: Site, browser: Any, request: pytest.FixtureRequest
) -> None:
    email = site.company.featured[3].email
    me = new_visitor(browser, request.node.name)
    me.goto(site.url("/privacy-center/preferences"), "ask-for-link")
    me.page.get_by_label("Email address or phone number").fill(email)
    me.page.get_by_role("button", name="Send me the link").click()
    expect(me.page.get_by_role("status")).to_contain_text("a link is on its way")
    link = re.search(r"http://\S+", site.last_message_to(email)).group(0)  # type: ignore[union-attr]

    me.goto(link, "preferences")
    newsletter = me.page.locator("#consent-subscriber_marketing")
    expect(newsletter).not_to_be_checked()
    newsletter.check()
    me.page.get_by_role("button", name="Save my consents").click()
    expect(me.page.get_by_role("status")).to_have_text("Your consent choices are saved.")
    expect(newsletter).to_be_checked()
    with site.api() as api:
        held = api.get("/api/v1/consents", params={"identity": email}).json()["consents"]
    assert [(item["purpose"], item["status"]) for item in held] == [
        ("subscriber_marketing", "given")
    ]

    me.page.get_by_role("checkbox", name="Analytical cookies").check()
    me.page.get_by_role("button", name="Save cookie choice").click()
    expect(me.page.get_by_role("status")).to_contain_text("cookie choice")
    expect(me.page.get_by_role("checkbox", name="Analytical cookies")).to_be_checked()

    me.page.get_by_role("button", name="Unsubscribe this contact from all marketing").click()
    expect(me.page.locator("#marketing-state")).to_contain_text("Unsubscribed")
    expect(newsletter).to_be_disabled()
    me.see("unsubscribed")

    # Only the person lifts the listing, by subscribing again from the same link.
    me.page.locator("#again-subscriber_marketing").check()
    me.page.get_by_role("button", name="Subscribe again").click()
    expect(me.page.get_by_role("status")).to_contain_text("off the do-not-contact list")
    expect(me.page.locator("#marketing-state")).to_contain_text("Subscribed where you consented")
    expect(newsletter).to_be_enabled()
    expect(newsletter).to_be_checked()
    question = {"purpose": "subscriber_marketing", "identity": email, "channel": "email"}
    with site.api() as api:
        assert api.post("/api/v1/decisions", json=question).json()["allowed"] is True
    assert me.page.goto(link[:-4] + "0000").status == 403


def test_notice_with_last_update_and_the_changes_since_the_previous_version(
    site: Site, browser: Any, request: pytest.FixtureRequest
) -> None:
    me = new_visitor(browser, request.node.name)
    me.goto(site.url("/privacy-center/notice"), "notice")
    expect(me.page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    expect(me.page.locator("main")).to_contain_text("Last updated: 22 February 2023")
    me.page.get_by_role("link", name=f"What changed since version {PREVIOUS_VERSION}").click()
    me.see("changes")
    changes = me.page.locator("ul.changes")
    expect(changes).to_contain_text("25 months")
    expect(changes).to_contain_text("13 months")
