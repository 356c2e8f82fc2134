"""The cookie banner script on a company's website, in a real browser.

The website is another origin than dataward (its own server on another port), as in
production, so the banner's calls cross origins as they would there. Global Privacy Control
is what a browser that has it sends: ``Sec-GPC: 1`` on every request, and
``navigator.globalPrivacyControl`` for scripts.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from dataward.audit.models import AuditEntry
from dataward.consent.models import CookieConsent
from dataward.store import Settings, open_store
from tests.servers import running_server

pytestmark = pytest.mark.browser

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script src="{api}/api/v1/cookie-consent/banner.js" data-api="{api}" defer></script>
<script>
  window.granted = null;
  document.addEventListener("dataward:consent", function (event) {{
    var categories = event.detail.categories;
    window.granted = Object.keys(categories).filter(function (id) {{ return categories[id]; }});
  }});
</script></head>
<body><main><h1>A shop</h1></main></body></html>
"""
GPC_SCRIPT = (
    "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', "
    "{get: () => true, configurable: true})"
)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """The website's access log is not the test's output."""


@pytest.fixture
def dataward(tmp_path: Path) -> Iterator[tuple[str, sa.Engine]]:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    store = open_store(Settings(url))
    environment = {"DATAWARD_DATABASE_URL": url, "DATAWARD_SUPPRESSION_KEY": "11" * 32}
    with running_server(environment=environment) as base:
        yield base, store
    store.dispose()


@pytest.fixture
def website(tmp_path: Path, dataward: tuple[str, sa.Engine]) -> Iterator[str]:
    folder = tmp_path / "website"
    folder.mkdir()
    (folder / "index.html").write_text(PAGE.format(api=dataward[0]), "utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


def stored(store: sa.Engine) -> tuple[list[CookieConsent], list[dict[str, Any]]]:
    with Session(store) as session:
        rows = list(session.scalars(sa.select(CookieConsent).order_by(CookieConsent.id)))
        audit = session.scalars(
            sa.select(AuditEntry.details_json).where(AuditEntry.action == "consent.cookie_choice")
        )
        return rows, [json.loads(details) for details in audit]


def test_the_banner_records_the_categories_chosen(
    browser: Any, website: str, dataward: tuple[str, sa.Engine]
) -> None:
    api, store = dataward
    context = browser.new_context()
    page = context.new_page()
    page.goto(website)
    banner = page.get_by_role("dialog", name="Cookies")
    expect(banner).to_be_visible()
    necessary = banner.get_by_role("checkbox", name="Necessary cookies")
    expect(necessary).to_be_checked()
    expect(necessary).to_be_disabled()
    expect(banner.get_by_role("checkbox", name="Advertising cookies")).to_be_enabled()
    banner.get_by_role("checkbox", name="Analytical cookies").check()
    banner.get_by_role("button", name="Save choice").click()
    expect(banner).to_be_hidden()
    page.wait_for_function("window.granted !== null")
    assert page.evaluate("window.granted") == ["necessary", "analytical"]

    kept = page.evaluate("JSON.parse(localStorage.getItem('dataward-consent'))")
    recorded = httpx.get(f"{api}/api/v1/cookie-consent/{kept['visitor_id']}").json()
    assert recorded["categories"] == {
        "necessary": True, "functional": False, "analytical": True, "advertising": False,
    }  # fmt: skip
    rows, audit = stored(store)
    assert [row.granted for row in rows] == ["analytical,necessary"]
    assert [(entry["granted"], entry["gpc"]) for entry in audit] == [
        (["analytical", "necessary"], False)
    ]

    page.reload()  # the same notice version: no banner, the choice is announced again
    page.wait_for_function("window.granted !== null")
    expect(page.get_by_role("dialog", name="Cookies")).to_have_count(0)
    assert page.evaluate("window.granted") == ["necessary", "analytical"]
    context.close()


def test_global_privacy_control_refuses_advertising(
    browser: Any, website: str, dataward: tuple[str, sa.Engine]
) -> None:
    _, store = dataward
    context = browser.new_context(extra_http_headers={"Sec-GPC": "1"})
    context.add_init_script(GPC_SCRIPT)
    page = context.new_page()
    page.goto(website)
    banner = page.get_by_role("dialog", name="Cookies")
    advertising = banner.get_by_role("checkbox", name="Advertising cookies")
    expect(advertising).not_to_be_checked()
    expect(advertising).to_be_disabled()
    banner.get_by_role("button", name="Accept all").click()
    expect(banner).to_be_hidden()
    page.wait_for_function("window.granted !== null")
    assert page.evaluate("window.granted") == ["necessary", "functional", "analytical"]
    rows, audit = stored(store)
    assert [(row.granted, row.gpc) for row in rows] == [("analytical,functional,necessary", True)]
    assert audit[0]["gpc"] is True and "advertising" not in audit[0]["granted"]
    context.close()
