"""The pages without a browser: CSRF, the notice split, links, the chart, the CLI."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from dataward.api import ApiSettings, create_app
from dataward.cli.main import app as cli
from dataward.inventory.identity import Identity
from dataward.policy import load_policy
from dataward.store import Settings
from dataward.web.chart import nice_max, removed_chart
from dataward.web.errors import PageError
from dataward.web.keys import WebKeys
from dataward.web.notice import notice_parts
from dataward.web.preferences import read_link, sign_link
from dataward.web.runs import RemovedPerRule, Series
from tests.api.testclient import TestClient

KEYS = WebKeys.from_secret(b"k" * 32)
NOW = datetime(2026, 11, 28, tzinfo=UTC)


@pytest.fixture
def client(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.delenv("DATAWARD_PREVIOUS_POLICY", raising=False)
    with TestClient(create_app(ApiSettings(store=Settings(sqlite_url)))) as client:
        yield client


def _token(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def test_a_post_without_this_browsers_token_is_refused(client: TestClient) -> None:
    token = _token(client.get("/privacy-center/preferences").text)
    form = {"contact": "ana@example.com"}
    assert client.post("/privacy-center/preferences", data=form).status_code == 403
    assert client.post("/privacy-center/preferences", data=form | {"csrf": "x"}).status_code == 403
    answer = client.post(
        "/privacy-center/preferences", data=form | {"csrf": token}, follow_redirects=False
    )
    assert answer.status_code == 303
    client.cookies.clear()  # another browser: the token was bound to the first one's cookie
    assert (
        client.post("/privacy-center/preferences", data=form | {"csrf": token}).status_code == 403
    )


def test_console_pages_need_a_login(client: TestClient) -> None:
    answer = client.get("/console/holds", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/login?next=/console/holds"
    page = client.get("/console/login?next=https://evil.example/")
    assert 'name="next" value="/console/requests"' in page.text


def test_changes_page_says_when_no_previous_version_is_configured(client: TestClient) -> None:
    page = client.get("/privacy-center/changes")
    assert page.status_code == 200
    assert "No previous version of the policy is configured." in page.text
    assert page.headers["cache-control"] == "no-store"


def test_the_notice_is_embedded_with_its_own_h1_and_last_updated_date() -> None:
    parts = notice_parts(load_policy())
    assert str(parts.header).count("<h1>") == 1 and "Last updated" in parts.header
    assert "<h1" not in parts.body and "<main" not in parts.body
    assert 'id="content"' in parts.body


def test_a_preferences_link_names_one_contact_and_cannot_be_altered() -> None:
    ana = Identity("email", "ana@example.com")
    token = sign_link(KEYS, ana, NOW + timedelta(days=7))
    assert read_link(KEYS, token, NOW) == ana
    contact, expiry, signature = token.split(".")
    for forged in (f"{contact}.{int(expiry) + 1}.{signature}", token[:-1] + "x", "a.b", ""):
        with pytest.raises(PageError) as refused:
            read_link(KEYS, forged, NOW)
        assert refused.value.status == 403
    with pytest.raises(PageError) as expired:
        read_link(KEYS, token, NOW + timedelta(days=8))
    assert expired.value.status == 410


def test_the_chart_stacks_rules_per_run_and_escapes_names() -> None:
    runs = (NOW - timedelta(days=30), NOW)
    data = RemovedPerRule(runs, (Series("<cdrs>", (10, 30)), Series("usage", (5, 0))))
    svg = str(removed_chart(data))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert svg.count("<rect") == 3 + 2  # three bar parts, two legend keys
    assert "&lt;cdrs&gt; (40 rows)" in svg and "<cdrs>" not in svg
    assert str(removed_chart(RemovedPerRule((), ()))) == ""
    assert [nice_max(value) for value in (0, 1, 3, 7, 40, 150, 2001)] == [
        1,
        1,
        5,
        10,
        50,
        200,
        5000,
    ]


def test_staff_user_commands(sqlite_url: str) -> None:
    runner = CliRunner()
    base = ["staff", "user"]
    url = ["--database-url", sqlite_url]
    created = runner.invoke(
        cli,
        [*base, "create", "--role", "admin", "--name", "ana", "--password-stdin", *url],
        input="correct horse battery\n",
    )
    assert created.exit_code == 0, created.output
    short = runner.invoke(
        cli,
        [*base, "create", "--role", "auditor", "--name", "bo", "--password-stdin", *url],
        input="short\n",
    )
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    listed = runner.invoke(cli, [*base, "list", *url])
    assert "ana" in listed.output and "admin" in listed.output and "bo" not in listed.output
    assert runner.invoke(cli, [*base, "disable", "ana", *url]).exit_code == 0
    assert "disabled" in runner.invoke(cli, [*base, "list", *url]).output
