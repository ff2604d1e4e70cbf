"""Opt-out sync rules: the sync turned off, a list taken out of it, a sender taken off its inbound path.

Why SECURITY and not DESTRUCTIVE: nothing is deleted (turning the sync off never deletes an opt-out;
what it copied stays in every region's list), but from then on a STOP received in one region no
longer reaches the others, so after a failover a sender may text people who opted out elsewhere.
That is a compliance exposure (CTIA, TCPA) a reviewer must see, as a policy change is.

How the sync is recognised in a template: its functions carry the settings variable
(:data:`sms_runtime.opt_out_sync.settings.SETTINGS_VARIABLE`, JSON with the synced ``lists``) and
are told apart by their handler; its two-way topics have the names
:func:`sms_runtime.opt_out_sync.settings.topic_name` gives them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from sms_estate.cli.diff.checks.inbound import two_way_channel
from sms_estate.cli.diff.checks.shared import NUMBER_TYPES, POOL, listed, subject
from sms_estate.cli.diff.rules import Finding, Severity, rule
from sms_estate.cli.diff.templates import ResourceChange, ResourceState
from sms_runtime.opt_out_sync.settings import INBOUND_HANDLER, RECONCILE_HANDLER, SETTINGS_VARIABLE, topic_name

LAMBDA_FUNCTION = "AWS::Lambda::Function"

_EXPOSURE = (
    "opt-outs already copied stay in every region's list; new STOPs no longer spread between regions, so after "
    "a failover a number may text people who opted out in another region"
)


def _settings(state: ResourceState | None) -> Mapping[str, Any] | None:
    """The sync settings a function carries, or None if it is not one of the sync's functions.

    A value CloudFormation computes (an intrinsic instead of a string) still marks a sync function;
    its lists are then unknown (empty).
    """
    if state is None or state.type != LAMBDA_FUNCTION:
        return None
    variables = (state.properties.get("Environment") or {}).get("Variables") or {}
    if SETTINGS_VARIABLE not in variables:
        return None
    try:
        body = json.loads(variables[SETTINGS_VARIABLE])
    except (TypeError, ValueError):
        return {}
    return body if isinstance(body, dict) else {}


def _lists(settings: Mapping[str, Any]) -> list[str]:
    lists = settings.get("lists")
    return [str(name) for name in lists] if isinstance(lists, list) else []


def _handler(state: ResourceState) -> str:
    return str(state.properties.get("Handler", ""))


@rule(
    "SMS-SEC4",
    Severity.SECURITY,
    "opt-out sync turned off",
    "The opt-out sync's reconciler, or its inbound function in a region, leaves the stack: copied opt-outs stay, "
    "new STOPs stop spreading between regions (or only spread at the next reconciler run).",
)
def sync_turned_off(change: ResourceChange) -> Iterable[Finding]:
    if change.kind != "removed" or change.old is None:
        return
    settings = _settings(change.old)
    if settings is None:
        return
    lists = listed(_lists(settings), 5) or "its lists"
    if _handler(change.old) == INBOUND_HANDLER:
        yield Finding(
            f"opt-out sync inbound path in {change.region} removed ({subject(change)}): STOP and START replies to "
            f"this region's numbers on {lists} no longer spread within seconds; only the reconciler, if it stays, "
            "copies them at its next run"
        )
    else:
        yield Finding(f"opt-out sync of {lists} turned OFF ({subject(change)} removed): {_EXPOSURE}")


@rule(
    "SMS-SEC5",
    Severity.SECURITY,
    "opt-out list no longer synced",
    "A list is taken out of the opt-out sync: its copied opt-outs stay, new STOPs on it stop spreading between "
    "regions.",
)
def list_unsynced(change: ResourceChange) -> Iterable[Finding]:
    if change.kind != "changed":
        return
    before, after = _settings(change.old), _settings(change.new)
    if before is None or after is None or change.new is None or _handler(change.new) != RECONCILE_HANDLER:
        return  # one finding per list, from the reconciler (every region's inbound function says the same)
    dropped = sorted(set(_lists(before)) - set(_lists(after)))
    for name in dropped:
        yield Finding(f"opt-out list {name} no longer synced across regions: {_EXPOSURE}")


def _sync_topic(change: ResourceChange, channel: Any) -> str | None:
    """The sync topic name ``channel`` points at in this environment, else None."""
    if channel is None:
        return None
    name = change.label(channel).rsplit(":", 1)[-1]  # a Ref resolves to the topic's name; a literal ARN ends in it
    prefix, _, suffix = topic_name(change.environment, "\0").partition("\0")
    return name if name.startswith(prefix) and name.endswith(suffix) and len(name) > len(prefix + suffix) else None


@rule(
    "SMS-SEC6",
    Severity.SECURITY,
    "sender leaves the opt-out sync",
    "A number or pool stops sending its replies to the opt-out sync's two-way topic: its STOPs no longer spread "
    "within seconds.",
)
def sender_leaves_sync(change: ResourceChange) -> Iterable[Finding]:
    if change.kind != "changed" or change.old is None or change.new is None:
        return
    if change.resource_type not in (*NUMBER_TYPES, POOL):
        return
    before = _sync_topic(change, two_way_channel(change.old))
    if before is not None and two_way_channel(change.new) != two_way_channel(change.old):
        yield Finding(
            f"{subject(change)}: replies no longer reach the opt-out sync topic {before}: its STOPs spread to the "
            "other regions only at the reconciler's next run, or not at all if the sync is off"
        )
