"""The messaging platform: customers, their accounts and users, contacts, usage logs.

The traffic tables of the same database (CDRs and message content) are in
:mod:`dataward.demo.systems.traffic`; they are built from the customers drawn here.
"""

from __future__ import annotations

import string

from dataward.demo.spec import (
    DAY,
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
from dataward.demo.systems.common import BUSINESS, NAME, ip_address
from dataward.demo.systems.traffic import traffic_tables
from dataward.demo.timeline import fmt, fmt_optional
from dataward.demo.world import World

ACTIONS = (
    "login",
    "logout",
    "api_key_created",
    "sender_registered",
    "campaign_sent",
    "invoice_downloaded",
    "user_invited",
    "password_changed",
    "2fa_enabled",
)
AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0",
    "infobip-python-sdk/4.2",
    "curl/8.4.0",
)
CONTACT_ROLES = ("billing", "technical", "legal", "commercial")
ACCOUNT = ["account_data"]


def customers(world: World) -> TableSpec:
    rng, fakers = world.rng("messaging", "customers"), world.fakers("messaging", "customers")
    rows: list[Row] = []
    for customer in world.customers:
        person, company = customer.person, customer.company
        locale = person.locale if person else company.locale if company else "en_GB"
        faker = fakers(locale)
        diligence = person is not None and rng.random() < 0.3
        rows.append(
            (
                customer.id,
                "individual" if person else "company",
                company.name if company else None,
                company.industry if company else None,
                person.first_name if person else None,
                person.last_name if person else None,
                person.email if person else None,
                person.phone if person else None,
                person.country if person else company.country if company else None,
                f"{faker.street_address()}, {person.city if person else faker.city()}",
                None
                if person
                else f"{company.country if company else 'GB'}{rng.randrange(10**9):09d}",
                faker.iban() if rng.random() < 0.6 else None,
                rng.choice(("prepaid", "postpaid")),
                person.birth_date.isoformat() if person else None,
                "".join(rng.choices(string.ascii_uppercase + string.digits, k=9))
                if diligence
                else None,
                fmt(customer.created_at),
                fmt_optional(customer.ended_at),
            )
        )
    columns = [
        Col("kind", varchar(12), description="company or individual"),
        Col("company_name", varchar(200), BUSINESS),
        Col("industry", varchar(40), BUSINESS),
        Col("first_name", varchar(100), NAME),
        Col("last_name", varchar(100), NAME),
        Col("email", varchar(254), NAME),
        Col("phone", varchar(20), NAME),
        Col("country", varchar(2), NAME),
        Col("billing_address", varchar(300), "billing_financial"),
        Col("vat_number", varchar(20), "billing_financial"),
        Col("iban", varchar(34), "billing_financial"),
        Col("payment_terms", varchar(10), "billing_financial"),
        Col("birth_date", DAY, "due_diligence_identification"),
        Col("id_document_number", varchar(20), "due_diligence_identification"),
        Col("created_at", TS),
        Col("relationship_ended_at", TS),
    ]
    return listed(
        "customers",
        "Companies and individuals who buy the platform; individuals give a birth date.",
        columns,
        rows,
        activities=ACCOUNT,
        identities=[
            identity("email", "email", "individual_customer"),
            identity("phone", "phone", "individual_customer"),
            # Customer holds and per-customer retention name the customer by this id.
            identity("id", "customer_id", "individual_customer"),
        ],
        anchors={"business_relationship_end": "relationship_ended_at"},
        date_of_birth="birth_date",
    )


def accounts(world: World) -> TableSpec:
    rows: list[Row] = [
        (account.id, account.customer.id, account.name, fmt(account.created_at))
        for account in world.accounts
    ]
    columns = [
        Col("customer_id", INT),
        Col("name", varchar(240), BUSINESS),
        Col("created_at", TS),
    ]
    return listed(
        "accounts",
        "Platform accounts (production, staging…) of each customer.",
        columns,
        rows,
        activities=ACCOUNT,
        relations=[relation("customer_id", "customers.id", "individual_customer")],
    )


