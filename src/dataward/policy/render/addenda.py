"""Country addenda: per jurisdiction, the authority, the response deadline and local rights.

The facts come from the requests part's jurisdiction table; the renderer only needs their
shape (:class:`CountryAddendum`), so the policy package does not depend on requests. A
deadline that is the company's default rather than the law's says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from dataward.policy.render.document import Item, Section, bullets, item, para, section


class CountryAddendum(Protocol):
    # Read-only, so frozen dataclasses satisfy it.
    @property
    def name(self) -> str: ...
    @property
    def law(self) -> str: ...
    @property
    def authority(self) -> str: ...
    @property
    def deadline(self) -> str: ...
    @property
    def basis(self) -> str: ...  # "law" or "policy"
    @property
    def extension(self) -> str: ...
    @property
    def local_rights(self) -> tuple[str, ...]: ...


def _addendum_item(addendum: CountryAddendum) -> Item:
    deadline = f"We answer requests within {addendum.deadline}"
    deadline += " (the law's deadline)" if addendum.basis == "law" else " (our own deadline)"
    if addendum.extension:
        deadline += f", extendable by {addendum.extension.removeprefix('up to ')} where allowed"
    parts = [f"Law: {addendum.law}.", f"Authority: {addendum.authority}.", f"{deadline}."]
    if addendum.local_rights:
        parts.append(f"Rights specific to this law: {', '.join(addendum.local_rights)}.")
    return item(" ".join(parts), label=addendum.name)


def addenda_section(addenda: Sequence[CountryAddendum]) -> Section:
    return section(
        "country-addenda",
        "Country addenda",
        para(
            "Where a local law applies to you, it sets who supervises us, how fast we must "
            "answer a request about your personal data, and any rights beyond those above."
        ),
        bullets(_addendum_item(addendum) for addendum in addenda),
    )
