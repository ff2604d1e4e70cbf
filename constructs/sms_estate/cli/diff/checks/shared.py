"""What several rule areas read: names for people, acknowledgement IDs, and facts of one change.

The resource type names of our custom resources, and the property keys the rules read from them,
come from the custom-resource contract (:mod:`sms_runtime.contract`), the one definition the
constructs write and the handlers read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sms_estate.cli.diff.registration_types import kind_of
from sms_estate.cli.diff.replacement import replacing_properties
from sms_estate.cli.diff.templates import ResourceChange, ResourceState
from sms_runtime.contract import (
    CONFIGURATION_SET_DEFAULTS_TYPE,
    PHONE_NUMBER_TYPE,
    REGISTRATION_TYPE,
    TYPE_PREFIX,
    PhoneNumberProps,
    RegistrationProps,
)

AWS_PHONE_NUMBER = "AWS::SMSVOICE::PhoneNumber"
OPT_OUT_LIST = "AWS::SMSVOICE::OptOutList"
POOL = "AWS::SMSVOICE::Pool"
CONFIGURATION_SET = "AWS::SMSVOICE::ConfigurationSet"
NUMBER_TYPES = (PHONE_NUMBER_TYPE, AWS_PHONE_NUMBER)
SPECIFIC = (*NUMBER_TYPES, REGISTRATION_TYPE, OPT_OUT_LIST)  # the number, registration and list rules speak for these

# resource type -> (words for a person, slug for acknowledgement IDs)
KINDS: Mapping[str, tuple[str, str]] = {
    PHONE_NUMBER_TYPE: ("phone number", "phone-number"),
    REGISTRATION_TYPE: ("registration", "registration"),
    CONFIGURATION_SET_DEFAULTS_TYPE: ("configuration set default", "configuration-set-default"),
    AWS_PHONE_NUMBER: ("phone number", "phone-number"),
    "AWS::SMSVOICE::Registration": ("registration", "registration"),
    OPT_OUT_LIST: ("opt-out list", "opt-out-list"),
    CONFIGURATION_SET: ("configuration set", "configuration-set"),
    POOL: ("pool", "pool"),
    "AWS::SMSVOICE::ProtectConfiguration": ("protect configuration", "protect-configuration"),
    "AWS::SMSVOICE::SenderId": ("sender ID", "sender-id"),
    "AWS::SMSVOICE::ResourcePolicy": ("resource policy", "resource-policy"),
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
    """``phone number harborline-refills-east``; a registration by its type: ``10DLC campaign shop-alerts``."""
    if change.resource_type == REGISTRATION_TYPE:
        return registration_subject(change)
    return f"{kind(change.resource_type)[0]} {change.name}"


def registration_subject(change: ResourceChange) -> str:
    """``10DLC campaign shop-alerts``: a registration named by the type it had (toll-free: "registration")."""
    registration_type = (change.old or change.current).properties.get(RegistrationProps.REGISTRATION_TYPE)
    return f"{kind_of(registration_type).words} {change.name}"


def ack_id(verb: str, change: ResourceChange, name: str | None = None, slug: str | None = None) -> str:
    """``release:phone-number/harborline-refills-east@us-east-1``: stable across runs and revisions."""
    return f"{verb}:{slug or kind(change.resource_type)[1]}/{name or change.name}@{change.region}"


def listed(items: Iterable[str], limit: int = 3) -> str:
    values = sorted(items)
    shown = ", ".join(values[:limit])
    return f"{shown} and {len(values) - limit} more" if len(values) > limit else shown


def renamed(change: ResourceChange) -> str:
    return " (renamed: replaced by a new resource)" if change.kind == "renamed" else ""


def current_properties(change: ResourceChange) -> Mapping[str, Any]:
    return change.current.properties


def replaced_by(change: ResourceChange) -> tuple[str, ...]:
    """Create-only properties that differ on a ``changed`` resource (non-empty: it is replaced)."""
    if change.kind != "changed" or change.old is None or change.new is None:
        return ()
    return replacing_properties(change.resource_type, change.region, change.old.properties, change.new.properties)


def is_messaging(resource_type: str) -> bool:
    return resource_type.startswith(("AWS::SMSVOICE::", TYPE_PREFIX))


def releases_on_delete(state: ResourceState) -> bool:
    """A number leaving the stack is released: ours with ``OnDelete: release``, CloudFormation's unless retained."""
    if state.type == PHONE_NUMBER_TYPE:
        return state.properties.get(PhoneNumberProps.ON_DELETE) == "release"
    return not state.retained_on_delete


def newly_submitted(change: ResourceChange) -> bool:
    """A registration goes to review with this change: added with ``Submit: true``, or ``Submit`` turned on.

    A renamed one counts as added: its new logical ID is a new registration (the old one is kept, and only a
    stack deleted and deployed again under its name adopts it), created and submitted from scratch.
    """
    if (
        change.resource_type != REGISTRATION_TYPE
        or current_properties(change).get(RegistrationProps.SUBMIT) is not True
    ):
        return False
    return change.kind in ("added", "renamed") or (
        change.kind == "changed"
        and change.old is not None
        and change.old.properties.get(RegistrationProps.SUBMIT) is not True
    )
