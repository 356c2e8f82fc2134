"""The notice and the just-in-time text: what they contain, in which order, and that every
value from the policy is text in HTML (never markup)."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from dataward.policy import Policy, load_policy, parse_policy
from dataward.policy.render import (
    NoticeFormat,
    UnknownActivityError,
    render_activity_notice,
    render_notice,
)
from tests.policy.factories import minimal_policy, to_yaml


def build(document: dict[str, Any]) -> Policy:
    return parse_policy(to_yaml(document))


def two_relationships() -> dict[str, Any]:
    """The minimal policy plus a supplier relationship sharing the accounts activity."""
    document = minimal_policy()
    document["relationships"].append(
        {"id": "supplier", "title": "Supplier", "summary": "You provide services to us."}
    )
    document["subject_categories"].append(
        {
            "id": "supplier_contact",
            "name": "Supplier contact",
            "description": "A person at one of our suppliers.",
            "relationship": "supplier",
        }
    )
    activity = document["activities"][0]
    activity["subjects"].append("supplier_contact")
    activity["retention"][0]["subjects"] = ["customer_individual"]
    activity["retention"].append(
        {
            "id": "supplier_contacts",
            "description": "Personal data about business contacts",
            "data_categories": ["contact"],
            "subjects": ["supplier_contact"],
            "action": "delete",
            "anchor": {"event": "relationship_end", "align": "end_of_month"},
            "offset": {"months": 12},
        }
    )
    return document


def test_markdown_notice_has_every_part_in_order() -> None:
    document = minimal_policy()
    document["eu_representative"] = {"name": "EU Rep", "email": "eu@example.com"}
    document["rights"] = [{"right": "access", "description": "Ask for a copy of your data."}]
    document["complaints"] = "Complain to your supervisory authority."
    document["children"] = {
        "minimum_age": 16,
        "subjects": ["customer_individual"],
        "action": "delete",
        "statement": "Children under 16 cannot be our customers.",
    }
    document["security"] = ["ISO 27001 certified."]
    document["changes"] = "We announce changes on this page."
    text = render_notice(build(document))
    order = [
        "# Privacy notice",
        "Last updated: 15 January 2026",
        "## Contents",
        '## <a id="overview"></a>Overview',
        "We provide services to you.",
        '## <a id="who-we-are"></a>Who we are',
        "Example Ltd",
        "EU Rep",
        '### <a id="activity-accounts"></a>Customer accounts',
        "What personal data we collect",
        "**Contact details:** Name, email address and phone number.",
        "How we collect it",
        "Why we use it and on which legal basis",
        "Legal basis: performing a contract with you",
        "How long we keep it",
        "seven (7) years after the end of our business relationship",
        "Who we share it with",
        "**Hosting Co:**",
        "Located in Germany",
        "Security",
        "ISO 27001 certified.",
        "Your rights",
        "**Access:** Ask for a copy of your data.",
        "[dpo@example.com](mailto:dpo@example.com)",
        "Complain to your supervisory authority.",
        "Retention exceptions",
        "Legal holds and national retention duties apply.",
        "Children under 16 cannot be our customers.",
        "We announce changes on this page.",
        "This is version 1.0 of this notice.",
    ]
    position = 0
    for part in order:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} is missing or out of order"
        position = found + len(part)


def test_overview_per_relationship_selects_the_rules_about_it() -> None:
    text = render_notice(build(two_relationships()))
    customer = text[text.index('id="overview-customer"') : text.index('id="overview-supplier"')]
    supplier = text[text.index('id="overview-supplier"') : text.index('id="who-we-are"')]
    assert "seven (7) years after the end of our business relationship" in customer
    assert "twelve (12) months" not in customer
    assert "You provide services to us." in supplier
    assert (
        "Personal data about business contacts: deleted twelve (12) months after the end of the "
        "month in which the end of our business relationship took place." in supplier
    )
    assert "seven (7) years" not in supplier
    assert "[Customer accounts](#activity-accounts)" in supplier


def test_processor_activity_says_who_decides() -> None:
    document = minimal_policy()
    activity = document["activities"][0]
    activity["role"] = "processor"
    activity["retention"][0]["period_set_by"] = "customer"
    text = render_notice(build(document))
    assert "we are a processor" in text
    assert "**Who decides:**" in text
    assert "according to the customer's instructions (default: seven (7) years" in text


def test_transfers_name_the_destination_and_safeguard() -> None:
    document = minimal_policy()
    document["recipients"][0]["locations"] = ["DE", "US"]
    document["transfers"] = [
        {
            "id": "hosting_us",
            "recipient": "hosting",
            "destination": "US",
            "safeguard": "standard_contractual_clauses",
        }
    ]
    document["activities"][0]["transfers"] = ["hosting_us"]
    text = render_notice(build(document))
    assert "Located in Germany and the United States." in text
    assert "To Hosting Co in the United States, protected by standard contractual clauses." in text


def test_just_in_time_text() -> None:
    text = render_activity_notice(build(minimal_policy()), "accounts")
    assert text.startswith("# Customer accounts: how we use your data\n")
    for part in (
        "We keep your account so that you can use our services.",
        "Provide the services you signed up for. Legal basis: performing a contract",
        "Personal data of individual customers: deleted seven (7) years after the end of our "
        "business relationship.",
        "- Hosting Co",
        "Example Ltd is responsible for this data. To exercise your rights, email our Data "
        "Protection Officer at [dpo@example.com](mailto:dpo@example.com).",
        "[Privacy notice](/privacy#activity-accounts)",
    ):
        assert part in text
    assert "## Contents" not in text


def test_just_in_time_links_to_the_published_notice() -> None:
    policy = build(minimal_policy())
    html = render_activity_notice(policy, "accounts", NoticeFormat.html, "https://x.test/privacy")
    assert '<a href="https://x.test/privacy#activity-accounts">Privacy notice</a>' in html


def test_unknown_activity_lists_the_valid_ids() -> None:
    with pytest.raises(UnknownActivityError) as raised:
        render_activity_notice(build(minimal_policy()), "newsletter")
    assert raised.value.known == ["accounts"]
    assert "unknown activity 'newsletter'; expected one of: accounts" in str(raised.value)


# --- HTML ------------------------------------------------------------------------------


class Outline(HTMLParser):
    """Collects what an accessibility check needs: headings, ids, links, script tags."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def default_html() -> str:
    return render_notice(load_policy(), NoticeFormat.html)


