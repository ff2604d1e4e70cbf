"""Opt-out list rules: a list deleted or replaced, a number or pool switched to another list.

An opt-out list holds the people who replied STOP: losing it, or moving a sender to another list,
means they could be texted again.
"""

from __future__ import annotations

from collections.abc import Iterable

from sms_estate.cli.diff.checks.shared import (
    NUMBER_TYPES,
    OPT_OUT_LIST,
    POOL,
    ack_id,
    listed,
    renamed,
    replaced_by,
    subject,
)
from sms_estate.cli.diff.rules import Finding, Severity, rule
from sms_estate.cli.diff.templates import ResourceChange
from sms_runtime.contract import (
    PhoneNumberProps,
)

_STOP = "people who replied STOP could be texted again"


@rule(
    "SMS-D4",
    Severity.DESTRUCTIVE,
    "opt-out list deleted or replaced",
    "An opt-out list leaves the stack or is replaced without a Retain policy: its opt-outs are deleted.",
)
def opt_out_list_lost(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type != OPT_OUT_LIST or not change.old:
        return
    props = replaced_by(change)
    if change.goes_away and not change.old.retained_on_delete:
        yield Finding(f"{subject(change)} will be DELETED{renamed(change)}: {_STOP}", ack_id("delete", change))
    elif props and not change.old.retained_on_replace:
        yield Finding(
            f"{subject(change)} will be REPLACED ({listed(props)} changed): the old list is deleted and {_STOP}",
            ack_id("replace", change),
        )


@rule(
    "SMS-W4",
    Severity.WARNING,
    "opt-out list switched",
    "A number or pool names another opt-out list: the opt-outs it collected stay in the old list.",
)
def opt_out_list_switched(change: ResourceChange) -> Iterable[Finding]:
    if change.kind != "changed" or not change.old or not change.new:
        return
    if change.resource_type not in (*NUMBER_TYPES, POOL):
        return
    before, after = (
        change.old.properties.get(PhoneNumberProps.OPT_OUT_LIST_NAME),
        change.new.properties.get(PhoneNumberProps.OPT_OUT_LIST_NAME),
    )
    if before and before != after:
        now = change.label(after) if after else "the account default"
        yield Finding(
            f"{subject(change)} switches opt-out list {change.label(before)} -> {now}: {_STOP} unless they are "
            f"also in {now}"
        )
