"""Usable with the keyboard alone and on a 390 px phone screen; errors beside their fields.

Every page visited also passes :func:`tests.web.pages.check_page` (one h1, headings in
order, labelled controls, the skip link first, no sideways scrolling).
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.web.pages import focus_is_visible, new_visitor, tab_to
from tests.web.requests import verified_request
from tests.web.site import PASSWORD, Site

pytestmark = pytest.mark.browser


def test_keyboard_only_from_request_to_approval(
    site: Site, browser: Any, request: pytest.FixtureRequest
) -> None:
    me = new_visitor(browser, request.node.name, "requester")
    page = me.page
    me.goto(site.url("/privacy-center/requests/new?type=access"), "form")
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    tab_to(page, "#type-access")
    page.keyboard.press("ArrowDown")  # radio buttons: arrows move the choice
    expect(page.locator("#type-portability")).to_be_checked()
    tab_to(page, "#email")
    page.keyboard.type(site.company.featured[0].email)
    tab_to(page, "#country")
    page.keyboard.type("HR")
    tab_to(page, "#relationship")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#relationship")).to_have_value("customer")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/verify")
    me.see("code-form")
    request_id = page.url.split("/")[-2]
    tab_to(page, "#code")
    page.keyboard.type(site.codes(request_id)[-1])
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_contain_text("Received and verified")

    staff = new_visitor(browser, request.node.name, "dpo")
    staff.goto(site.url("/console/login"), "login")
    tab_to(staff.page, "#name")
    staff.page.keyboard.type("dpo")
    staff.page.keyboard.press("Tab")
    staff.page.keyboard.type(PASSWORD)
    staff.page.keyboard.press("Enter")
    staff.page.wait_for_url("**/console/requests")
    tab_to(staff.page, f'a[href="/console/requests/{request_id}"]')
    staff.page.keyboard.press("Enter")
    staff.page.wait_for_url(f"**/{request_id}")
    tab_to(staff.page, "form[action$='/approve'] button")
    staff.page.keyboard.press("Enter")
    expect(staff.page.get_by_role("status")).to_have_text("Approved and carried out.")
    staff.see("approved")


PUBLIC = [
    "/privacy-center",
    "/privacy-center/notice",
    "/privacy-center/changes",
    "/privacy-center/requests/new",
    "/privacy-center/preferences",
    "/privacy-center/cookies",
]
CONSOLE = [
    "/console/requests",
    "/console/retention",
    "/console/holds",
    "/console/audit",
    "/console/policy",
    "/console/inventory",
    "/console/outbox",
]


def test_every_page_fits_a_390_px_screen(
    site: Site, browser: Any, request: pytest.FixtureRequest
) -> None:
    request_id = verified_request(site, site.company.featured[0].email)
    phone = new_visitor(browser, request.node.name, "phone", width=390)
    for path in PUBLIC:
        phone.goto(site.url(path), path.strip("/").replace("/", "-"))
    phone.log_in(site.base, "admin", PASSWORD)
    for path in [*CONSOLE, f"/console/requests/{request_id}"]:
        phone.goto(site.url(path), path.strip("/").replace("/", "-")[:40])


def test_errors_are_shown_beside_the_field_that_caused_them(
    site: Site, browser: Any, request: pytest.FixtureRequest
) -> None:
    me = new_visitor(browser, request.node.name, width=390)
    me.goto(site.url("/privacy-center/requests/new?type=access"), "form")
    me.page.get_by_role("textbox", name="Email address").fill("not an email")
    me.page.get_by_role("combobox", name="Country you live in").fill("DE")
    me.page.get_by_label("Your relationship with us").select_option("customer")
    me.page.get_by_role("button", name="Send the request").click()
    error = me.page.locator("#email-error")
    expect(error).to_be_visible()
    field = me.page.locator(".field.invalid")
    expect(field).to_have_count(1)
    expect(field.locator("#email")).to_have_attribute("aria-invalid", "true")
    expect(field.locator("#email-error")).to_have_count(1)
    described = me.page.locator("#email").get_attribute("aria-describedby") or ""
    assert "email-error" in described.split()
    expect(me.page.locator(".error-summary a[href='#email']")).to_have_count(1)
    expect(me.page.get_by_role("textbox", name="Email address")).to_have_value("not an email")
    me.see("email-error")
