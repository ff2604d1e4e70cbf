"""Rules for any messaging resource: protection turned off, replaced, pool members stranded, kept.

The number, registration and opt-out list rules speak for their own types (``SPECIFIC``); these
cover every other ``AWS::SMSVOICE`` resource, and what is kept in the account when any messaging
resource leaves the stack.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sms_estate.cli.diff.checks.shared import (
    AWS_PHONE_NUMBER,
    OPT_OUT_LIST,
    POOL,
    SPECIFIC,
    ack_id,
    is_messaging,
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
    REGISTRATION_TYPE,
    PhoneNumberProps,
    RegistrationProps,
)


@rule(
    "SMS-D6",
    Severity.DESTRUCTIVE,
    "deletion protection off",
    "DeletionProtectionEnabled goes from true to false on a messaging resource.",
)
def deletion_protection_off(change: ResourceChange) -> Iterable[Finding]:
    if change.kind == "changed" and change.old and change.new and is_messaging(change.resource_type):
        was, now = (
            change.old.properties.get(PhoneNumberProps.DELETION_PROTECTION_ENABLED),
            change.new.properties.get(PhoneNumberProps.DELETION_PROTECTION_ENABLED),
        )
        if was is True and now is not True:
            yield Finding(
                f"{subject(change)}: deletion protection turned OFF (any later change or person can delete it)",
                ack_id("unprotect", change),
            )


@rule(
    "SMS-D7",
    Severity.DESTRUCTIVE,
    "messaging resource replaced",
    "A create-only property of an AWS::SMSVOICE resource changes (or it is renamed) without a Retain policy.",
)
def messaging_resource_replaced(change: ResourceChange) -> Iterable[Finding]:
    if not change.resource_type.startswith("AWS::SMSVOICE::") or change.resource_type in SPECIFIC or not change.old:
        return
    props = replaced_by(change)
    if props and not change.old.retained_on_replace:
        yield Finding(
            f"{subject(change)} will be REPLACED ({listed(props)} changed): the old one is deleted",
            ack_id("replace", change),
        )
    elif change.kind == "renamed" and not change.old.retained_on_delete:
        yield Finding(
            f"{subject(change)} will be replaced (renamed): the old one is deleted", ack_id("replace", change)
        )


@rule(
    "SMS-D8",
    Severity.DESTRUCTIVE,
    "pool members stranded",
    "A pool with numbers is renamed, replaced or removed: the numbers stay in the old pool, so a new pool "
    "cannot take them (PHONE_NUMBER_ASSOCIATED_TO_POOL).",
)
def pool_members_stranded(change: ResourceChange) -> Iterable[Finding]:
    """A number belongs to one pool at a time, and nothing in the stack takes it out of the old one.

    CloudFormation creates the new pool before it deletes (or, by default, retains) the old one, so a
    rename or replacement fails on the new pool's ``OriginationIdentities``; a retained pool that
    leaves keeps its numbers, which then cannot be released or pooled again. README "Renaming or
    removing a pool" gives the procedure: take the numbers out first, then deploy with the ack.
    """
    old = change.old
    if change.resource_type != POOL or old is None or not old.properties.get("OriginationIdentities"):
        return
    members = len(old.properties["OriginationIdentities"])
    if change.kind == "renamed" or replaced_by(change):
        yield Finding(
            f"{subject(change)} will be replaced{renamed(change)}: its {members} origination identities are still "
            "in the old pool, so the new pool's association FAILS until they are taken out of it",
            ack_id("replace", change),
        )
    elif change.kind == "removed" and old.retained_on_delete:
        yield Finding(
            f"{subject(change)} leaves the stack but is kept: its {members} origination identities stay in it "
            "(they cannot be released or put in another pool until they are taken out)",
            ack_id("remove", change),
        )


_KEPT_DETAIL: Mapping[str, str] = {
    PHONE_NUMBER_TYPE: "it is still billed monthly until someone releases it",
    AWS_PHONE_NUMBER: "it is still billed monthly until someone releases it",
    REGISTRATION_TYPE: "its review and its numbers stay as they are",
    OPT_OUT_LIST: "its opt-outs survive; check every number and pool that used it names a list",
}


def _kept(change: ResourceChange) -> bool:
    old = change.old
    if old is None or not is_messaging(old.type):
        return False
    if old.type == PHONE_NUMBER_TYPE:
        return change.goes_away and not releases_on_delete(old)
    if old.type == REGISTRATION_TYPE:
        return change.goes_away and not old.properties.get(RegistrationProps.DELETE_DRAFT_ON_REMOVAL)
    replaced_but_retained = bool(replaced_by(change)) and old.retained_on_replace
    return (change.goes_away and old.retained_on_delete) or replaced_but_retained


@rule(
    "SMS-W6",
    Severity.WARNING,
    "kept, no longer managed",
    "A messaging resource leaves the stack (or is replaced) but its policy keeps it in the account.",
)
def kept_unmanaged(change: ResourceChange) -> Iterable[Finding]:
    if _kept(change):
        detail = _KEPT_DETAIL.get(change.resource_type, "delete it by hand once nothing uses it")
        how = "replaced (renamed)" if change.kind == "renamed" else "leaves the stack"
        if change.kind == "changed":
            how = "is replaced"
        yield Finding(f"{subject(change)} {how}; the old one is kept in the account, no longer managed: {detail}")


@rule(
    "SMS-W7",
    Severity.WARNING,
    "messaging resource deleted",
    "An AWS::SMSVOICE resource leaves the stack without a Retain policy (senders using it stop working).",
)
def messaging_resource_deleted(change: ResourceChange) -> Iterable[Finding]:
    old = change.old
    if change.kind != "removed" or old is None or old.retained_on_delete:
        return
    if old.type.startswith("AWS::SMSVOICE::") and old.type not in SPECIFIC:
        yield Finding(f"{subject(change)} will be DELETED")
