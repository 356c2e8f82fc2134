"""The detector registry: an explicit list of built-ins, extensible by users.

Built-ins register through :meth:`DetectorRegistry.register`, the same call a third party
uses. :meth:`DetectorRegistry.build` turns settings (detector name → options) into
configured detectors, validating every option before any text is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import ValidationError

from dataward.redact.base import Detector
from dataward.redact.detectors.address import AddressDetector
from dataward.redact.detectors.birth import DateOfBirthDetector
from dataward.redact.detectors.card import CardNumberDetector
from dataward.redact.detectors.checksum import IbanDetector, VatDetector
from dataward.redact.detectors.email import EmailDetector
from dataward.redact.detectors.ip import IpAddressDetector
from dataward.redact.detectors.names import ModelUnavailable, PersonNameDetector, model_installed
from dataward.redact.detectors.national_id import NationalIdDetector
from dataward.redact.detectors.phone import PhoneDetector

DetectorClass = type[Detector[Any]]
# Order matters only for equal scores on the same span: the earlier detector wins.
BUILTINS: tuple[DetectorClass, ...] = (
    EmailDetector,
    IbanDetector,
    VatDetector,
    NationalIdDetector,
    CardNumberDetector,
    PhoneDetector,
    IpAddressDetector,
    DateOfBirthDetector,
    AddressDetector,
    PersonNameDetector,
)
# Detectors that need an optional extra; "auto" includes them only when it is installed.
NamesMode = Literal["auto", "on", "off"]


class SettingsError(ValueError):
    """Settings name an unknown detector or give a detector invalid options."""


class DetectorRegistry:
    def __init__(self, classes: Iterable[DetectorClass] = BUILTINS) -> None:
        self._classes: dict[str, DetectorClass] = {}
        for cls in classes:
            self.register(cls)

    def register(self, cls: DetectorClass) -> None:
        """Add a detector class; one with the same ``name`` replaces the built-in."""
        self._classes[cls.name] = cls

    def names(self) -> list[str]:
        return list(self._classes)

    def get(self, name: str) -> DetectorClass:
        return self._classes[name]

    def build(
        self, settings: Mapping[str, Mapping[str, Any]] | None = None, names: NamesMode = "auto"
    ) -> list[Detector[Any]]:
        """Configured detectors, in registry order; disabled ones are left out.

        ``names`` governs the spaCy name detector: ``auto`` uses it when its model is
        installed, ``on`` requires it (raising :class:`ModelUnavailable`), ``off`` skips it.
        """
        settings = settings or {}
        unknown = sorted(set(settings) - set(self._classes))
        if unknown:
            raise SettingsError(f"unknown detectors {unknown}; known: {self.names()}")
        detectors = []
        for name, cls in self._classes.items():
            try:
                detector = cls.from_options(settings.get(name, {}))
            except ValidationError as error:
                raise SettingsError(f"detector {name!r}: {error}") from None
            if not detector.config.enabled:
                continue
            if isinstance(detector, PersonNameDetector):
                if names == "off":
                    continue
                installed = model_installed(detector.config.model)
                if names == "auto" and not installed:
                    continue
                if not installed:
                    raise ModelUnavailable(f"spaCy model {detector.config.model!r} not installed")
            detectors.append(detector)
        return detectors
