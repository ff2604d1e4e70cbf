"""What each resource change will *do*, as small named rules in the spirit of cdk-nag.

Each rule has an ID, a class and an explanation, and looks at one :class:`ResourceChange` at a time.
A change no specific rule speaks about still gets one plain line from the fallback rule, so nothing
that changes is silent. Destructive findings carry a stable acknowledgement ID,
``<verb>:<kind>/<name>@<region>`` (e.g. ``release:phone-number/harborline-refills-east@us-east-1``),
which a reviewer copies into the environment's ``acknowledge:`` list with a reason, or passes as
``--ack``.

What the custom resources do is the handlers' behaviour (``sms_runtime.handlers``): a number keeps
its identity properties for life, and changing one fails the deploy unless ``AllowReplacement`` is
set; a registration's fields change in place while it is a draft and open a new version (a new
review) once submitted; removal releases a number only with ``OnDelete: release`` and deletes a
registration only when it is a draft and ``DeleteDraftOnRemoval`` is set.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sms_estate.cli.diff.replacement import PHONE_NUMBER_TYPE, REGISTRATION_TYPE, replacing_properties
from sms_estate.cli.diff.templates import ResourceChange, ResourceState
from sms_estate.policy_statements import (
    POLICY_DOCUMENT_PROPERTIES,
    SMS_SERVICE,
    policy_documents,
    resource_sms_trusts,
    statements,
)
from sms_runtime.resource_types import CONFIGURATION_SET_DEFAULTS_TYPE


class Severity(enum.Enum):
    """Consequence classes, most serious first (the order of every listing)."""

    DESTRUCTIVE = "destructive"
    SLOW = "slow"
    COSTLY = "costly"
    SECURITY = "security"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


@dataclass(frozen=True)
class Finding:
    """What a rule says about one change: a sentence, and an acknowledgement ID if destructive."""

    message: str
    ack_id: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    explanation: str
    check: Callable[[ResourceChange], Iterable[Finding]]


@dataclass(frozen=True)
class Consequence:
    rule: Rule
    change: ResourceChange
    finding: Finding

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    def sort_key(self) -> tuple[str, str, int, str, str]:
        return (self.change.environment, self.change.region, self.severity.rank, self.change.name, self.rule.id)


RULES: list[Rule] = []
_FALLBACK: list[Rule] = []


def rule(
    id: str, severity: Severity, title: str, explanation: str, *, fallback: bool = False
) -> Callable[[Callable[[ResourceChange], Iterable[Finding]]], Callable[[ResourceChange], Iterable[Finding]]]:
    """Register a rule; the fallback runs only when no other rule found anything for a change."""

    def register(check: Callable[[ResourceChange], Iterable[Finding]]) -> Callable[[ResourceChange], Iterable[Finding]]:
        (_FALLBACK if fallback else RULES).append(Rule(id, severity, title, explanation, check))
        return check

    return register


# --- naming -------------------------------------------------------------------------------------

# resource type -> (words for a person, slug for acknowledgement IDs)
KINDS: Mapping[str, tuple[str, str]] = {
    PHONE_NUMBER_TYPE: ("phone number", "phone-number"),
    REGISTRATION_TYPE: ("registration", "registration"),
    CONFIGURATION_SET_DEFAULTS_TYPE: ("configuration set default", "configuration-set-default"),
    "AWS::SMSVOICE::PhoneNumber": ("phone number", "phone-number"),
    "AWS::SMSVOICE::Registration": ("registration", "registration"),
    "AWS::SMSVOICE::OptOutList": ("opt-out list", "opt-out-list"),
    "AWS::SMSVOICE::ConfigurationSet": ("configuration set", "configuration-set"),
    "AWS::SMSVOICE::Pool": ("pool", "pool"),
    "AWS::SMSVOICE::ProtectConfiguration": ("protect configuration", "protect-configuration"),
    "AWS::SMSVOICE::SenderId": ("sender ID", "sender-id"),
    "AWS::IAM::Role": ("IAM role", "iam-role"),
    "AWS::IAM::Policy": ("IAM policy", "iam-policy"),
    "AWS::IAM::ManagedPolicy": ("IAM managed policy", "iam-managed-policy"),
    "AWS::SNS::Topic": ("SNS topic", "sns-topic"),
    "AWS::SNS::TopicPolicy": ("SNS topic policy", "sns-topic-policy"),
    "AWS::KMS::Key": ("KMS key", "kms-key"),
    "AWS::Logs::LogGroup": ("log group", "log-group"),
    "AWS::S3::Bucket": ("S3 bucket", "s3-bucket"),
    "AWS::S3::BucketPolicy": ("S3 bucket policy", "s3-bucket-policy"),
    "AWS::Lambda::Function": ("Lambda function", "lambda-function"),
    "AWS::KinesisFirehose::DeliveryStream": ("Firehose stream", "firehose-stream"),
    "AWS::SSM::Parameter": ("SSM parameter", "ssm-parameter"),
}


def kind(resource_type: str) -> tuple[str, str]:
    return KINDS.get(resource_type, (resource_type, resource_type.lower().replace("::", "-")))


def subject(change: ResourceChange) -> str:
    """``phone number harborline-refills-east``."""
    return f"{kind(change.resource_type)[0]} {change.name}"


def ack_id(verb: str, change: ResourceChange, name: str | None = None, slug: str | None = None) -> str:
    """``release:phone-number/harborline-refills-east@us-east-1``: stable across runs and revisions."""
    return f"{verb}:{slug or kind(change.resource_type)[1]}/{name or change.name}@{change.region}"


def _listed(items: Iterable[str], limit: int = 3) -> str:
    values = sorted(items)
    shown = ", ".join(values[:limit])
    return f"{shown} and {len(values) - limit} more" if len(values) > limit else shown


def _renamed(change: ResourceChange) -> str:
    return " (renamed: replaced by a new resource)" if change.kind == "renamed" else ""


def _props(change: ResourceChange) -> Mapping[str, Any]:
    return change.current.properties


def _replaced_by(change: ResourceChange) -> tuple[str, ...]:
    """Create-only properties that differ on a ``changed`` resource (non-empty: it is replaced)."""
    if change.kind != "changed" or change.old is None or change.new is None:
        return ()
    return replacing_properties(change.resource_type, change.region, change.old.properties, change.new.properties)


# --- phone numbers --------------------------------------------------------------------------------

_NUMBER_TYPES = (PHONE_NUMBER_TYPE, "AWS::SMSVOICE::PhoneNumber")
_RELEASED = "RELEASED (gone for good; its registration loses the number)"


def _releases_on_delete(state: ResourceState) -> bool:
    if state.type == PHONE_NUMBER_TYPE:
        return state.properties.get("OnDelete") == "release"
    return not state.retained_on_delete


def _replacement_allowed(change: ResourceChange) -> bool:
    """The custom resource refuses to replace a number unless the head says ``AllowReplacement``."""
    return change.resource_type != PHONE_NUMBER_TYPE or _props(change).get("AllowReplacement") is True


def _old_number_released(change: ResourceChange) -> bool:
    old = change.old
    assert old is not None
    if old.type == PHONE_NUMBER_TYPE:
        return old.properties.get("OnDelete") == "release"
    return not old.retained_on_replace


@rule("SMS-D1", Severity.DESTRUCTIVE, "number released", "A number leaves the stack with OnDelete: release.")
def number_released(change: ResourceChange) -> Iterable[Finding]:
    if change.goes_away and change.resource_type in _NUMBER_TYPES and change.old and _releases_on_delete(change.old):
        yield Finding(f"{subject(change)} will be {_RELEASED}{_renamed(change)}", ack_id("release", change))


@rule(
    "SMS-D2",
    Severity.DESTRUCTIVE,
    "number replaced and released",
    "A property a number keeps for life changes, replacement is allowed and the old number is released.",
)
def number_replaced_released(change: ResourceChange) -> Iterable[Finding]:
    props = _replaced_by(change)
    if (
        change.resource_type in _NUMBER_TYPES
        and props
        and _replacement_allowed(change)
        and _old_number_released(change)
    ):
        yield Finding(
            f"{subject(change)} will be REPLACED ({_listed(props)} changed): a new number is leased and the old one "
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
    props = _replaced_by(change)
    if (
        change.resource_type in _NUMBER_TYPES
        and props
        and _replacement_allowed(change)
        and not _old_number_released(change)
    ):
        yield Finding(
            f"{subject(change)} will be REPLACED ({_listed(props)} changed): a new number is leased; the old one "
            "is kept in the account, still billed, no longer managed"
        )


@rule(
    "SMS-W2",
    Severity.WARNING,
    "number change the deploy refuses",
    "A property a number keeps for life changes without AllowReplacement: the custom resource fails the deploy.",
)
def number_replacement_refused(change: ResourceChange) -> Iterable[Finding]:
    props = _replaced_by(change)
    if change.resource_type == PHONE_NUMBER_TYPE and props and not _replacement_allowed(change):
        yield Finding(
            f"{subject(change)}: {_listed(props)} changed, which only a new number can satisfy; the deploy will FAIL "
            "unless allow_replacement is set (then a new number is leased)"
        )


@rule("SMS-C1", Severity.COSTLY, "number leased", "A new phone number is requested: it bills monthly from day one.")
def number_leased(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type not in _NUMBER_TYPES:
        return
    replaced = bool(_replaced_by(change)) and _replacement_allowed(change)
    if change.kind == "added" or replaced:
        props = _props(change)
        what = f"{props.get('NumberType', 'phone')} number in {props.get('IsoCountryCode', '?')}"
        verb = "replacement" if replaced else "new"
        yield Finding(f"{subject(change)}: {verb} {what}, leased monthly from the day it is requested")


# --- registrations --------------------------------------------------------------------------------

_REVIEW = "up to 15 business days"


def _attachments(properties: Mapping[str, Any]) -> dict[str, Any]:
    """Attachment identity is the file, not where the asset happens to be stored."""
    found = properties.get("Attachments") or {}
    return {path: (ref.get("FileName"), ref.get("Sha256")) for path, ref in found.items() if isinstance(ref, dict)}


def _registration_edits(change: ResourceChange) -> list[str]:
    if change.resource_type != REGISTRATION_TYPE or change.kind != "changed" or not change.old or not change.new:
        return []
    old_fields, new_fields = change.old.properties.get("Fields") or {}, change.new.properties.get("Fields") or {}
    edits = [p for p in set(old_fields) | set(new_fields) if old_fields.get(p) != new_fields.get(p)]
    old_files, new_files = _attachments(change.old.properties), _attachments(change.new.properties)
    edits += [p for p in set(old_files) | set(new_files) if old_files.get(p) != new_files.get(p)]
    return sorted(set(edits))


@rule(
    "SMS-S1",
    Severity.SLOW,
    "registration re-review",
    "Fields or attachments of a submitted registration change: a new version opens and review restarts.",
)
def registration_new_version(change: ResourceChange) -> Iterable[Finding]:
    edits = _registration_edits(change)
    if edits and change.old and change.old.properties.get("Submit") is True:
        yield Finding(
            f"{subject(change)}: {_listed(edits)} changed after submission: a new version opens and review restarts "
            f"({_REVIEW}); while a review is running the deploy fails instead"
        )


@rule(
    "SMS-S2",
    Severity.SLOW,
    "registration submitted",
    "A registration is submitted for review (new with Submit: true, or Submit turned on).",
)
def registration_submitted(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type != REGISTRATION_TYPE or _props(change).get("Submit") is not True:
        return
    if change.kind == "added" or (
        change.kind == "changed" and change.old and change.old.properties.get("Submit") is not True
    ):
        yield Finding(f"{subject(change)} will be submitted for review, which takes {_REVIEW}")


@rule(
    "SMS-I2",
    Severity.INFO,
    "draft registration edited",
    "Fields or attachments of a registration that was never submitted change in place.",
)
def registration_draft_edited(change: ResourceChange) -> Iterable[Finding]:
    edits = _registration_edits(change)
    if edits and change.old and change.old.properties.get("Submit") is not True:
        yield Finding(f"{subject(change)} (a draft): {_listed(edits)} change in place")


@rule(
    "SMS-D3",
    Severity.DESTRUCTIVE,
    "registration deleted",
    "A registration leaves the stack with DeleteDraftOnRemoval: a draft is deleted with its fields and attachments.",
)
def registration_deleted(change: ResourceChange) -> Iterable[Finding]:
    old = change.old
    if not (change.goes_away and old and old.type == REGISTRATION_TYPE and old.properties.get("DeleteDraftOnRemoval")):
        return
    if old.properties.get("Submit") is True:
        detail = "if it is still an unsubmitted draft (a submitted one is kept)"
    else:
        detail = "(a draft: its field values and attachments are lost)"
    yield Finding(f"{subject(change)} will be DELETED {detail}{_renamed(change)}", ack_id("delete", change))


@rule(
    "SMS-W3",
    Severity.WARNING,
    "registration type change refused",
    "RegistrationType changes: the custom resource fails the deploy; a new registration resource is needed.",
)
def registration_type_changed(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type == REGISTRATION_TYPE and change.kind == "changed" and change.old and change.new:
        before, after = change.old.properties.get("RegistrationType"), change.new.properties.get("RegistrationType")
        if before != after:
            yield Finding(
                f"{subject(change)}: RegistrationType {before} -> {after} cannot change; the deploy will FAIL"
            )


# --- opt-out lists --------------------------------------------------------------------------------

_OPT_OUT_LIST = "AWS::SMSVOICE::OptOutList"
_STOP = "people who replied STOP could be texted again"


@rule(
    "SMS-D4",
    Severity.DESTRUCTIVE,
    "opt-out list deleted or replaced",
    "An opt-out list leaves the stack or is replaced without a Retain policy: its opt-outs are deleted.",
)
def opt_out_list_lost(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type != _OPT_OUT_LIST or not change.old:
        return
    props = _replaced_by(change)
    if change.goes_away and not change.old.retained_on_delete:
        yield Finding(f"{subject(change)} will be DELETED{_renamed(change)}: {_STOP}", ack_id("delete", change))
    elif props and not change.old.retained_on_replace:
        yield Finding(
            f"{subject(change)} will be REPLACED ({_listed(props)} changed): the old list is deleted and {_STOP}",
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
    if change.resource_type not in (*_NUMBER_TYPES, "AWS::SMSVOICE::Pool"):
        return
    before, after = change.old.properties.get("OptOutListName"), change.new.properties.get("OptOutListName")
    if before and before != after:
        now = change.label(after) if after else "the account default"
        yield Finding(
            f"{subject(change)} switches opt-out list {change.label(before)} -> {now}: {_STOP} unless they are "
            f"also in {now}"
        )


# --- inbound handling -----------------------------------------------------------------------------


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
                "Enabled": props.get("TwoWayEnabled"),
                "ChannelArn": props.get("TwoWayChannelArn"),
                "ChannelRole": props.get("TwoWayChannelRole"),
            }
        else:  # AWS::SMSVOICE::Pool and ::PhoneNumber: a TwoWay object
            two_way = props.get("TwoWay") or {}
        return cls(
            two_way=two_way.get("Enabled") is True,
            channel=two_way.get("ChannelArn"),
            role=two_way.get("ChannelRole"),
            self_managed_opt_outs=props.get("SelfManagedOptOutsEnabled") is True,
        )


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
    if change.resource_type not in (*_NUMBER_TYPES, "AWS::SMSVOICE::Pool"):
        return
    parts = _inbound_changes(change, _Inbound.of(change.old), _Inbound.of(change.new))
    if parts:
        yield Finding(f"{subject(change)}: {'; '.join(parts)}")


# --- event destinations ---------------------------------------------------------------------------

_CONFIGURATION_SET = "AWS::SMSVOICE::ConfigurationSet"


def _destinations(state: ResourceState | None) -> dict[str, Mapping[str, Any]]:
    if state is None:
        return {}
    found = state.properties.get("EventDestinations") or []
    return {str(d.get("EventDestinationName")): d for d in found if isinstance(d, dict)}


def _events(destination: Mapping[str, Any]) -> str:
    return _listed(destination.get("MatchingEventTypes") or [], limit=2)


@rule(
    "SMS-D5",
    Severity.DESTRUCTIVE,
    "event destination removed",
    "An event destination is removed or disabled (or its configuration set goes): those events are lost.",
)
def event_destination_lost(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type != _CONFIGURATION_SET:
        return
    old = _destinations(change.old)
    whole_set_goes = change.goes_away or bool(_replaced_by(change))
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
    if change.resource_type != _CONFIGURATION_SET or change.kind != "changed":
        return
    new = _destinations(change.new)
    for name, destination in sorted(_destinations(change.old).items()):
        if name in new and new[name].get("Enabled") is not False:
            dropped = set(destination.get("MatchingEventTypes") or []) - set(new[name].get("MatchingEventTypes") or [])
            if dropped:
                yield Finding(f"event destination {change.name}/{name} stops receiving {_listed(dropped)}")


# --- configuration set defaults (SetDefaultMessageType) --------------------------------------------


def _default_message_type(state: ResourceState | None) -> str:
    value = state.properties.get("DefaultMessageType") if state is not None else None
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
        config_set = change.label(change.current.properties.get("ConfigurationSetName"))
        yield Finding(f"configuration set {config_set}: default message type {before} -> {after}, set in place")


# --- any messaging resource -----------------------------------------------------------------------


def _is_messaging(resource_type: str) -> bool:
    return resource_type.startswith(("AWS::SMSVOICE::", "Custom::Sms"))


@rule(
    "SMS-D6",
    Severity.DESTRUCTIVE,
    "deletion protection off",
    "DeletionProtectionEnabled goes from true to false on a messaging resource.",
)
def deletion_protection_off(change: ResourceChange) -> Iterable[Finding]:
    if change.kind == "changed" and change.old and change.new and _is_messaging(change.resource_type):
        was, now = (
            change.old.properties.get("DeletionProtectionEnabled"),
            change.new.properties.get("DeletionProtectionEnabled"),
        )
        if was is True and now is not True:
            yield Finding(
                f"{subject(change)}: deletion protection turned OFF (any later change or person can delete it)",
                ack_id("unprotect", change),
            )


_SPECIFIC = (*_NUMBER_TYPES, REGISTRATION_TYPE, _OPT_OUT_LIST)  # rules above speak for these types


@rule(
    "SMS-D7",
    Severity.DESTRUCTIVE,
    "messaging resource replaced",
    "A create-only property of an AWS::SMSVOICE resource changes (or it is renamed) without a Retain policy.",
)
def messaging_resource_replaced(change: ResourceChange) -> Iterable[Finding]:
    if not change.resource_type.startswith("AWS::SMSVOICE::") or change.resource_type in _SPECIFIC or not change.old:
        return
    props = _replaced_by(change)
    if props and not change.old.retained_on_replace:
        yield Finding(
            f"{subject(change)} will be REPLACED ({_listed(props)} changed): the old one is deleted",
            ack_id("replace", change),
        )
    elif change.kind == "renamed" and not change.old.retained_on_delete:
        yield Finding(
            f"{subject(change)} will be replaced (renamed): the old one is deleted", ack_id("replace", change)
        )


_POOL = "AWS::SMSVOICE::Pool"


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
    if change.resource_type != _POOL or old is None or not old.properties.get("OriginationIdentities"):
        return
    members = len(old.properties["OriginationIdentities"])
    if change.kind == "renamed" or _replaced_by(change):
        yield Finding(
            f"{subject(change)} will be replaced{_renamed(change)}: its {members} origination identities are still "
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
    "AWS::SMSVOICE::PhoneNumber": "it is still billed monthly until someone releases it",
    REGISTRATION_TYPE: "its review and its numbers stay as they are",
    _OPT_OUT_LIST: "its opt-outs survive; check every number and pool that used it names a list",
}


def _kept(change: ResourceChange) -> bool:
    old = change.old
    if old is None or not _is_messaging(old.type):
        return False
    if old.type == PHONE_NUMBER_TYPE:
        return change.goes_away and not _releases_on_delete(old)
    if old.type == REGISTRATION_TYPE:
        return change.goes_away and not old.properties.get("DeleteDraftOnRemoval")
    replaced_but_retained = bool(_replaced_by(change)) and old.retained_on_replace
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
    if old.type.startswith("AWS::SMSVOICE::") and old.type not in _SPECIFIC:
        yield Finding(f"{subject(change)} will be DELETED")


# --- security -------------------------------------------------------------------------------------


def _principals(document: Mapping[str, Any]) -> list[str]:
    found: set[str] = set()
    for statement in statements(document):
        principal = statement.get("Principal", {})
        entries = principal.values() if isinstance(principal, dict) else [principal]
        for entry in entries:
            found.update(
                [entry] if isinstance(entry, str) else [str(e) for e in entry] if isinstance(entry, list) else []
            )
    return sorted(found)


def _actions(documents: Iterable[Mapping[str, Any]], effect: str = "Allow") -> set[str]:
    found: set[str] = set()
    for document in documents:
        for statement in statements(document):
            if statement.get("Effect", "Allow") == effect:
                actions = statement.get("Action", [])
                found.update([actions] if isinstance(actions, str) else actions)
    return found


@rule(
    "SMS-SEC1",
    Severity.SECURITY,
    "IAM trust changed",
    "An IAM role is added or its trust policy (AssumeRolePolicyDocument) changes.",
)
def trust_changed(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type != "AWS::IAM::Role" or change.new is None:
        return
    document = change.new.properties.get("AssumeRolePolicyDocument") or {}
    if change.kind in ("added", "renamed"):
        yield Finding(f"new {subject(change)} trusted by {_listed(_principals(document), 5)}")
    elif "AssumeRolePolicyDocument" in change.changed_properties():
        yield Finding(f"{subject(change)}: trust policy changes; trusted by {_listed(_principals(document), 5)}")


def _permission_documents(state: ResourceState | None) -> list[Mapping[str, Any]]:
    if state is None:
        return []
    documents = policy_documents(state.type, state.properties)
    if state.type == "AWS::IAM::Role":  # the trust document is SMS-SEC1's business
        trust = state.properties.get("AssumeRolePolicyDocument")
        documents = [d for d in documents if d is not trust]
    return documents


@rule(
    "SMS-SEC2",
    Severity.SECURITY,
    "permissions changed",
    "An IAM policy, role permissions, SNS topic policy, bucket or queue policy, or KMS key policy is added or changes.",
)
def permissions_changed(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type not in POLICY_DOCUMENT_PROPERTIES or change.new is None:
        return
    old_docs, new_docs = _permission_documents(change.old), _permission_documents(change.new)
    managed_changed = "ManagedPolicyArns" in change.changed_properties()
    if old_docs == new_docs and not managed_changed:
        return
    added, removed = _actions(new_docs) - _actions(old_docs), _actions(old_docs) - _actions(new_docs)
    if change.kind in ("added", "renamed"):
        allows, denies = _actions(new_docs), _actions(new_docs, "Deny")
        parts = [f"allows {_listed(allows, 5)}"] if allows else []
        parts += [f"denies {_listed(denies, 5)}"] if denies else []
        yield Finding(f"new {subject(change)} {'; '.join(parts) or 'has no statements'}")
        return
    parts = [f"actions added: {_listed(added, 5)}"] if added else []
    parts += [f"actions removed: {_listed(removed, 5)}"] if removed else []
    parts += ["managed policies changed"] if managed_changed else []
    detail = "; ".join(parts) or "resources or conditions changed"
    yield Finding(f"{subject(change)}: permissions change ({detail})")


@rule(
    "SMS-SEC3",
    Severity.SECURITY,
    "confused-deputy condition lost",
    f"A statement trusting {SMS_SERVICE} no longer tests aws:SourceAccount or aws:SourceArn.",
)
def confused_deputy_lost(change: ResourceChange) -> Iterable[Finding]:
    if change.new is None or change.kind == "removed":
        return

    def missing(state: ResourceState | None) -> set[str]:
        if state is None:
            return set()
        return {
            key for trust in resource_sms_trusts(state.logical_id, _raw(state)) for key in trust.missing_deputy_keys()
        }

    lost = missing(change.new) - missing(change.old)
    if lost:
        yield Finding(
            f"{subject(change)} trusts {SMS_SERVICE} WITHOUT {' and '.join(sorted(lost))}: another AWS account's "
            "configuration set could use it (confused deputy)"
        )


def _raw(state: ResourceState) -> dict[str, Any]:
    return {"Type": state.type, "Properties": state.properties}


# --- fallback -------------------------------------------------------------------------------------


@rule("SMS-I1", Severity.INFO, "plain change", "Any change no other rule speaks about.", fallback=True)
def plain_change(change: ResourceChange) -> Iterable[Finding]:
    if change.kind == "added":
        yield Finding(f"{subject(change)} will be added")
    elif change.kind == "removed":
        retained = change.old is not None and change.old.retained_on_delete
        yield Finding(
            f"{subject(change)} " + ("leaves the stack, kept in the account" if retained else "will be deleted")
        )
    elif change.kind == "renamed":
        retained = change.old is not None and change.old.retained_on_delete
        outcome = "the old one is kept in the account, no longer managed" if retained else "the old one is deleted"
        yield Finding(f"{subject(change)} will be replaced (renamed): {outcome}")
    else:
        props = _replaced_by(change)
        if props:
            yield Finding(f"{subject(change)} will be replaced ({_listed(props)} changed)")
        else:
            yield Finding(f"{subject(change)} changes in place ({_listed(change.changed_properties(), 4)})")


def classify(change: ResourceChange) -> list[Consequence]:
    """Every consequence of one change: the specific rules', else the fallback's plain description."""
    found = [Consequence(r, change, f) for r in RULES for f in r.check(change)]
    if not found:
        found = [Consequence(r, change, f) for r in _FALLBACK for f in r.check(change)]
    return found


def classify_all(changes: Iterable[ResourceChange]) -> list[Consequence]:
    return sorted((c for change in changes for c in classify(change)), key=Consequence.sort_key)


def all_rules() -> list[Rule]:
    """Every rule, specific ones first, for documentation and tests."""
    return [*RULES, *_FALLBACK]
