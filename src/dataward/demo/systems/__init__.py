"""The demo company's systems, each its own database, in the order they are built.

An explicit list, like the connector registry: a test or an extension builds a different
company by passing another list to :func:`dataward.demo.build.build_demo`.
"""

from __future__ import annotations

from collections.abc import Callable

from dataward.demo.spec import SystemSpec
from dataward.demo.systems import (
    analytics,
    crm,
    events,
    facilities,
    marketing,
    messaging,
    procurement,
    recruiting,
    research,
    social_impact,
    support,
)
from dataward.demo.world import World

SystemBuilder = Callable[[World], SystemSpec]

SYSTEMS: tuple[SystemBuilder, ...] = (
    messaging.system,
    analytics.system,
    support.system,
    marketing.system,
    events.system,
    recruiting.system,
    procurement.system,
    research.system,
    social_impact.system,
    facilities.system,
    crm.system,
)