def account_users(world: World) -> TableSpec:
    rng = world.rng("messaging", "account_users")
    rows: list[Row] = []
    for user in world.account_users:
        person, customer = user.person, user.account.customer
        cap = customer.ended_at or world.timeline.end
        last_login = world.timeline.after(rng, user.created_at, 4 * 365, cap)
        secret = "".join(rng.choices(string.ascii_letters + string.digits + "./", k=53))
        rows.append(
            (
                user.id,
                user.account.id,
                customer.id,
                person.first_name,
                person.last_name,
                person.email,
                person.phone,
                person.job_title,
                person.email,
                f"$2b$12${secret}",
                user.role,
                fmt(user.created_at),
                fmt(last_login),
                fmt_optional(customer.ended_at),
            )
        )
    columns = [
        Col("account_id", INT),
        Col("customer_id", INT),
        Col("first_name", varchar(100), NAME),
        Col("last_name", varchar(100), NAME),
        Col("email", varchar(254), NAME),
        Col("phone", varchar(20), NAME),
        Col("job_title", varchar(100), BUSINESS),
        Col("username", varchar(254), "login_details"),
        Col("password_hash", varchar(80), "login_details"),
        Col("role", varchar(20)),
        Col("created_at", TS),
        Col("last_login_at", TS),
        Col("customer_relationship_ended_at", TS, description="copied from the customer"),
    ]
    return listed(
        "account_users",
        "People authorised by a customer to log in to its accounts.",
        columns,
        rows,
        activities=ACCOUNT,
        identities=[
            identity("email", "email", "account_user"),
            identity("phone", "phone", "account_user"),
        ],
        relations=[relation("account_id", "accounts.id", "account_user")],
        anchors={"business_relationship_end": "customer_relationship_ended_at"},
    )


def business_contacts(world: World) -> TableSpec:
    rng = world.rng("messaging", "business_contacts")
    adults, staff_of = world.population.adults, world.population.staff
    rows: list[Row] = []
    for customer in world.customers:
        if customer.company is None:
            continue
        staff = staff_of.get(customer.company.id) or adults
        for person in rng.sample(staff, min(len(staff), rng.randint(1, 2))):
            rows.append(
                (
                    len(rows) + 1,
                    customer.id,
                    person.first_name,
                    person.last_name,
                    person.email,
                    person.phone,
                    person.job_title,
                    rng.choice(CONTACT_ROLES),
                    fmt_optional(customer.ended_at),
                )
            )
    columns = [
        Col("customer_id", INT),
        Col("first_name", varchar(100), NAME),
        Col("last_name", varchar(100), NAME),
        Col("email", varchar(254), NAME),
        Col("phone", varchar(20), NAME),
        Col("job_title", varchar(100), BUSINESS),
        Col("contact_role", varchar(20)),
        Col("relationship_ended_at", TS, description="the end of the customer's relationship"),
    ]
    return listed(
        "business_contacts",
        "Customers' contact points for billing, technical, legal and commercial matters.",
        columns,
        rows,
        activities=ACCOUNT,
        identities=[
            identity("email", "email", "customer_business_contact"),
            identity("phone", "phone", "customer_business_contact"),
        ],
        relations=[relation("customer_id", "customers.id", "customer_business_contact")],
        anchors={"business_relationship_end": "relationship_ended_at"},
    )


def usage_logs(world: World) -> TableSpec:
    rng, timeline = world.rng("messaging", "usage_logs"), world.timeline
    users = world.account_users
    addresses = {user.id: [ip_address(rng) for _ in range(rng.randint(1, 3))] for user in users}
    rows: list[Row] = []
    for index in range(world.scale.activity_logs):
        user = users[index % len(users)] if index < len(users) else rng.choice(users)
        cap = user.account.customer.ended_at or timeline.end
        moment = timeline.after(rng, user.created_at, 12 * 366, cap)
        rows.append(
            (
                index + 1,
                user.id,
                rng.choice(addresses[user.id]),
                rng.choice(AGENTS),
                rng.choice(ACTIONS),
                fmt(moment),
            )
        )
    columns = [
        Col("account_user_id", INT),
        Col("ip_address", varchar(45), "usage_data"),
        Col("user_agent", varchar(200), "usage_data"),
        Col("action", varchar(40), "usage_data"),
        Col("logged_at", TS, "usage_data"),
    ]
    return listed(
        "usage_logs",
        "What account users did on the platform, from which IP address.",
        columns,
        rows,
        activities=["usage_data"],
        relations=[relation("account_user_id", "account_users.id", "account_user")],
        anchors={"data_generated": "logged_at"},
    )


def system(world: World) -> SystemSpec:
    tables = [
        customers(world),
        accounts(world),
        account_users(world),
        business_contacts(world),
        usage_logs(world),
        *traffic_tables(world),
    ]
    return SystemSpec(
        "messaging", "The messaging platform: customers, accounts, traffic (CDRs).", tables
    )
