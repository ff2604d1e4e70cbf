"""Configuration-set default rules (``SetDefaultMessageType``): set, changed or removed in place."""

from __future__ import annotations

from collections.abc import Iterable

from sms_estate.cli.diff.rules import Finding, Severity, rule
from sms_estate.cli.diff.templates import ResourceChange, ResourceState
from sms_runtime.contract import (
    CONFIGURATION_SET_DEFAULTS_TYPE,
    ConfigurationSetDefaultsProps,
)


def _default_message_type(state: ResourceState | None) -> str:
    value = state.properties.get(ConfigurationSetDefaultsProps.DEFAULT_MESSAGE_TYPE) if state is not None else None
    return str(value) if value else "the API default"


@rule(
    "SMS-I3",
    Severity.INFO,
    "default message type",
    "A configuration set's default message type is set, changed or removed: applied in place by API call "
    "(removal restores the API default); nothing is deleted.",
)
def default_message_type_changed(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type != CONFIGURATION_SET_DEFAULTS_TYPE:
        return
    before, after = _default_message_type(change.old), _default_message_type(change.new)
    if before != after:
        config_set = change.label(change.current.properties.get(ConfigurationSetDefaultsProps.CONFIGURATION_SET_NAME))
        yield Finding(f"configuration set {config_set}: default message type {before} -> {after}, set in place")
