"""Fides dataset YAML ⇄ dataward inventory.

Import reads what fides expresses (collections, fields, ``data_categories``, and
``fides_meta`` identity, primary key and references with their direction) and validates
the input with fideslang's own ``Dataset`` model. Fides has no place for what dataward
adds (activities, anchor columns, erasure, free text), so export keeps those under the
dataset's free-form ``meta.dataward`` and import reads them back: dataward → fides →
dataward is lossless; fides → dataward → fides keeps fides' keys at the policy's grain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from fideslang.models import Dataset as FidesDataset
from pydantic import ValidationError

from dataward.inventory.model import Inventory
from dataward.inventory.taxonomy import TaxonomyMap, is_personal

# Fides calls the phone identity "phone_number"; the inventory calls it "phone".
KIND_FROM_FIDES = {"phone_number": "phone"}
KIND_TO_FIDES = {value: key for key, value in KIND_FROM_FIDES.items()}
# Dataset keys fides cannot express, carried in meta.dataward.datasets on export.
EXTRA_KEYS = ("table", "schema", "activities", "anchors", "erasure", "columns")


class FidesError(ValueError):
    """The file is not a valid fides dataset; ``problems`` lists every error."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Conversion:
    """The result of a conversion and what a person should look at in it."""

    value: Any
    warnings: list[str] = field(default_factory=list)


def name_of(text: str) -> str:
    """A fides key or collection name made into an inventory name (letters, digits, _)."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", text)
    return name if re.match(r"[A-Za-z_]", name) else f"_{name}"


def read_fides(document: Any) -> list[FidesDataset]:
    """Validate a parsed fides manifest (``{dataset: [...]}``, a list, or one dataset)."""
    if isinstance(document, dict) and "dataset" in document:
        document = document["dataset"]
    items = document if isinstance(document, list) else [document]
    datasets, problems = [], []
    for index, item in enumerate(items):
        try:
            datasets.append(FidesDataset.model_validate(item))
        except ValidationError as error:
            key = item.get("fides_key", f"#{index}") if isinstance(item, dict) else f"#{index}"
            for detail in error.errors(include_url=False):
                where = ".".join(str(part) for part in detail["loc"])
                problems.append(f"dataset {key}: {where}: {detail['msg']}")
    if problems:
        raise FidesError(problems)
    return datasets


def _column(field_: Any, taxonomy: TaxonomyMap, where: str, warnings: list[str]) -> dict[str, Any]:
    personal = [key for key in field_.data_categories or [] if is_personal(key)]
    column: dict[str, Any] = {}
    if field_.description:
        column["description"] = field_.description
    if personal:
        category = taxonomy.category(personal)
        if category is None:
            category = name_of(personal[0]).lower()
            warnings.append(
                f"{where}: no policy data category lists fides key {personal[0]!r}; "
                f"wrote {category!r}: add it to the policy or change the inventory"
            )
        column["category"] = category
    return column


def _convert_one(
    fides: FidesDataset, url: str, taxonomy: TaxonomyMap, activity: str | None, warnings: list[str]
) -> tuple[dict[str, Any], list[tuple[str, str, dict[str, Any]]]]:
    system = name_of(fides.fides_key)
    extra = (fides.meta or {}).get("dataward", {})
    datasets: list[dict[str, Any]] = []
    # Relations with direction "to" belong to the referenced collection: (system, dataset, rel).
    elsewhere: list[tuple[str, str, dict[str, Any]]] = []

    def matches(dataset_key: str, collection: str, column: str) -> str:
        target = name_of(dataset_key)
        local = f"{name_of(collection)}.{column}"
        return local if target == system else f"{target}.{local}"

    for collection in fides.collections:
        name = name_of(collection.name)
        where = f"{fides.fides_key}.{collection.name}"
        uses = collection.data_uses or fides.data_uses or []
        activities = taxonomy.activities(uses) or ([activity] if activity else [])
        dataset: dict[str, Any] = {"name": name, "activities": activities}
        if name != collection.name:
            dataset["table"] = collection.name
        if collection.description:
            dataset["description"] = collection.description
        columns, identities, relations, primary_key = {}, [], [], []
        for field_ in collection.fields:
            if field_.fields:
                warnings.append(f"{where}.{field_.name}: nested fields are not supported; skipped")
            columns[field_.name] = _column(field_, taxonomy, f"{where}.{field_.name}", warnings)
            meta = field_.fides_meta
            if meta is None:
                continue
            if meta.primary_key:
                primary_key.append(field_.name)
            if meta.identity:
                kind = KIND_FROM_FIDES.get(meta.identity, meta.identity)
                identities.append({"column": field_.name, "kind": kind})
            for reference in meta.references or []:
                target_collection, _, target_column = reference.field.partition(".")
                here = matches(fides.fides_key, collection.name, field_.name)
                there = matches(reference.dataset, target_collection, target_column)
                direction = reference.direction.value if reference.direction else None
                if direction in (None, "from"):
                    relations.append({"column": field_.name, "matches": there})
                if direction in (None, "to"):
                    target = (name_of(reference.dataset), name_of(target_collection))
                    elsewhere.append((*target, {"column": target_column, "matches": here}))
        dataset.update(columns=columns, identities=identities, relations=relations)
        dataset["primary_key"] = primary_key
        overlay = extra.get("datasets", {}).get(name, {})
        dataset.update({key: overlay[key] for key in EXTRA_KEYS if key in overlay})
        for item in (*dataset["identities"], *dataset["relations"]):
            subject = overlay.get("subjects", {}).get(item["column"])
            if subject:
                item["subject"] = subject
        datasets.append(dataset)
    system_data: dict[str, Any] = {
        "name": system,
        "connector": extra.get("connector", "sql"),
        "url": url or extra.get("url", ""),
        "datasets": datasets,
    }
    for key in ("options", "description"):
        value = extra.get(key) or (fides.description if key == "description" else None)
        if value:
            system_data[key] = value
    return system_data, elsewhere


def import_fides(
    datasets: Iterable[FidesDataset],
    url: str | None,
    taxonomy: TaxonomyMap,
    activity: str | None = None,
) -> Conversion:
    """An inventory with one system per fides dataset (``url`` overrides any stored URL)."""
    warnings: list[str] = []
    systems, moved, settings = [], [], {}
    for fides in datasets:
        system, elsewhere = _convert_one(fides, url or "", taxonomy, activity, warnings)
        systems.append(system)
        moved.extend(elsewhere)
        settings.update((fides.meta or {}).get("dataward", {}).get("inventory", {}))
    by_address = {(s["name"], d["name"]): d for s in systems for d in s["datasets"]}
    for system_name, dataset_name, relation in moved:
        target = by_address.get((system_name, dataset_name))
        if target is None:
            warnings.append(f"reference to unknown collection {system_name}.{dataset_name}")
        elif relation not in target["relations"]:
            target["relations"].append(relation)
    for system in systems:
        if not system["url"]:
            raise FidesError([f"dataset {system['name']}: no --url given and none stored"])
    inventory = Inventory.model_validate({**settings, "systems": systems})
    return Conversion(inventory, warnings)
