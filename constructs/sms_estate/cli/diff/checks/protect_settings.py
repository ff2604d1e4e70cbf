"""Protect-setting rules: the account default protect configuration and per-number overrides (issue 19).

Why security: the account default decides which country rules guard every send that names no configuration
set (Cognito's direct path among them), and an override lets one number through a country block, or
blocks it. Either is a change to what the account lets out, so every add, change and removal is reviewed.
Findings name numbers by their last four digits only: a diff report is pasted into pull requests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sms_estate.cli.diff.checks.shared import listed
from sms_estate.cli.diff.rules import Finding, Severity, rule
from sms_estate.cli.diff.templates import ResourceChange, ResourceState
from sms_runtime.contract import (
    ACCOUNT_DEFAULT_PROTECT_TYPE,
    PROTECT_NUMBER_OVERRIDES_TYPE,
    AccountDefaultProtectProps,
    NumberOverrideKeys,
    ProtectNumberOverridesProps,
)


def _label(change: ResourceChange, state: ResourceState | None) -> str:
    """The protect configuration a revision names: its logical ID when a ``Fn::GetAtt``, else the literal."""
    if state is None:
        return "none"
    value = state.properties.get(AccountDefaultProtectProps.PROTECT_CONFIGURATION_ID)
    if isinstance(value, Mapping) and "Fn::GetAtt" in value:
        return str(value["Fn::GetAtt"][0])
    return change.label(value)


@rule(
    "SMS-SEC8",
    Severity.SECURITY,
    "account default protect configuration changed",
    "The account default protect configuration (which guards sends that name no configuration set) is set, "
    "moves to another configuration, or is handed back to the default found before the first deploy.",
)
def account_default_changed(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type != ACCOUNT_DEFAULT_PROTECT_TYPE:
        return
    if change.new is None:
        yield Finding(
            f"account default protect configuration {_label(change, change.old)} handed back to the previous one"
        )
    elif change.old is None or change.kind == "renamed":
        yield Finding(f"account default protect configuration becomes {_label(change, change.new)}")
    elif change.changed_properties():
        old, new = _label(change, change.old), _label(change, change.new)
        yield Finding(f"account default protect configuration moves from {old} to {new}")


def _overrides(state: ResourceState | None) -> dict[str, tuple[Any, Any]]:
    """Declared overrides by masked number: (action, expiry)."""
    if state is None:
        return {}
    entries = state.properties.get(ProtectNumberOverridesProps.OVERRIDES)
    found = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, Mapping):
            number = str(entry.get(NumberOverrideKeys.DESTINATION_PHONE_NUMBER, ""))
            found["…" + number[-4:]] = (
                entry.get(NumberOverrideKeys.ACTION),
                entry.get(NumberOverrideKeys.EXPIRATION_TIMESTAMP),
            )
    return found


@rule(
    "SMS-SEC9",
    Severity.SECURITY,
    "protect number overrides changed",
    "A per-number ALLOW/BLOCK override of a protect configuration is added, changes (action or expiry) or is "
    "removed; numbers are shown by their last four digits.",
)
def number_overrides_changed(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type != PROTECT_NUMBER_OVERRIDES_TYPE:
        return
    old, new = _overrides(change.old), _overrides(change.new)
    added = [f"{n} {new[n][0]}" for n in new if n not in old]
    changed = [f"{n} {old[n][0]}→{new[n][0]}" for n in new if n in old and old[n] != new[n]]
    removed = sorted(n for n in old if n not in new)
    parts = [f"added {listed(added, 5)}"] if added else []
    parts += [f"changed {listed(changed, 5)}"] if changed else []
    parts += [f"removed {listed(removed, 5)}"] if removed else []
    if parts:
        yield Finding(f"protect number overrides of {change.name}: {'; '.join(parts)}")
