"""The routes in-process: policy JSON, introspection, the published notice."""

from __future__ import annotations

from pathlib import Path

import pytest

from dataward import __version__
from dataward.api import ApiSettings, create_app
from dataward.policy import Policy, PolicyError
from tests.api.testclient import TestClient
from tests.policy.factories import minimal_policy, to_yaml


def test_policy_as_json(client: TestClient, policy: Policy) -> None:
    response = client.get("/api/v1/policy")
    assert response.status_code == 200
    assert response.json() == policy.model_dump(mode="json")
    assert response.json()["activities"][0]["retention"][0]["offset"]["years"] == 7


def test_about_names_versions_and_loaded_components(client: TestClient) -> None:
    about = client.get("/api/v1/about").json()
    assert about["version"] == __version__
    assert about["policy"] == {
        "source": "default policy",
        "title": "Privacy notice",
        "version": "1.0",
        "last_updated": "2026-01-15",
        "activities": 1,
        "retention_rules": 1,
    }
    assert {"sql", "parquet"} <= set(about["components"]["connectors"])
    assert about["components"]["renderers"] == {"notice": ["md", "html"]}


def test_privacy_page_is_html(client: TestClient) -> None:
    response = client.get("/privacy")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.text.startswith("<!doctype html>")
    assert "seven (7) years after the end of our business relationship" in response.text


def test_privacy_markdown(client: TestClient) -> None:
    response = client.get("/privacy.md")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    assert response.text.startswith("# Privacy notice\n")


def test_just_in_time_text_links_back_to_the_page(client: TestClient) -> None:
    response = client.get("/privacy.md", params={"activity": "accounts"})
    assert response.status_code == 200
    assert "(/privacy#activity-accounts)" in response.text
    page = client.get("/privacy", params={"activity": "accounts"})
    assert '<a href="/privacy#activity-accounts">' in page.text


def test_unknown_activity_is_404_listing_ids(client: TestClient) -> None:
    response = client.get("/privacy", params={"activity": "nope"})
    assert response.status_code == 404
    assert response.json() == {"detail": "unknown activity 'nope'; expected one of: accounts"}


def test_openapi_lists_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/policy", "/api/v1/about", "/privacy", "/privacy.md"} <= set(paths)
    schema = paths["/api/v1/policy"]["get"]["responses"]["200"]["content"]["application/json"]
    assert schema["schema"] == {"$ref": "#/components/schemas/Policy"}


def test_policy_is_loaded_from_the_settings_path(tmp_path: Path) -> None:
    document = minimal_policy()
    document["metadata"]["version"] = "9.9"
    path = tmp_path / "policy.yaml"
    path.write_text(to_yaml(document), "utf-8")
    with TestClient(create_app(ApiSettings(policy_path=path))) as client:
        about = client.get("/api/v1/about").json()
    assert about["policy"]["version"] == "9.9"
    assert about["policy"]["source"] == str(path)


def test_a_broken_policy_fails_at_startup(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("metadata: {}\n", "utf-8")
    with pytest.raises(PolicyError):
        create_app(ApiSettings(policy_path=path))
