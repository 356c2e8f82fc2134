"""Each test gets its own app, built by the same factory the server uses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dataward.api import ApiSettings, create_app
from dataward.policy import Policy, parse_policy
from tests.api.testclient import TestClient
from tests.policy.factories import minimal_policy, to_yaml


@pytest.fixture
def policy() -> Policy:
    return parse_policy(to_yaml(minimal_policy()))


@pytest.fixture
def client(policy: Policy) -> Iterator[TestClient]:
    with TestClient(create_app(ApiSettings(), policy)) as client:
        yield client
