from __future__ import annotations

import pytest

from dataward.inventory.urls import (
    MissingVariable,
    interpolate,
    mask_url,
    scrub,
    secrets_of,
    variables,
)


def test_variables_are_filled_from_the_environment() -> None:
    template = "postgresql+psycopg://${DB_USER}:${DB_PASSWORD}@db/app"
    assert variables(template) == ["DB_USER", "DB_PASSWORD"]
    environ = {"DB_USER": "app", "DB_PASSWORD": "p@ss:w/rd"}
    assert interpolate(template, environ) == "postgresql+psycopg://app:p@ss:w/rd@db/app"
    assert interpolate("sqlite:///plain.db", {}) == "sqlite:///plain.db"


def test_a_missing_variable_is_named() -> None:
    with pytest.raises(MissingVariable, match="environment variable DB_PASSWORD is not set"):
        interpolate("mysql+pymysql://app:${DB_PASSWORD}@db/app", {})


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg://app:secret@db:5432/app", "postgresql+psycopg://app:***@db:5432/app"),
        ("mysql+pymysql://app:${DB_PASSWORD}@db/app", "mysql+pymysql://app:***@db/app"),
        ("postgresql://app@db/app", "postgresql://app@db/app"),
        ("sqlite:////var/data/app.db", "sqlite:////var/data/app.db"),
        ("/data/lake", "/data/lake"),
        ("weird://user:pw@host/x y", "weird://user:***@host/x y"),
    ],
)
def test_passwords_are_masked(url: str, shown: str) -> None:
    assert mask_url(url) == shown


def test_secrets_are_scrubbed_from_messages() -> None:
    url = "postgresql+psycopg://app:hunter2@db/app"
    assert secrets_of(url) == ["hunter2"]
    assert scrub('password "hunter2" rejected', secrets_of(url)) == 'password "***" rejected'
    assert secrets_of("/data/lake") == []
