from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from dataward.cli.inventory import app
from dataward.inventory.fides import FidesError, import_fides, read_fides
from dataward.inventory.fides_export import dump_fides, export_fides
from dataward.inventory.loader import dump_inventory, load_inventory, parse_inventory
from dataward.inventory.model import DatasetAddress, Inventory
from dataward.inventory.taxonomy import TaxonomyMap
from dataward.policy.model import Policy
from tests.inventory.conftest import POLICY_FILE
from tests.inventory.shop import FIXTURES, create_shop
from tests.inventory.test_loader import VALID

SHOP_FIDES = FIXTURES / "shop_fides.yml"
runner = CliRunner()


def fides_document(path: Path = SHOP_FIDES) -> Any:
    return YAML(typ="safe").load(path.read_text("utf-8"))


def imported(policy: Policy, url: str = "sqlite:///shop.db") -> Inventory:
    conversion = import_fides(read_fides(fides_document()), url, TaxonomyMap(policy))
    assert conversion.warnings == []
    return conversion.value


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def test_import_maps_collections_fields_identities_and_references(policy: Policy) -> None:
    inventory = imported(policy)
    [system] = inventory.systems
    assert system.name == "shop_db"
    customer = inventory.dataset(DatasetAddress("shop_db", "customer"))
    assert customer.activities == ["customer_accounts"]
    assert customer.primary_key == ["id"]
    assert [(item.column, item.kind) for item in customer.identities] == [
        ("email", "email"),
        ("phone", "phone"),  # fides' phone_number
    ]
    assert customer.columns["email"].category == "contact_details"
    assert customer.columns["address_id"].category is None  # system.operations
    # direction "from": the referencing collection is looked up by the referenced values.
    orders = inventory.dataset(DatasetAddress("shop_db", "orders"))
    assert [(r.column, r.matches) for r in orders.relations] == [("customer_id", "customer.id")]
    # direction "to": the referenced collection is looked up by this field's values.
    address = inventory.dataset(DatasetAddress("shop_db", "address"))
    assert [(r.column, r.matches) for r in address.relations] == [
        ("id", "customer.address_id"),
        ("id", "employee.address_id"),
        ("id", "orders.shipping_address_id"),
    ]
    employee = inventory.dataset(DatasetAddress("shop_db", "employee"))
    assert employee.activities == ["staff_administration"]  # its data use: employment
    card = inventory.dataset(DatasetAddress("shop_db", "payment_card"))
    assert card.columns["card_number"].category == "payment_data"  # via user.financial


def test_import_warns_about_fides_keys_the_policy_does_not_map() -> None:
    document = fides_document()
    conversion = import_fides(read_fides(document), "sqlite://", TaxonomyMap(None), "shop")
    assert (
        "shop_db.customer.email: no policy data category lists fides key 'user.contact.email'; "
        "wrote 'user_contact_email': add it to the policy or change the inventory"
    ) in conversion.warnings
    customer = conversion.value.dataset(DatasetAddress("shop_db", "customer"))
    assert customer.columns["email"].category == "user_contact_email"
    assert customer.activities == ["shop"]


def test_import_rejects_what_fideslang_rejects() -> None:
    document = fides_document()
    document["dataset"][0]["fides_key"] = "shop db"
    document["dataset"][0]["collections"][1]["fields"][0]["fides_meta"] = {"identity": 3}
    with pytest.raises(FidesError) as caught:
        read_fides(document)
    assert len(caught.value.problems) == 2
    assert caught.value.problems[0].startswith("dataset shop db: fides_key: ")


def test_round_trip_export_import_is_lossless(policy: Policy) -> None:
    inventory = parse_inventory(VALID)
    conversion = export_fides(inventory, TaxonomyMap(policy))
    assert conversion.warnings == []
    text = dump_fides(conversion.value)
    assert "${BILLING_DB_PASSWORD}" in text
    datasets = read_fides(YAML(typ="safe").load(text))  # valid for fideslang
    customers = datasets[0].collections[0]
    assert customers.data_uses == ["essential.service"]
    email = next(field for field in customers.fields if field.name == "email")
    assert email.data_categories == ["user.contact.email", "user.contact.phone_number"]
    assert email.fides_meta is not None and email.fides_meta.identity == "email"
    again = import_fides(datasets, None, TaxonomyMap(policy)).value
    assert again == inventory


def test_exported_references_are_fides_references(policy: Policy) -> None:
    conversion = export_fides(parse_inventory(VALID), TaxonomyMap(policy))
    lake = conversion.value[1]
    field = next(f for f in lake.collections[0].fields if f.name == "customer_id")
    assert field.fides_meta is not None and field.fides_meta.references is not None
    [reference] = field.fides_meta.references
    assert (reference.dataset, reference.field, reference.direction) == (
        "billing",
        "customers.id",
        "from",
    )


ANCHORS = {
    "customer": {"relationship_end": "closed_at"},
    "login": {"generated": "logged_in_at"},
    "employee": {"employment_end": "left_at"},
}


def annotate(inventory: Inventory) -> str:
    """What a person adds after importing: anchors, and the rules handled elsewhere."""
    system = inventory.systems[0]
    datasets = [
        dataset.model_copy(update={"anchors": ANCHORS.get(dataset.name, {})})
        for dataset in system.datasets
    ]
    systems = [system.model_copy(update={"datasets": datasets})]
    text = dump_inventory(inventory.model_copy(update={"systems": systems}))
    return text + (
        "handled_outside:\n"
        "  - {rule: cdr_end_user_contact, reason: The shop sends no messages.}\n"
        "  - {rule: cdr_metadata, reason: The shop sends no messages.}\n"
    )


def test_import_check_and_round_trip_on_real_databases(
    any_database_url: str, write_file: Callable[[str, str], Path]
) -> None:
    create_shop(any_database_url)
    inventory_file = write_file("inventory.yaml", "")
    policy = str(POLICY_FILE)
    invoke("import-fides", str(SHOP_FIDES), "--url", any_database_url, "-p", policy, "-o",
           str(inventory_file))  # fmt: skip

    result = runner.invoke(app, ["check", "-i", str(inventory_file), "-p", policy])
    errors = [line for line in result.output.splitlines() if line.startswith("error")]
    assert result.exit_code == 1
    # The database matches the fides dataset; only what fides cannot say is missing.
    assert [line.split("'")[1] for line in errors] == [
        "customer_data",
        "usage_logs",
        "staff_records",
        "cdr_end_user_contact",
        "cdr_metadata",
    ]

    inventory_file.write_text(annotate(load_inventory(inventory_file)), "utf-8")
    output = invoke("check", "-i", str(inventory_file), "-p", policy)
    assert output.splitlines()[-1] == "1 system, 9 datasets: ok"

    fides_file = write_file("fides.yml", "")
    invoke("export", "--format", "fides", "-i", str(inventory_file), "-p", policy, "-o",
           str(fides_file))  # fmt: skip
    again_file = write_file("again.yaml", "")
    invoke("import-fides", str(fides_file), "-p", policy, "-o", str(again_file))
    assert load_inventory(again_file) == load_inventory(inventory_file)
