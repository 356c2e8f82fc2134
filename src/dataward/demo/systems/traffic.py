"""CDRs and message content: the tables that make the demo big, generated cheaply.

Faker is far too slow for ten million rows, so everything is drawn from pools built once
(end-user numbers and addresses, sender ids, routes, times of day) with ``random.choices``
over whole columns, month by month. Rows come in time order (ids grow with ``sent_at``,
as in a real CDR table) and traffic grows twentyfold over the twelve years. Each month
has its own seeded generator, so a month's rows depend only on the seed and the month.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate

from dataward.demo.contacts import ascii_fold
from dataward.demo.scale import Scale
from dataward.demo.spec import (
    INT,
    TEXT,
    TS,
    Batch,
    Col,
    Row,
    RowSource,
    TableSpec,
    identity,
    relation,
    varchar,
)
from dataward.demo.systems.endpoints import endpoint_pool, heavy_endpoint
from dataward.demo.systems.messages import message_body
from dataward.demo.timeline import Timeline
from dataward.demo.world import Customer, World

# Weighted by repetition: a uniform draw is cheaper than a weighted one.
STATUSES = ("delivered",) * 46 + ("undelivered", "undelivered", "expired", "rejected")
GROWTH = 20.0  # traffic now / traffic twelve years ago
CONTENT_EVERY = 20  # one CDR in twenty has its content stored (customers who opted in)
TIMES_OF_DAY = [
    f"{h:02d}:{m:02d}:{s:02d}.000000" for h in range(24) for m in range(60) for s in range(60)
]


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights``, exactly (largest remainders)."""
    scale = sum(weights)
    if total == 0 or scale == 0:
        return [0] * len(weights)
    shares = [total * weight / scale for weight in weights]
    counts = [math.floor(share) for share in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


class Traffic:
    """The plan of the CDR table: rows per month, the end-user pool, heavy end-users."""

    def __init__(self, world: World) -> None:
        self.world = world
        timeline = world.timeline
        starts = timeline.month_starts()
        self.months = list(zip(starts, [*starts[1:], timeline.end], strict=True))
        self.eligible = [self._eligible(start, end) for start, end in self.months]
        weights = [
            GROWTH ** (index / len(self.months)) * (end - start).days if ids else 0.0
            for index, ((start, end), (ids, _)) in enumerate(
                zip(self.months, self.eligible, strict=True)
            )
        ]
        self.counts = _allocate(world.scale.cdrs, weights)
        people = world.population.adults
        self.endpoints = endpoint_pool(
            world.rng("messaging", "endpoints"), people, world.scale.end_users
        )
        # The featured people are the heavy end-users: a request about one of them finds
        # tens of thousands of CDRs, spread over the years like the rest of the traffic.
        self.heavy = [heavy_endpoint(person) for person in people[: world.scale.heavy_users]]
        self.heavy_counts = _allocate(world.scale.heavy_rows, [float(c) for c in self.counts])
        self.senders = {customer.id: _sender(customer) for customer in world.customers}
        self.first_names = [person.first_name for person in people[:500]]

    def _eligible(self, start: datetime, end: datetime) -> tuple[list[int], list[float]]:
        """Customers with a relationship during the month, and cumulative traffic weights."""
        active = [
            customer
            for customer in self.world.customers
            if customer.created_at < end
            and (customer.ended_at is None or customer.ended_at >= start)
        ]
        return [c.id for c in active], list(accumulate(c.weight for c in active))

    @property
    def content_count(self) -> int:
        return self.world.scale.cdrs // CONTENT_EVERY

    def batches(self, part: int = 0, parts: int = 1) -> Iterator[Batch]:
        """The months of share ``part`` of ``parts``: consecutive, about equal in rows, so
        that the shares, appended in order, keep ids in time order."""
        total, first_id = sum(self.counts), 1
        for index, count in enumerate(self.counts):
            if count and part * total <= (first_id - 1) * parts < (part + 1) * total:
                cdrs = self._month(index, count, first_id)
                yield "cdrs", cdrs
                yield "message_content", self._content(cdrs, first_id, index)
            first_id += count

    def _month(self, index: int, count: int, first_id: int) -> list[Row]:
        """One month of CDRs, in time order, built column by column."""
        rng = self.world.rng("messaging", "cdrs", str(index))
        start, end = self.months[index]
        days = [f"{start + timedelta(days=day):%Y-%m-%d} " for day in range((end - start).days + 1)]
        offsets = sorted(rng.choices(range(int((end - start).total_seconds())), k=count))
        sent = [days[offset // 86_400] + TIMES_OF_DAY[offset % 86_400] for offset in offsets]
        eligible, weights = self.eligible[index]
        customers = rng.choices(eligible, cum_weights=weights, k=count)
        senders = [self.senders[customer] for customer in customers]
        statuses = rng.choices(STATUSES, k=count)
        picks = rng.choices(self.endpoints, k=count)
        heavy = min(self.heavy_counts[index], count // (2 * len(self.heavy)))
        for number, position in enumerate(rng.sample(range(count), heavy * len(self.heavy))):
            picks[position] = self.heavy[number % len(self.heavy)]  # exactly `heavy` each
        ids = range(first_id, first_id + count)
        heads = zip(ids, customers, senders, sent, statuses, strict=True)
        return [head + pick for head, pick in zip(heads, picks, strict=True)]

    def _content(self, cdrs: list[Row], first_id: int, index: int) -> list[Row]:
        """The stored text of every twentieth CDR (ids divisible by twenty)."""
        rng = self.world.rng("messaging", "message_content", str(index))
        return [
            (
                row[0] // CONTENT_EVERY,
                row[0],
                row[1],
                row[3],
                message_body(rng, row[5], self.first_names),
            )
            for row in cdrs[(-first_id) % CONTENT_EVERY :: CONTENT_EVERY]
        ]


@dataclass(frozen=True)
class TrafficShare:
    """Share ``part`` of ``parts`` of the traffic, drawn in a worker process from the seed."""

    seed: int
    scale: Scale
    as_of: date
    part: int
    parts: int

    def batches(self) -> Iterator[Batch]:
        world = World.build(self.seed, self.scale, Timeline(self.as_of))
        yield from Traffic(world).batches(self.part, self.parts)


def _sender(customer: Customer) -> str:
    """An alphanumeric sender id (at most 11 characters), as operators allow."""
    letters = "".join(char for char in ascii_fold(customer.name) if char.isalnum())
    return (letters[:11] or "INFO").capitalize()


def traffic_tables(world: World) -> list[TableSpec]:
    traffic = Traffic(world)

    def split(parts: int) -> list[RowSource]:
        as_of = world.timeline.as_of
        return [TrafficShare(world.seed, world.scale, as_of, part, parts) for part in range(parts)]

    cdrs = TableSpec(
        "cdrs",
        "Communication detail records: one row per message or call.",
        [
            Col("customer_id", INT),
            Col("sender", varchar(20), "traffic_metadata"),
            Col("sent_at", TS, "traffic_metadata"),
            Col("status", varchar(12), "traffic_metadata"),
            Col("channel", varchar(10), "traffic_metadata"),
            Col("direction", varchar(2), "traffic_metadata", description="MT: to the end-user"),
            Col("end_user_phone", varchar(20), "end_user_contact", erasure="null"),
            Col("end_user_email", varchar(254), "end_user_contact", erasure="null"),
            Col("duration_seconds", INT, "traffic_metadata"),
            Col("route", varchar(40), "traffic_metadata"),
        ],
        activities=["traffic_data"],
        count=world.scale.cdrs,
        batches=traffic.batches,
        split=split,
        identities=[
            identity("end_user_phone", "phone", "end_user"),
            identity("end_user_email", "email", "end_user"),
        ],
        relations=[relation("customer_id", "customers.id", "individual_customer")],
        anchors={"communication": "sent_at"},
    )
    content = TableSpec(
        "message_content",
        "Message text kept for customers that asked for it (processor role).",
        [
            Col("cdr_id", INT),
            Col("customer_id", INT),
            Col("sent_at", TS),
            Col("body", TEXT, "communications_content", free_text=True),
        ],
        activities=["communications_content"],
        count=traffic.content_count,
        relations=[
            relation("cdr_id", "cdrs.id", "end_user"),
            relation("customer_id", "customers.id", "individual_customer"),
        ],
        anchors={"communication": "sent_at"},
    )
    return [cdrs, content]
