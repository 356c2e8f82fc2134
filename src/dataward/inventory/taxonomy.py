"""Translating between fideslang keys and the policy's own ids.

Fides labels fields with taxonomy keys (``user.contact.email``) and collections with data
uses (``essential.service``); dataward's inventory names policy ids (``contact_details``,
``customer_accounts``). The policy records the fides keys of each data category and the
fides use of each purpose, so the mapping is read from the policy, most specific first.
"""

from __future__ import annotations

from collections.abc import Iterable

from dataward.policy.model import Policy


def _ancestors(key: str) -> list[str]:
    """``a.b.c`` → ``[a.b.c, a.b, a]``: the key, then each broader key."""
    parts = key.split(".")
    return [".".join(parts[:size]) for size in range(len(parts), 0, -1)]


class TaxonomyMap:
    def __init__(self, policy: Policy | None) -> None:
        self._categories: dict[str, str] = {}
        self._category_keys: dict[str, list[str]] = {}
        self._uses: dict[str, str] = {}
        self._activity_uses: dict[str, list[str]] = {}
        if policy is None:
            return
        for category in policy.data_categories:
            self._category_keys[category.id] = list(category.fides_keys)
            for key in category.fides_keys:
                self._categories.setdefault(key, category.id)
        for activity in policy.activities:
            uses = [purpose.fides_use for purpose in activity.purposes if purpose.fides_use]
            self._activity_uses[activity.id] = uses
            for use in uses:
                self._uses.setdefault(use, activity.id)

    def category(self, fides_keys: Iterable[str]) -> str | None:
        """The policy category of the first key that has one (exact key, else broader)."""
        for key in fides_keys:
            for candidate in _ancestors(key):
                if candidate in self._categories:
                    return self._categories[candidate]
        return None

    def activities(self, fides_uses: Iterable[str]) -> list[str]:
        found: list[str] = []
        for use in fides_uses:
            for candidate in _ancestors(use):
                activity = self._uses.get(candidate)
                if activity is not None:
                    if activity not in found:
                        found.append(activity)
                    break
        return found

    def fides_categories(self, category: str) -> list[str]:
        return self._category_keys.get(category, [])

    def fides_uses(self, activity: str) -> list[str]:
        return self._activity_uses.get(activity, [])


def is_personal(fides_key: str) -> bool:
    """fideslang's ``system.*`` keys label operational data; everything else is about people."""
    return not fides_key.startswith("system")
