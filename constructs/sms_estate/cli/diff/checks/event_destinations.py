"""Event destination rules: a destination removed or disabled, or receiving fewer event types."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sms_estate.cli.diff.checks.shared import (
    CONFIGURATION_SET,
    ack_id,
    listed,
    replaced_by,
)
from sms_estate.cli.diff.rules import Finding, Severity, rule
from sms_estate.cli.diff.templates import ResourceChange, ResourceState


def _destinations(state: ResourceState | None) -> dict[str, Mapping[str, Any]]:
    if state is None:
        return {}
    found = state.properties.get("EventDestinations") or []
    return {str(d.get("EventDestinationName")): d for d in found if isinstance(d, dict)}


def _events(destination: Mapping[str, Any]) -> str:
    return listed(destination.get("MatchingEventTypes") or [], limit=2)


@rule(
    "SMS-D5",
    Severity.DESTRUCTIVE,
    "event destination removed",
    "An event destination is removed or disabled (or its configuration set goes): those events are lost.",
)
def event_destination_lost(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type != CONFIGURATION_SET:
        return
    old = _destinations(change.old)
    whole_set_goes = change.goes_away or bool(replaced_by(change))
    new = {} if whole_set_goes else _destinations(change.new)
    set_name = change.name
    for name, destination in sorted(old.items()):
        if destination.get("Enabled") is False:
            continue
        where = f"{set_name}/{name}"
        if name not in new:
            yield Finding(
                f"event destination {where} will be REMOVED: its {_events(destination)} events are lost",
                ack_id("remove", change, where, "event-destination"),
            )
        elif new[name].get("Enabled") is False:
            yield Finding(
                f"event destination {where} will be DISABLED: its {_events(destination)} events are lost",
                ack_id("disable", change, where, "event-destination"),
            )


@rule(
    "SMS-W5",
    Severity.WARNING,
    "event destination narrowed",
    "An event destination stops receiving some event types.",
)
def event_types_narrowed(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type != CONFIGURATION_SET or change.kind != "changed":
        return
    new = _destinations(change.new)
    for name, destination in sorted(_destinations(change.old).items()):
        if name in new and new[name].get("Enabled") is not False:
            dropped = set(destination.get("MatchingEventTypes") or []) - set(new[name].get("MatchingEventTypes") or [])
            if dropped:
                yield Finding(f"event destination {change.name}/{name} stops receiving {listed(dropped)}")
