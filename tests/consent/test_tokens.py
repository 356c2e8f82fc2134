"""Signed one-click unsubscribe tokens: genuine, forged, damaged, expired."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from dataward.consent import ContactHasher, TokenError
from dataward.consent.tokens import list_unsubscribe_headers, one_click_url, read_token, sign_token
from dataward.inventory.identity import Identity

HASHER = ContactHasher(bytes(range(32)))
ANA = Identity("email", "ana@example.com")
LATER = datetime.now(UTC) + timedelta(days=30)


def test_a_genuine_token_names_its_contact() -> None:
    assert read_token(HASHER, sign_token(HASHER, ANA, LATER)) == ANA


@pytest.mark.parametrize(
    ("tamper", "words"),
    [
        (
            lambda token: token.replace(token.split(".")[0], "cGhvbmU6KzM4NTkxMTIzNDU2Nw"),
            "not issued",
        ),
        (lambda token: token.rsplit(".", 1)[0] + ".AAAAAAAAAAAAAAAAAAAAAA", "not issued"),
        (lambda token: token + ".x", "damaged"),
        (lambda token: sign_token(ContactHasher(b"k" * 32), ANA, LATER), "not issued"),
    ],
)
def test_a_forged_or_damaged_token_is_refused(tamper: Callable[[str], str], words: str) -> None:
    with pytest.raises(TokenError) as raised:
        read_token(HASHER, tamper(sign_token(HASHER, ANA, LATER)))
    assert words in str(raised.value)
    assert not raised.value.expired


def test_an_expired_token_is_refused_as_expired() -> None:
    token = sign_token(HASHER, ANA, datetime.now(UTC) - timedelta(seconds=1))
    with pytest.raises(TokenError) as raised:
        read_token(HASHER, token)
    assert raised.value.expired


def test_the_headers_follow_rfc_8058() -> None:
    url = one_click_url("https://privacy.example.com/", "TOKEN")
    assert url == "https://privacy.example.com/api/v1/unsubscribe/one-click/TOKEN"
    assert list_unsubscribe_headers(url, "unsubscribe@example.com") == {
        "List-Unsubscribe": f"<{url}>, <mailto:unsubscribe@example.com>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
