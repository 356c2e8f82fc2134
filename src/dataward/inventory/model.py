"""The inventory model: which system holds whose data, and what each column is.

Structure only lives here (types, required fields, unknown keys rejected). Checks that look
across the document (unique names, relations that point at a real dataset, connector
options) live in :mod:`dataward.inventory.validate`; checks against the policy and the live
databases live in :mod:`dataward.inventory.check`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Name = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=128)]
PolicyId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
ColumnName = Annotated[str, Field(min_length=1, max_length=128)]
# "dataset.column" in the same system, or "system.dataset.column" in another one.
ColumnRef = Annotated[str, Field(pattern=r"^([A-Za-z_][A-Za-z0-9_]*\.){1,2}[^.]+$")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_by_name=True)


@dataclass(frozen=True)
class DatasetAddress:
    """Where a dataset lives: ``system.dataset`` (inventory names, not physical tables)."""

    system: str
    dataset: str

    def __str__(self) -> str:
        return f"{self.system}.{self.dataset}"


@dataclass(frozen=True)
class ColumnAddress:
    system: str
    dataset: str
    column: str

    @property
    def dataset_address(self) -> DatasetAddress:
        return DatasetAddress(self.system, self.dataset)

    def __str__(self) -> str:
        return f"{self.system}.{self.dataset}.{self.column}"


class ErasureAction(StrEnum):
    """What erasing a person does to a column (the row goes if any column says ``delete``)."""

    null = "null"
    pseudonymise = "pseudonymise"
    delete = "delete"


def yaml_null_erasure(cls: type, data: Any) -> Any:
    """``erasure: null`` parses as None in YAML; written out, it can only mean "set NULL".

    Leaving the key out is how a column inherits the dataset's default.
    """
    if isinstance(data, dict) and "erasure" in data and data["erasure"] is None:
        return {**data, "erasure": ErasureAction.null}
    return data


class Column(Model):
    """A column worth knowing about. No ``category`` means: looked at, not personal data."""

    category: PolicyId | None = None
    erasure: ErasureAction | None = None
    free_text: bool = False
    description: str | None = None

    _erasure_null = model_validator(mode="before")(yaml_null_erasure)


class IdentityColumn(Model):
    """A column holding an identifier of a person: where a lookup enters the dataset."""

    column: ColumnName
    kind: PolicyId
    subject: PolicyId | None = None


class Relation(Model):
    """Rows belong to a person when ``column`` equals ``matches`` in that person's rows there.

    ``cdr.customer_id`` matches ``customers.id``: find the customer's rows in ``customers``,
    then the CDRs whose ``customer_id`` is one of their ids.
    """

    column: ColumnName
    matches: ColumnRef
    subject: PolicyId | None = None

    def target(self, system: str) -> ColumnAddress:
        parts = self.matches.split(".")
        if len(parts) == 2:
            return ColumnAddress(system, parts[0], parts[1])
        return ColumnAddress(parts[0], parts[1], parts[2])


class Dataset(Model):
    name: Name
    table: str | None = None
    db_schema: str | None = Field(default=None, alias="schema")
    description: str | None = None
    activities: list[PolicyId] = []
    primary_key: list[ColumnName] = []
    identities: list[IdentityColumn] = []
    relations: list[Relation] = []
    anchors: dict[PolicyId, ColumnName] = {}
    # Policy condition id → a column that is NOT NULL exactly when the condition holds
    # (``business_agreement_signed: agreement_signed_at``); read by rules' ``unless``.
    conditions: dict[PolicyId, ColumnName] = {}
    # The column holding the person's date of birth: the policy's minimum-age rule reads it.
    date_of_birth: ColumnName | None = None
    erasure: ErasureAction = ErasureAction.delete
    columns: dict[ColumnName, Column] = {}

    _erasure_null = model_validator(mode="before")(yaml_null_erasure)

    @property
    def table_name(self) -> str:
        return self.table or self.name

    def links(self) -> list[IdentityColumn | Relation]:
        """Identity columns and relations: every way this dataset reaches a person."""
        return [*self.identities, *self.relations]

    def erasure_of(self, column: str) -> ErasureAction | None:
        """The column's erasure, or None when it holds no personal data."""
        spec = self.columns.get(column)
        if spec is None or spec.category is None:
            return None
        return spec.erasure or self.erasure

    def used_columns(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Every column the inventory names, with the field path that names it."""
        for index, name in enumerate(self.primary_key):
            yield ("primary_key", index), name
        for index, identity in enumerate(self.identities):
            yield ("identities", index, "column"), identity.column
        for index, relation in enumerate(self.relations):
            yield ("relations", index, "column"), relation.column
        for event, name in self.anchors.items():
            yield ("anchors", event), name
        for condition, name in self.conditions.items():
            yield ("conditions", condition), name
        if self.date_of_birth is not None:
            yield ("date_of_birth",), self.date_of_birth
        for name in self.columns:
            yield ("columns", name), name

    def indexed_columns(self) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Columns a lookup or a retention run filters on: each needs an index."""
        for path, name in self.used_columns():
            if path[0] in ("identities", "relations", "anchors"):
                yield path, name


class System(Model):
    name: Name
    connector: Name = "sql"
    url: str = Field(min_length=1)
    options: dict[str, Any] = {}
    description: str | None = None
    datasets: list[Dataset] = []

    def dataset(self, name: str) -> Dataset:
        for dataset in self.datasets:
            if dataset.name == name:
                return dataset
        raise KeyError(name)


class HandledOutside(Model):
    """A policy retention rule enforced outside dataward (a vendor's setting, a manual task)."""

    rule: PolicyId
    reason: str = Field(min_length=1)


class IdentitySettings(Model):
    default_region: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None


class Inventory(Model):
    version: Literal[1] = 1
    identity: IdentitySettings = IdentitySettings()
    systems: list[System] = []
    handled_outside: list[HandledOutside] = []

    def system(self, name: str) -> System:
        for system in self.systems:
            if system.name == name:
                return system
        raise KeyError(name)

    def dataset(self, address: DatasetAddress) -> Dataset:
        return self.system(address.system).dataset(address.dataset)

    def datasets(self) -> Iterator[tuple[DatasetAddress, Dataset]]:
        for system in self.systems:
            for dataset in system.datasets:
                yield DatasetAddress(system.name, dataset.name), dataset