def test_html_is_a_complete_accessible_page(default_html: str) -> None:
    page = outline(default_html)
    assert default_html.startswith('<!doctype html>\n<html lang="en">')
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in (
        page.tags
    )
    assert [tag for tag, _ in page.tags].count("style") == 1
    assert page.headings.count(1) == 1 and page.headings[0] == 1
    steps = zip(page.headings, page.headings[1:], strict=False)
    assert all(after <= before + 1 for before, after in steps), "a heading level is skipped"
    ids = {attrs["id"] for _, attrs in page.tags if attrs.get("id")}
    targets = {attrs["href"] for tag, attrs in page.tags if tag == "a" and attrs.get("href")}
    internal = {href[1:] for href in targets if href and href.startswith("#")}
    assert internal <= ids, f"links to missing ids: {internal - ids}"
    nav = default_html[default_html.index("<nav") : default_html.index("</nav>")]
    assert 'href="#activity-traffic_data"' in nav and 'href="#your-rights"' in nav


def test_every_value_is_escaped() -> None:
    document = minimal_policy()
    document["controller"]["name"] = "<script>alert(1)</script> & Co"
    document["controller"]["url"] = "javascript:alert(1)"
    document["activities"][0]["name"] = "Accounts <img src=x onerror=alert(1)>"
    policy = build(document)
    html = render_notice(policy, NoticeFormat.html)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "Accounts &lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript:' not in html
    markdown = render_notice(policy)
    assert "<script>" not in markdown and "<img" not in markdown
    assert "](javascript:" not in markdown
    jit = render_activity_notice(policy, "accounts", NoticeFormat.html)
    assert "<img" not in jit and "<script>" not in jit


def test_just_in_time_text_of_a_processor_sends_rights_to_the_customer() -> None:
    document = minimal_policy()
    document["activities"][0]["role"] = "processor"
    text = render_activity_notice(build(document), "accounts")
    assert "Our customer is responsible for this data (the controller)" in text
    assert "Example Ltd is responsible" not in text
