from __future__ import annotations

from pathlib import Path

import pytest

from dataward.inventory.loader import dump_inventory, load_inventory, parse_inventory
from dataward.inventory.model import ColumnAddress, DatasetAddress, ErasureAction
from dataward.inventory.problems import InventoryError

VALID = """\
version: 1
identity: {default_region: HR}
systems:
  - name: billing
    connector: sql
    url: postgresql+psycopg://billing:${BILLING_DB_PASSWORD}@db.internal/billing
    options: {schema: public, connect_timeout: 5}
    datasets:
      - name: customers
        activities: [customer_accounts]
        primary_key: [id]
        identities:
          - {column: email, kind: email, subject: customer}
          - {column: id, kind: customer_id, subject: customer}
        anchors: {relationship_end: closed_at}
        columns:
          email: {category: contact_details}
          name: {category: person_name, erasure: pseudonymise}
          notes: {category: contact_details, free_text: true, erasure: null}
          closed_at: {}
  - name: lake
    connector: parquet
    url: /data/lake
    datasets:
      - name: cdr
        table: cdr_v2
        activities: [communications]
        erasure: null
        identities:
          - {column: destination_number, kind: phone, subject: end_user}
        relations:
          - {column: customer_id, matches: billing.customers.id, subject: customer}
        anchors: {communication: sent_at}
        columns:
          destination_number: {category: contact_details}
          duration_ms: {category: communication_metadata, erasure: delete}
handled_outside:
  - {rule: cdr_review, reason: The customer sets it in the console.}
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(InventoryError) as caught:
        parse_inventory(text, "inv.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_a_valid_inventory_loads() -> None:
    inventory = parse_inventory(VALID)
    customers = inventory.dataset(DatasetAddress("billing", "customers"))
    cdr = inventory.dataset(DatasetAddress("lake", "cdr"))
    assert inventory.identity.default_region == "HR"
    assert customers.erasure_of("name") is ErasureAction.pseudonymise
    assert customers.erasure_of("email") is ErasureAction.delete  # the dataset default
    assert customers.erasure_of("closed_at") is None  # listed, not personal
    assert cdr.table_name == "cdr_v2"
    assert cdr.erasure_of("destination_number") is ErasureAction.null
    assert cdr.erasure_of("duration_ms") is ErasureAction.delete
    assert cdr.relations[0].target("lake") == ColumnAddress("billing", "customers", "id")
    assert [str(address) for address, _ in inventory.datasets()] == [
        "billing.customers",
        "lake.cdr",
    ]


def test_yaml_null_and_the_string_null_both_mean_set_null() -> None:
    inventory = parse_inventory(VALID.replace("erasure: null}", "erasure: 'null'}"))
    customers = inventory.dataset(DatasetAddress("billing", "customers"))
    assert customers.erasure_of("notes") is ErasureAction.null
    assert customers.columns["notes"].free_text


def test_errors_name_file_line_system_dataset_and_field() -> None:
    text = VALID.replace(
        "name: {category: person_name, erasure: pseudonymise}", "name: {erasure: hash}"
    )
    [problem] = problems_of(text)
    assert problem.startswith("inv.yaml:18:18: ")
    assert "system 'billing', dataset 'customers', field 'columns.name.erasure'" in problem
    assert "'hash'" in problem


def test_unknown_keys_are_rejected_where_they_are() -> None:
    text = VALID.replace("        table: cdr_v2\n", "        table: cdr_v2\n        tabel: x\n")
    [problem] = problems_of(text)
    assert problem == (
        "inv.yaml:27:9: system 'lake', dataset 'cdr', field 'tabel': unknown key 'tabel' (got 'x')"
    )


def test_every_problem_is_reported_at_once() -> None:
    text = (
        VALID.replace("kind: email,", "kind: Email,")
        .replace("connector: parquet", "connector: spark")
        .replace("matches: billing.customers.id", "matches: billing.clients.id")
    )
    # Field errors first; cross-document checks run only on a structurally valid file.
    [problem] = problems_of(text)
    assert "field 'identities[0].kind'" in problem
    problems = problems_of(
        VALID.replace("connector: parquet", "connector: spark").replace(
            "matches: billing.customers.id", "matches: billing.clients.id"
        )
    )
    assert len(problems) == 2
    assert "system 'lake', field 'connector': unknown connector 'spark'" in problems[0]
    assert "dataset 'cdr', field 'relations[0].matches': no dataset 'clients'" in problems[1]


def test_connector_options_are_validated_by_the_connector() -> None:
    problems = problems_of(VALID.replace("connect_timeout: 5", "connect_timout: 5"))
    assert "inv.yaml:7:" in problems[0]
    assert "field 'options.connect_timout': unknown option for connector 'sql'" in problems[0]


def test_duplicate_names_and_keys() -> None:
    doubled = VALID.replace("  - name: lake\n", "  - name: billing\n")
    assert "system 'billing', field 'name': duplicate name" in problems_of(doubled)[0]
    twice = VALID.replace("version: 1\n", "version: 1\nversion: 1\n")
    assert "duplicate key" in problems_of(twice)[0]


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match=r"missing\.yaml:0:0: cannot read"):
        load_inventory(tmp_path / "missing.yaml")


def test_dump_round_trips_and_keeps_url_templates(tmp_path: Path) -> None:
    inventory = parse_inventory(VALID)
    text = dump_inventory(inventory)
    assert "${BILLING_DB_PASSWORD}" in text
    assert parse_inventory(text) == inventory


def test_cross_document_mistakes() -> None:
    problems = problems_of(
        VALID.replace("closed_at: {}", "closed_at: {erasure: delete}").replace(
            "matches: billing.customers.id", "matches: lake.cdr.customer_id"
        )
    )
    assert [problem.split(": ", 1)[1] for problem in problems] == [
        "system 'lake', dataset 'cdr', field 'relations[0].matches': a dataset cannot match "
        "itself (got 'lake.cdr.customer_id')",
        "system 'billing', dataset 'customers', field 'columns.closed_at.erasure': erasure is "
        "set but the column has no category",
    ]
