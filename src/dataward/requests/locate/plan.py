"""Which datasets hold a person known by several identities, in dependency order.

Like :func:`dataward.inventory.graph.plan_lookup`, but entered by every identity kind
the request gives at once (an email and a phone), so one plan covers the person. Steps
come parents first (a relation's source before the dataset it feeds); erasure walks the
same plan backwards, children first, which is also the order foreign keys need.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection
from dataclasses import dataclass

from dataward.inventory.graph import Hop
from dataward.inventory.model import DatasetAddress, Inventory


@dataclass(frozen=True)
class Step:
    address: DatasetAddress
    identities: tuple[tuple[str, str], ...]  # (column, kind) matched against the request
    hops: tuple[Hop, ...]  # relations fed by earlier steps
    level: int  # 0: entered by the person's own identity

    @property
    def system(self) -> str:
        return self.address.system


def _edges(inventory: Inventory) -> dict[DatasetAddress, list[Hop]]:
    return {
        address: [Hop(item.column, item.target(address.system)) for item in dataset.relations]
        for address, dataset in inventory.datasets()
    }


def plan_person(inventory: Inventory, kinds: Collection[str]) -> list[Step]:
    """Every dataset reachable from an identity column of one of ``kinds``, parents first.

    A cycle of relations is broken at the dataset nearest an entry point: the hop that
    would need a later step's keys is left out (fides' traversal does the same).
    """
    entries: dict[DatasetAddress, tuple[tuple[str, str], ...]] = {}
    for address, dataset in inventory.datasets():
        matched = tuple(
            (item.column, item.kind) for item in dataset.identities if item.kind in kinds
        )
        if matched:
            entries[address] = matched
    edges = _edges(inventory)
    downstream: dict[DatasetAddress, list[DatasetAddress]] = {}
    for address, hops in edges.items():
        for hop in hops:
            downstream.setdefault(hop.source.dataset_address, []).append(address)
    levels = dict.fromkeys(entries, 0)
    queue = deque(sorted(entries, key=str))
    while queue:
        current = queue.popleft()
        for following in downstream.get(current, []):
            if following not in levels:
                levels[following] = levels[current] + 1
                queue.append(following)
    order = sorted(levels, key=lambda address: (levels[address], str(address)))
    placed: set[DatasetAddress] = set()
    steps: list[Step] = []

    def ready(address: DatasetAddress, deepest: int | None) -> bool:
        return all(
            source in placed
            or source not in levels
            or (deepest is not None and levels[source] > deepest)
            for source in (hop.source.dataset_address for hop in edges[address])
        )

    while len(steps) < len(order):
        pending = [address for address in order if address not in placed]
        chosen = next(
            (address for address in pending if ready(address, None)),
            next((address for address in pending if ready(address, levels[address])), pending[0]),
        )
        fed = tuple(hop for hop in edges[chosen] if hop.source.dataset_address in placed)
        steps.append(Step(chosen, entries.get(chosen, ()), fed, levels[chosen]))
        placed.add(chosen)
    return steps


def erasure_order(steps: list[Step]) -> list[Step]:
    """Children before parents: the plan backwards (derived, never hand-set)."""
    return list(reversed(steps))
