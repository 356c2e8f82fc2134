"""Inventory → fides dataset YAML, each dataset validated by fideslang's models."""

from __future__ import annotations

import io
from typing import Any

from fideslang.models import Dataset as FidesDataset
from ruamel.yaml import YAML

from dataward.inventory.fides import EXTRA_KEYS, KIND_TO_FIDES, Conversion
from dataward.inventory.model import Dataset, Inventory, System
from dataward.inventory.taxonomy import TaxonomyMap

OPERATIONAL = "system.operations"


def _field(
    dataset: Dataset, system: System, column: str, taxonomy: TaxonomyMap, warnings: list[str]
) -> dict[str, Any]:
    spec = dataset.columns.get(column)
    field: dict[str, Any] = {"name": column}
    if spec is not None and spec.description:
        field["description"] = spec.description
    if spec is None or spec.category is None:
        field["data_categories"] = [OPERATIONAL]
    else:
        keys = taxonomy.fides_categories(spec.category)
        if keys:
            field["data_categories"] = keys
        else:
            where = f"{system.name}.{dataset.name}.{column}"
            warnings.append(f"{where}: category {spec.category!r} has no fides key in the policy")
    meta: dict[str, Any] = {}
    if column in dataset.primary_key:
        meta["primary_key"] = True
    for identity in dataset.identities:
        if identity.column == column:
            meta["identity"] = KIND_TO_FIDES.get(identity.kind, identity.kind)
    references = [
        {
            "dataset": target.system,
            "field": f"{target.dataset}.{target.column}",
            "direction": "from",
        }
        for relation in dataset.relations
        if relation.column == column
        for target in [relation.target(system.name)]
    ]
    if references:
        meta["references"] = references
    if meta:
        field["fides_meta"] = meta
    return field


def _extra(dataset: Dataset) -> dict[str, Any]:
    dumped = dataset.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    extra = {key: dumped[key] for key in EXTRA_KEYS if key in dumped}
    subjects = {link.column: link.subject for link in dataset.links() if link.subject}
    if subjects:
        extra["subjects"] = subjects
    return extra


def export_system(
    system: System, inventory: Inventory, taxonomy: TaxonomyMap, warnings: list[str]
) -> FidesDataset:
    collections = []
    extras: dict[str, Any] = {}
    for dataset in system.datasets:
        names = sorted({name for _, name in dataset.used_columns()})
        uses = sorted({use for a in dataset.activities for use in taxonomy.fides_uses(a)})
        collection: dict[str, Any] = {
            "name": dataset.name,
            "fields": [_field(dataset, system, name, taxonomy, warnings) for name in names],
        }
        if uses:
            collection["data_uses"] = uses
        if dataset.description:
            collection["description"] = dataset.description
        collections.append(collection)
        extras[dataset.name] = _extra(dataset)
    settings = inventory.model_dump(
        mode="json", include={"identity", "handled_outside"}, exclude_defaults=True
    )
    dataward: dict[str, Any] = {
        "connector": system.connector,
        # The template, as written: ${VAR} references stay references, secrets never appear.
        "url": system.url,
        "datasets": extras,
        "inventory": settings,
    }
    if system.options:
        dataward["options"] = system.options
    document: dict[str, Any] = {
        "fides_key": system.name,
        "name": system.name,
        "collections": collections,
        "meta": {"dataward": dataward},
    }
    if system.description:
        document["description"] = system.description
    return FidesDataset.model_validate(document)


def export_fides(inventory: Inventory, taxonomy: TaxonomyMap) -> Conversion:
    warnings: list[str] = []
    datasets = [
        export_system(system, inventory, taxonomy, warnings) for system in inventory.systems
    ]
    return Conversion(datasets, warnings)


def _without_deprecated(value: Any) -> Any:
    # fideslang mirrors data_uses into the deprecated data_purposes on every level.
    if isinstance(value, dict):
        return {k: _without_deprecated(v) for k, v in value.items() if k != "data_purposes"}
    if isinstance(value, list):
        return [_without_deprecated(item) for item in value]
    return value


def dump_fides(datasets: list[FidesDataset]) -> str:
    """A fides manifest (``dataset: [...]``) as YAML."""
    items = [
        _without_deprecated(item.model_dump(mode="json", exclude_none=True)) for item in datasets
    ]
    buffer = io.StringIO()
    yaml = YAML(typ="rt")  # round-trip mode keeps fides' key order
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.dump({"dataset": items}, buffer)
    return buffer.getvalue()
