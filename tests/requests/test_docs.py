"""docs/requests.md shows the deadline tables as the data gives them, every config key and
every route."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.routing import APIRoute

from dataward.api.routers import requests as public_requests
from dataward.api.routers import staff_requests
from dataward.requests.config import RequestsConfig
from dataward.requests.jurisdictions.report import markdown_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "requests.md"


@pytest.mark.parametrize("kind", ["access", "erasure"])
def test_deadline_table_is_generated_from_the_data(kind: str) -> None:
    text = DOC.read_text("utf-8")
    start, end = f"<!-- deadlines:{kind} -->\n", f"\n<!-- /deadlines:{kind} -->"
    assert text[text.index(start) + len(start) : text.index(end)] == markdown_table(kind)


@pytest.mark.parametrize("key", sorted(RequestsConfig.model_fields))
def test_every_config_key_is_documented(key: str) -> None:
    assert f"| `{key}` |" in DOC.read_text("utf-8")


ROUTERS = [public_requests.router, staff_requests.router]
ROUTES = sorted(
    (method, re.sub(r"\{\w+\}", "{id}", route.path))
    for router in ROUTERS
    for route in router.routes
    if isinstance(route, APIRoute)
    for method in route.methods
)


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_every_route_is_in_the_staff_or_public_tables(method: str, path: str) -> None:
    text = DOC.read_text("utf-8")
    assert f"{method} {path}" in text, f"{method} {path} is not in docs/requests.md"
