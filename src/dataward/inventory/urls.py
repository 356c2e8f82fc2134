"""Connection URLs: ``${ENV_VAR}`` interpolation at connect time, and masking for display.

The inventory keeps the template (``postgresql://app:${DB_PASSWORD}@db/app``); the secret
is read from the environment only when a connector opens, so exporting or printing the
inventory can never leak it. Any URL shown to a person goes through :func:`mask_url`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_USERINFO_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*:)[^@\s]*@")


class MissingVariable(ValueError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"environment variable {name} is not set")


def variables(template: str) -> list[str]:
    return _VARIABLE.findall(template)


def interpolate(template: str, environ: Mapping[str, str]) -> str:
    """Replace each ``${NAME}`` with ``environ[NAME]``; a missing name is an error."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in environ:
            raise MissingVariable(name)
        return environ[name]

    return _VARIABLE.sub(value, template)


def mask_url(url: str) -> str:
    """The URL with any password replaced by ``***`` (templates keep their ``${NAME}``)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return _USERINFO_PASSWORD.sub(r"\g<head>***@", url)
    if parsed.password is None:
        return url
    return parsed.render_as_string(hide_password=True)


def scrub(text: str, secrets: list[str]) -> str:
    """Remove secrets from a message (a driver error may echo the DSN it failed with)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def secrets_of(url: str) -> list[str]:
    """The parts of a resolved URL that must never be shown: its password."""
    try:
        password = make_url(url).password
    except ArgumentError:
        return []
    return [str(password)] if password else []
