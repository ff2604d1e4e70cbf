"""Phone-number rules: released, replaced (the old number released or kept), a change the deploy
refuses, a number leased.

A ``Custom::SmsPhoneNumber`` keeps its identity properties for life: changing one fails the deploy
unless ``AllowReplacement`` is set, and removal releases the number only with ``OnDelete: release``
(``sms_runtime.handlers.phone_number``). An ``AWS::SMSVOICE::PhoneNumber`` follows CloudFormation's
create-only properties and deletion policies.
"""

from __future__ import annotations

from collections.abc import Iterable

from sms_estate.cli.diff.checks.shared import (
    NUMBER_TYPES,
    ack_id,
    current_properties,
    listed,
    releases_on_delete,
    renamed,
    replaced_by,
    subject,
)
from sms_estate.cli.diff.rules import Finding, Severity, rule
from sms_estate.cli.diff.templates import ResourceChange
from sms_runtime.contract import (
    PHONE_NUMBER_TYPE,
    PhoneNumberProps,
)

_RELEASED = "RELEASED (gone for good; its registration loses the number)"


def _replacement_allowed(change: ResourceChange) -> bool:
    """The custom resource refuses to replace a number unless the head says ``AllowReplacement``."""
    return (
        change.resource_type != PHONE_NUMBER_TYPE
        or current_properties(change).get(PhoneNumberProps.ALLOW_REPLACEMENT) is True
    )


def _old_number_released(change: ResourceChange) -> bool:
    old = change.old
    assert old is not None
    if old.type == PHONE_NUMBER_TYPE:
        return old.properties.get(PhoneNumberProps.ON_DELETE) == "release"
    return not old.retained_on_replace


@rule("SMS-D1", Severity.DESTRUCTIVE, "number released", "A number leaves the stack with OnDelete: release.")
def number_released(change: ResourceChange) -> Iterable[Finding]:
    if change.goes_away and change.resource_type in NUMBER_TYPES and change.old and releases_on_delete(change.old):
        yield Finding(f"{subject(change)} will be {_RELEASED}{renamed(change)}", ack_id("release", change))


@rule(
    "SMS-D2",
    Severity.DESTRUCTIVE,
    "number replaced and released",
    "A property a number keeps for life changes, replacement is allowed and the old number is released.",
)
def number_replaced_released(change: ResourceChange) -> Iterable[Finding]:
    props = replaced_by(change)
    if change.resource_type in NUMBER_TYPES and props and _replacement_allowed(change) and _old_number_released(change):
        yield Finding(
            f"{subject(change)} will be REPLACED ({listed(props)} changed): a new number is leased and the old one "
            f"{_RELEASED}",
            ack_id("replace", change),
        )


@rule(
    "SMS-W1",
    Severity.WARNING,
    "number replaced, old one kept",
    "A property a number keeps for life changes, replacement is allowed and the old number is kept (and billed).",
)
def number_replaced_kept(change: ResourceChange) -> Iterable[Finding]:
    props = replaced_by(change)
    if (
        change.resource_type in NUMBER_TYPES
        and props
        and _replacement_allowed(change)
        and not _old_number_released(change)
    ):
        yield Finding(
            f"{subject(change)} will be REPLACED ({listed(props)} changed): a new number is leased; the old one "
            "is kept in the account, still billed, no longer managed"
        )


@rule(
    "SMS-W2",
    Severity.WARNING,
    "number change the deploy refuses",
    "A property a number keeps for life changes without AllowReplacement: the custom resource fails the deploy.",
)
def number_replacement_refused(change: ResourceChange) -> Iterable[Finding]:
    props = replaced_by(change)
    if change.resource_type == PHONE_NUMBER_TYPE and props and not _replacement_allowed(change):
        yield Finding(
            f"{subject(change)}: {listed(props)} changed, which only a new number can satisfy; the deploy will FAIL "
            "unless allow_replacement is set (then a new number is leased)"
        )


@rule(
    "SMS-C1",
    Severity.COSTLY,
    "number leased",
    "A new phone number is requested: it bills monthly from day one, even while PENDING (a 10DLC number is requested"
    " once its campaign is approved).",
)
def number_leased(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type not in NUMBER_TYPES:
        return
    replaced = bool(replaced_by(change)) and _replacement_allowed(change)
    if change.kind == "added" or replaced:
        props = current_properties(change)
        what = f"{props.get(PhoneNumberProps.NUMBER_TYPE, 'phone')} number in {props.get(PhoneNumberProps.ISO_COUNTRY_CODE, '?')}"
        verb = "replacement" if replaced else "new"
        yield Finding(f"{subject(change)}: {verb} {what}, {_when_billed(change)}")


def _when_billed(change: ResourceChange) -> str:
    """A number bought for a registration (a 10DLC campaign) is requested only once that one is approved.

    The guide ("10DLC registration process", step 4): "You are charged the monthly 10DLC number lease price
    regardless of status": a PENDING number bills as an active one does.
    """
    registration = current_properties(change).get(PhoneNumberProps.REGISTRATION_ID)
    if change.resource_type != PHONE_NUMBER_TYPE or not registration:
        return "leased monthly from the day it is requested"
    return (
        f"requested once registration {change.label(registration)} is approved, then leased monthly from that day"
        " even while PENDING"
    )
