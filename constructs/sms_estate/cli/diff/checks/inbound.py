"""Inbound rules: where replies to a number or pool go, and who answers HELP and STOP."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sms_estate.cli.diff.checks.shared import (
    NUMBER_TYPES,
    POOL,
    subject,
)
from sms_estate.cli.diff.rules import Finding, Severity, rule
from sms_estate.cli.diff.templates import ResourceChange, ResourceState
from sms_runtime.contract import (
    PHONE_NUMBER_TYPE,
    PhoneNumberProps,
)


@dataclass(frozen=True)
class _Inbound:
    """Where replies to a number or pool go, and who answers HELP/STOP, as its template declares it."""

    two_way: bool
    channel: Any
    role: Any
    self_managed_opt_outs: bool

    @classmethod
    def of(cls, state: ResourceState) -> _Inbound:
        props = state.properties
        if state.type == PHONE_NUMBER_TYPE:  # flat, as UpdatePhoneNumber takes them
            two_way = {
                "Enabled": props.get(PhoneNumberProps.TWO_WAY_ENABLED),
                "ChannelArn": props.get(PhoneNumberProps.TWO_WAY_CHANNEL_ARN),
                "ChannelRole": props.get(PhoneNumberProps.TWO_WAY_CHANNEL_ROLE),
            }
        else:  # AWS::SMSVOICE::Pool and ::PhoneNumber: a TwoWay object
            two_way = props.get("TwoWay") or {}
        return cls(
            two_way=two_way.get("Enabled") is True,
            channel=two_way.get("ChannelArn"),
            role=two_way.get("ChannelRole"),
            self_managed_opt_outs=props.get(PhoneNumberProps.SELF_MANAGED_OPT_OUTS_ENABLED) is True,
        )


def two_way_channel(state: ResourceState) -> Any:
    """Where a number or pool sends its replies, or None when two-way is off (the opt-out sync rules ask)."""
    inbound = _Inbound.of(state)
    return inbound.channel if inbound.two_way else None


def _inbound_changes(change: ResourceChange, was: _Inbound, now: _Inbound) -> list[str]:
    parts = []
    if was.two_way != now.two_way:
        parts.append(
            f"two-way turned ON: replies go to {change.label(now.channel)}"
            if now.two_way
            else "two-way turned OFF: replies are no longer delivered anywhere"
        )
    elif now.two_way and was.channel != now.channel:
        parts.append(f"replies move to {change.label(now.channel)}")
    elif now.two_way and was.role != now.role:
        parts.append("the role that posts replies to the channel changes")
    if was.self_managed_opt_outs != now.self_managed_opt_outs:
        parts.append(
            "self-managed opt-outs turned ON: AWS stops answering HELP/STOP and recording opt-outs; you must"
            if now.self_managed_opt_outs
            else "self-managed opt-outs turned OFF: AWS answers HELP/STOP and records opt-outs again"
        )
    return parts


@rule(
    "SMS-W8",
    Severity.WARNING,
    "inbound handling changed",
    "Two-way messaging (on or off, channel, role) or self-managed opt-outs of a number or pool change: replies "
    "go elsewhere, or HELP/STOP change hands.",
)
def inbound_handling_changed(change: ResourceChange) -> Iterable[Finding]:
    if change.kind != "changed" or change.old is None or change.new is None:
        return
    if change.resource_type not in (*NUMBER_TYPES, POOL):
        return
    parts = _inbound_changes(change, _Inbound.of(change.old), _Inbound.of(change.new))
    if parts:
        yield Finding(f"{subject(change)}: {'; '.join(parts)}")
