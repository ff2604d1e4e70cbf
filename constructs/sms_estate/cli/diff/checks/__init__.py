"""Diff rule modules, one per area. Importing this package registers every rule in ``rules.RULES``.

``AREAS`` is the order the areas run in (and so the order ``classify`` lists one change's
consequences before a report sorts them), whatever order the imports happen in. ``shared`` is not
an area: it names things for people and reads facts of a change for the areas.
"""

from types import ModuleType

from sms_estate.cli.diff.checks import (
    configuration_set_defaults,
    event_destinations,
    fallback,
    inbound,
    messaging,
    numbers,
    opt_out_lists,
    opt_out_sync,
    protect_settings,
    registrations,
    registry_fees,
    security,
    spend_limits,
)

AREAS: tuple[ModuleType, ...] = (
    numbers,
    registrations,
    registry_fees,
    opt_out_lists,
    opt_out_sync,
    inbound,
    event_destinations,
    configuration_set_defaults,
    spend_limits,
    protect_settings,
    messaging,
    security,
    fallback,
)

__all__ = ["AREAS"]
