"""``policy export --format fides``: a manifest fideslang reads back, one system per activity."""

from __future__ import annotations

from pathlib import Path

import pytest
from fideslang import DEFAULT_TAXONOMY
from fideslang.manifests import load_yaml_into_dict
from fideslang.models import System, Taxonomy
from fideslang.parse import load_manifests_into_taxonomy
from typer.testing import CliRunner

from dataward.cli.main import app
from dataward.policy import Policy, load_policy
from dataward.policy.fides_export import DEFAULT_DATA_USE, LEGAL_BASES, build_fides
from dataward.policy.model import Role
from tests.policy.record_cases import load, records_policy, write

runner = CliRunner()


def _read_back(path: Path) -> Taxonomy:
    """Parse the file the way ``fides`` does: its own YAML loader, then its models."""
    return load_manifests_into_taxonomy(load_yaml_into_dict(str(path)))


def _systems(taxonomy: Taxonomy) -> dict[str, System]:
    return {system.fides_key: system for system in taxonomy.system}


@pytest.fixture(scope="module")
def default_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Policy, Taxonomy, str]:
    target = tmp_path_factory.mktemp("fides") / "fides.yml"
    result = runner.invoke(app, ["policy", "export", "--format", "fides", "-o", str(target)])
    assert result.exit_code == 0, result.output
    return load_policy(), _read_back(target), result.stderr


def test_round_trip_has_every_activity_with_its_keys(
    default_export: tuple[Policy, Taxonomy, str],
) -> None:
    policy, taxonomy, _ = default_export
    systems = _systems(taxonomy)
    assert list(systems) == [activity.id for activity in policy.activities]
    categories = {category.id: category.fides_keys for category in policy.data_categories}
    for activity in policy.activities:
        system = systems[activity.id]
        assert system.name == activity.name
        assert system.organization_fides_key == taxonomy.organization[0].fides_key
        role = "Processor" if activity.role is Role.processor else "Controller"
        assert system.responsibility == [role]
        expected_categories = {key for c in activity.data_categories for key in categories[c]}
        declarations = sorted(system.privacy_declarations, key=lambda d: d.name or "")
        purposes = sorted(activity.purposes, key=lambda p: p.description.rstrip("."))
        assert len(declarations) == len(purposes)
        for declaration, purpose in zip(declarations, purposes, strict=True):
            assert declaration.name == purpose.description.rstrip(".")
            defaults = {DEFAULT_DATA_USE, "essential.legal_obligation"}
            assert declaration.data_use in ({purpose.fides_use} if purpose.fides_use else defaults)
            assert declaration.legal_basis_for_processing == LEGAL_BASES[purpose.legal_basis]
            assert declaration.flexible_legal_basis_for_processing is False
            assert expected_categories <= set(declaration.data_categories)
            assert declaration.data_subjects
            for rule in activity.retention:
                assert rule.description.rstrip(" .") in (declaration.retention_period or "")


def test_every_exported_key_is_in_fideslang_taxonomy(
    default_export: tuple[Policy, Taxonomy, str],
) -> None:
    _, taxonomy, _ = default_export
    custom_subjects = {item.fides_key for item in taxonomy.data_subject}
    known = {
        "category": {item.fides_key for item in DEFAULT_TAXONOMY.data_category},
        "use": {item.fides_key for item in DEFAULT_TAXONOMY.data_use},
        # A subject with no fideslang key is declared in the manifest as a custom subject.
        "subject": {item.fides_key for item in DEFAULT_TAXONOMY.data_subject} | custom_subjects,
    }
    for system in taxonomy.system:
        for declaration in system.privacy_declarations:
            assert set(declaration.data_categories) <= known["category"]
            assert declaration.data_use in known["use"]
            assert set(declaration.data_subjects) <= known["subject"]


def test_organization_is_the_controller(default_export: tuple[Policy, Taxonomy, str]) -> None:
    policy, taxonomy, _ = default_export
    [organization] = taxonomy.organization
    assert organization.name == policy.controller.name
    assert organization.controller is not None
    assert organization.controller.address == policy.controller.address
    assert organization.data_protection_officer is not None
    assert organization.data_protection_officer.email == policy.dpo.email


def test_defaults_are_reported_on_stderr(default_export: tuple[Policy, Taxonomy, str]) -> None:
    policy, _, stderr = default_export
    missing = [subject.id for subject in policy.subject_categories if subject.fides_key is None]
    for subject_id in missing:
        assert f"default: subject category {subject_id}: no fideslang key" in stderr


def test_defaults_for_missing_keys() -> None:
    document = records_policy()
    document["data_categories"][0]["fides_keys"] = []
    purposes = document["activities"][1]["purposes"]
    purposes[0].pop("fides_use")
    purposes.append(
        {"id": "records", "description": "Keep records.", "legal_basis": "legal_obligation"}
    )
    exported = build_fides(load(document))
    assert exported.defaults == (
        "data category contact: no fideslang key, exported as 'user'",
        "purpose marketing.newsletter: no fideslang key, exported as 'operations'",
        "purpose marketing.records: no fideslang key, exported as 'essential.legal_obligation'",
        "subject category end_user: no fideslang key, exported as 'custom data subject end_user'",
    )
    systems = _systems(exported.taxonomy)
    uses = {d.name: d.data_use for d in systems["marketing"].privacy_declarations}
    assert uses == {
        "Send newsletters": DEFAULT_DATA_USE,
        "Keep records": "essential.legal_obligation",
    }
    assert systems["content"].privacy_declarations[0].data_subjects == ["end_user"]
    [custom] = exported.taxonomy.data_subject
    name = document["subject_categories"][1]["name"]
    assert (custom.fides_key, custom.name) == ("end_user", name)


def test_transfers_recipients_and_processor_role() -> None:
    systems = _systems(build_fides(load(records_policy())).taxonomy)
    marketing, content = systems["marketing"], systems["content"]
    assert marketing.does_international_transfers is True
    assert marketing.legal_basis_for_transfers == ["SCCs"]
    [declaration] = marketing.privacy_declarations
    assert declaration.data_shared_with_third_parties is True
    assert declaration.third_parties == "Acme Mailer (processor)"
    assert marketing.data_security_practices == "Certified to ISO 27001."
    assert content.does_international_transfers is False  # hosting is in Germany
    assert content.responsibility == ["Processor"]
    assert "customer's instructions" in (content.privacy_declarations[0].retention_period or "")


def test_cli_writes_to_stdout_without_output(tmp_path: Path) -> None:
    policy = write(tmp_path / "policy.yaml", records_policy())
    result = runner.invoke(app, ["policy", "export", str(policy)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Fides manifest written by `dataward policy export`")
    target = tmp_path / "out.yml"
    target.write_text(result.stdout, "utf-8")
    assert list(_systems(_read_back(target))) == ["accounts", "marketing", "content"]
    expected = "subject category end_user: no fideslang key, exported as 'custom data subject"
    assert expected in result.stderr
