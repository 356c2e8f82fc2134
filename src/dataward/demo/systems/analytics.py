"""Web and behaviour analytics: page views of account users, cookies of website visitors.

Page views name the platform's account user by id, a relation into another database
(``messaging.account_users.id``): no database can join across the two, the lookup plan
does.
"""

from __future__ import annotations

from dataward.demo.spec import (
    BOOL,
    INT,
    TS,
    Col,
    Row,
    SystemSpec,
    TableSpec,
    identity,
    listed,
    relation,
    varchar,
)
from dataward.demo.systems.common import ip_address
from dataward.demo.timeline import fmt
from dataward.demo.world import World

PAGES = (
    "/dashboard",
    "/sms/campaigns",
    "/email/templates",
    "/analytics/traffic",
    "/billing",
    "/settings/users",
    "/flows/builder",
    "/numbers",
    "/developers/api-keys",
    "/whatsapp",
)
LANDING = ("/", "/pricing", "/blog/omnichannel", "/products/sms", "/contact-sales", "/careers")
BROWSERS = ("Chrome 120", "Safari 17", "Firefox 121", "Edge 120", "Samsung Internet 23")
CONSENTS = (
    "necessary",
    "necessary,functional",
    "necessary,analytical",
    "necessary,functional,analytical,advertising",
)
BEHAVIOUR = "behaviour_analytics_data"


def page_views(world: World) -> TableSpec:
    rng, timeline = world.rng("analytics", "page_views"), world.timeline
    users = world.account_users
    cookies = {user.id: f"{rng.getrandbits(64):016x}" for user in users}
    rows: list[Row] = []
    for index in range(world.scale.activity_logs):
        user = users[index] if index < len(users) else rng.choice(users)
        cap = user.account.customer.ended_at or timeline.end
        moment = timeline.after(rng, user.created_at, 12 * 366, cap)
        rows.append(
            (
                index + 1,
                user.id,
                cookies[user.id],
                ip_address(rng),
                rng.choice(BROWSERS),
                rng.choice(PAGES),
                rng.randint(800, 600_000),
                fmt(moment),
            )
        )
    columns = [
        Col("account_user_id", INT),
        Col("cookie_id", varchar(32), BEHAVIOUR),
        Col("ip_address", varchar(45), BEHAVIOUR),
        Col("browser", varchar(40), BEHAVIOUR),
        Col("page", varchar(100), BEHAVIOUR),
        Col("time_on_page_ms", INT, BEHAVIOUR),
        Col("viewed_at", TS, BEHAVIOUR),
    ]
    return listed(
        "page_views",
        "Pages and features account users visit in the web interface.",
        columns,
        rows,
        activities=["behaviour_analytics"],
        identities=[identity("cookie_id", "cookie_id", "account_user")],
        relations=[relation("account_user_id", "messaging.account_users.id", "account_user")],
        anchors={"data_generated": "viewed_at"},
    )


def website_visits(world: World) -> TableSpec:
    rng, timeline = world.rng("analytics", "website_visits"), world.timeline
    rows: list[Row] = []
    for index in range(world.scale.people):
        first = timeline.days_ago(rng, 0, 3 * 365)
        rows.append(
            (
                index + 1,
                f"{rng.getrandbits(64):016x}",
                ip_address(rng),
                rng.choice(BROWSERS),
                rng.choice(LANDING),
                rng.randint(1, 40),
                rng.random() < 0.4,
                rng.choice(CONSENTS),
                fmt(first),
                fmt(timeline.after(rng, first, 200)),
            )
        )
    columns = [
        Col("cookie_id", varchar(32), "cookie_data"),
        Col("ip_address", varchar(45), "cookie_data"),
        Col("browser", varchar(40), "cookie_data"),
        Col("landing_page", varchar(100), "cookie_data"),
        Col("pages_visited", INT, "cookie_data"),
        Col("returning_visitor", BOOL, "cookie_data"),
        Col("consented_categories", varchar(80)),
        Col("first_seen_at", TS),
        Col("last_seen_at", TS),
    ]
    return listed(
        "website_visits",
        "Visitors of the public website, by cookie (periods: the Cookie Policy).",
        columns,
        rows,
        activities=["website_cookies"],
        identities=[identity("cookie_id", "cookie_id", "website_visitor")],
    )


def system(world: World) -> SystemSpec:
    return SystemSpec(
        "analytics",
        "Web and behaviour analytics of the platform and the public website.",
        [page_views(world), website_visits(world)],
    )
