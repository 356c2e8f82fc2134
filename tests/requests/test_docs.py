"""docs/requests.md shows the deadline tables as the data gives them, and every config key."""

from __future__ import annotations

from pathlib import Path

import pytest

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
