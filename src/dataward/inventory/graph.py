"""Which datasets hold a person's rows, and in which order to read them.

Datasets form a graph: identity columns are entry points for an identity kind; relations
are edges from the dataset whose rows supply key values to the dataset that is looked up
by them (``customers.id`` → ``orders.customer_id``). A lookup plan lists the reachable
datasets in dependency order, so each step's keys are known before it runs, including
across systems, where no database can join for us.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from dataward.inventory.model import ColumnAddress, DatasetAddress, Inventory


@dataclass(frozen=True)
class Hop:
    """Look up ``column`` with the values of ``source`` from an earlier step's rows."""

    column: str
    source: ColumnAddress


@dataclass(frozen=True)
class LookupStep:
    address: DatasetAddress
    identity_columns: tuple[str, ...]
    hops: tuple[Hop, ...]


def _edges(inventory: Inventory) -> dict[DatasetAddress, list[Hop]]:
    """For each dataset, the hops that can feed it."""
    edges: dict[DatasetAddress, list[Hop]] = {}
    for address, dataset in inventory.datasets():
        hops = [
            Hop(relation.column, relation.target(address.system)) for relation in dataset.relations
        ]
        edges[address] = hops
    return edges


def _levels(
    entries: dict[DatasetAddress, tuple[str, ...]], edges: dict[DatasetAddress, list[Hop]]
) -> dict[DatasetAddress, int]:
    """Breadth-first distance of each reachable dataset from an entry point."""
    downstream: dict[DatasetAddress, list[DatasetAddress]] = {}
    for address, hops in edges.items():
        for hop in hops:
            downstream.setdefault(hop.source.dataset_address, []).append(address)
    levels = dict.fromkeys(entries, 0)
    queue = deque(entries)
    while queue:
        current = queue.popleft()
        for following in downstream.get(current, []):
            if following not in levels:
                levels[following] = levels[current] + 1
                queue.append(following)
    return levels


def plan_lookup(inventory: Inventory, kind: str) -> list[LookupStep]:
    """The steps that find every row of a person known by an identity of ``kind``.

    Steps come in topological order of the relations. A cycle (two datasets that each can
    find the other) is broken at the dataset closest to an entry point; the hop that would
    need a later step's keys is left out, which fides' traversal does as well.
    """
    entries: dict[DatasetAddress, tuple[str, ...]] = {}
    for address, dataset in inventory.datasets():
        columns = tuple(item.column for item in dataset.identities if item.kind == kind)
        if columns:
            entries[address] = columns
    edges = _edges(inventory)
    levels = _levels(entries, edges)
    order = sorted(levels, key=lambda address: (levels[address], str(address)))

    placed: set[DatasetAddress] = set()
    steps: list[LookupStep] = []

    def ready(address: DatasetAddress, deepest: int | None) -> bool:
        sources = (hop.source.dataset_address for hop in edges[address])
        return all(
            source in placed
            or source not in levels
            or (deepest is not None and levels[source] > deepest)
            for source in sources
        )

    while len(steps) < len(order):
        pending = [address for address in order if address not in placed]
        # Every source placed; else (a cycle) wait only for sources no deeper than the
        # dataset itself; else take the nearest dataset and drop its unplaced hops.
        chosen = next(
            (address for address in pending if ready(address, None)),
            next((address for address in pending if ready(address, levels[address])), pending[0]),
        )
        hops = tuple(hop for hop in edges[chosen] if hop.source.dataset_address in placed)
        steps.append(LookupStep(chosen, entries.get(chosen, ()), hops))
        placed.add(chosen)
    return steps
