"""The registry: built-ins listed explicitly, settings validated at load, extensible."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

import pytest

from dataward.redact import (
    BUILTINS,
    Detector,
    DetectorConfig,
    DetectorRegistry,
    Entity,
    SettingsError,
    build_redactor,
)
from dataward.redact.detectors.names import ModelUnavailable
from dataward.redact.model import Finding


class TicketRefConfig(DetectorConfig):
    prefix: str = "CUST"


class CustomerRefDetector(Detector[TicketRefConfig]):
    """A company's own customer references, as a third party would add one."""

    name = "customer_ref"
    entity = Entity.IDENTIFIER
    config_model: ClassVar[type[DetectorConfig]] = TicketRefConfig

    def find(self, text: str) -> Iterator[Finding]:
        for match in re.finditer(rf"\b{re.escape(self.config.prefix)}-\d{{6}}\b", text):
            yield self.finding(match.start(), match.end())


def test_builtins_have_unique_names_and_typed_configs() -> None:
    names = [cls.name for cls in BUILTINS]
    assert len(names) == len(set(names))
    assert all(issubclass(cls.config_model, DetectorConfig) for cls in BUILTINS)


def test_unknown_detector_and_bad_options_fail_at_load() -> None:
    registry = DetectorRegistry()
    with pytest.raises(SettingsError, match="unknown detectors \\['phones'\\]"):
        registry.build({"phones": {}})
    with pytest.raises(SettingsError, match="unknown phone regions"):
        registry.build({"phone": {"regions": ["XX"]}})
    with pytest.raises(SettingsError, match="extra"):
        registry.build({"email": {"colour": "red"}})
    with pytest.raises(SettingsError, match="unknown national id formats"):
        registry.build({"national_id": {"formats": ["mars_id"]}})


def test_disabled_detectors_are_left_out() -> None:
    built = DetectorRegistry().build({"email": {"enabled": False}}, names="off")
    assert "email" not in [d.name for d in built]
    assert "person_name" not in [d.name for d in built]


def test_a_third_party_detector_registers_like_a_builtin() -> None:
    registry = DetectorRegistry()
    registry.register(CustomerRefDetector)
    redactor = build_redactor({"customer_ref": {"prefix": "ACME"}}, names="off", registry=registry)
    assert redactor.redact("ticket of ACME-004211").text == "ticket of <IDENTIFIER>"


def test_names_on_without_the_model_says_how_to_get_it() -> None:
    with pytest.raises(ModelUnavailable, match="not installed"):
        DetectorRegistry().build({"person_name": {"model": "no_such_model_xyz"}}, names="on")
    built = DetectorRegistry().build({"person_name": {"model": "no_such_model_xyz"}})
    assert "person_name" not in [d.name for d in built]  # auto: quietly left out
