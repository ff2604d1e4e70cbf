"""Event destinations of a configuration set: CloudWatch Logs, Firehose and SNS.

A caller says *where* events go with a small value (:class:`CloudWatchLogsDestination`,
:class:`FirehoseDestination`, :class:`SnsDestination`, like ``aws_s3_notifications.SnsDestination``)
and hands it to :meth:`SmsConfigurationSet.add_event_destination`. The set builds an
``EventDestination`` construct (``configuration_set.py``) as its own child, named for itself, so a
destination can never trust or name another set than the one it is attached to.

The value creates the target (or uses one by ARN) and whatever lets the SMS service write to it: an IAM
role for Logs and Firehose, a topic policy for SNS. Every trust goes to ``sms-voice.amazonaws.com`` only
for this account and this configuration set (see ``service_principal``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kinesisfirehose as firehose
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_smsvoice as smsvoice
from aws_cdk import aws_sns as sns
from constructs import Construct, RootConstruct

from sms_estate.messaging.choices import EVENT_TYPES, EventType, check_choice
from sms_estate.messaging.encryption import (
    allow_log_group_encryption,
    allow_sms_service_to_publish_encrypted,
    events_key,
)
from sms_estate.messaging.retention import retained
from sms_estate.messaging.service_principal import (
    configuration_set_arn,
    sms_service_principal,
    sms_service_statement,
)
from sms_estate.nag import acknowledge
from sms_estate.stack_facts import facts_of


@functools.cache
def log_retention_days() -> frozenset[int]:
    """The retention periods (days) CloudWatch Logs accepts: the numbers behind ``aws_logs.RetentionDays``.

    jsii hands Python the enum's member names only; the numbers live on the Node side, where the
    members *are* those numbers. So the members are resolved there in one round trip (``Stack.resolve``
    in a scratch tree of its own: no App, no output folder), once per process. ``INFINITE`` is a
    stand-in, not a retention (a ``LogGroup`` given it sets none): a destination's group always expires.
    """
    members = [member for member in logs.RetentionDays if member is not logs.RetentionDays.INFINITE]
    numbers = cdk.Stack(RootConstruct("RetentionDays"), "Scratch").resolve(members)
    return frozenset(int(number) for number in numbers)


@dataclass(frozen=True, kw_only=True)
class CloudWatchLogsDestination:
    """Events into an encrypted log group with retention (created, or an existing one by ARN).

    :param log_group_arn: an existing log group (without ``:*``). Default: a new group
        ``/sms-voice/<set>/<destination>``, encrypted with ``encryption_key`` and retained.
    :param retention_days: how long the new group keeps events. Default: 90.
    :param encryption_key: the new group's key. Default: the stack's shared event-data key.
    """

    log_group_arn: str | None = None
    retention_days: int = 90
    encryption_key: kms.IKey | None = None

    def _bind(self, destination: DestinationSite) -> smsvoice.CfnConfigurationSet.EventDestinationProperty:
        allowed = log_retention_days()
        if self.retention_days not in allowed:
            raise ValueError(
                f"{destination.node.path}: retention_days {self.retention_days!r} is not a retention CloudWatch "
                f"Logs accepts; one of {', '.join(map(str, sorted(allowed)))}"
            )
        set_name = destination.configuration_set_name
        if self.log_group_arn is None:
            name = f"/sms-voice/{set_name}/{destination.event_destination_name}"
            _create_log_group(destination, name, self.encryption_key or events_key(destination), self.retention_days)
            # the ARN without the trailing ":*", as the service wants it; cdk-nag prints it with a placeholder
            facts = facts_of(destination.stack)
            target = facts.arn("logs", "log-group", name, separator=":")
            finding = facts.finding_arn("logs", f"log-group:{name}")
        else:
            target = finding = self.log_group_arn
        destination.log_group_arn = target
        role = destination.service_role(f"Lets SMS configuration set {set_name} write events to logs")
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                resources=[f"{target}:*"],
            )
        )
        acknowledge(
            role,
            "AwsSolutions-IAM5",
            "Log streams are created by the SMS service with names we cannot know; the wildcard is "
            "limited to streams of this one log group, exactly as the SMS user guide's policy.",
            applies_to=[f"Resource::{finding}:*"],
        )
        return destination.render(
            cloud_watch_logs_destination=smsvoice.CfnConfigurationSet.CloudWatchLogsDestinationProperty(
                iam_role_arn=role.role_arn, log_group_arn=target
            )
        )


@dataclass(frozen=True, kw_only=True)
class FirehoseDestination:
    """Events into a Firehose stream (created with an encrypted, access-logged archive bucket, or by ARN).

    :param delivery_stream_arn: an existing stream. Default: a new stream archiving to a new bucket.
    :param bucket_retention_days: how long the new bucket keeps events. Default: 365.
    :param encryption_key: the new bucket's key. Default: the stack's shared event-data key.
    """

    delivery_stream_arn: str | None = None
    bucket_retention_days: int = 365
    encryption_key: kms.IKey | None = None

    def _bind(self, destination: DestinationSite) -> smsvoice.CfnConfigurationSet.EventDestinationProperty:
        stream_arn = self.delivery_stream_arn
        if stream_arn is None:
            key = self.encryption_key or events_key(destination)
            stream_arn = _create_stream(destination, key, cdk.Duration.days(self.bucket_retention_days))
        destination.delivery_stream_arn = stream_arn
        set_name = destination.configuration_set_name
        role = destination.service_role(f"Lets SMS configuration set {set_name} put events to Firehose")
        # The guide grants firehose:PutRecord only; the service does not batch.
        role.add_to_policy(iam.PolicyStatement(actions=["firehose:PutRecord"], resources=[stream_arn]))
        return destination.render(
            kinesis_firehose_destination=smsvoice.CfnConfigurationSet.KinesisFirehoseDestinationProperty(
                iam_role_arn=role.role_arn, delivery_stream_arn=stream_arn
            )
        )


@dataclass(frozen=True, kw_only=True)
class SnsDestination:
    """Events to a KMS-encrypted, TLS-only topic (created, or an existing one by ARN).

    An existing topic's policy is left alone: CloudFormation's topic policies replace the whole
    policy, which could drop its owner's statements. Its owner adds the statement in the README.

    :param topic_arn: an existing topic. Default: a new topic the SMS service may publish to.
    :param encryption_key: the new topic's key. Default: the stack's shared event-data key.
    """

    topic_arn: str | None = None
    encryption_key: kms.IKey | None = None

    def _bind(self, destination: DestinationSite) -> smsvoice.CfnConfigurationSet.EventDestinationProperty:
        if self.topic_arn is None:
            key = self.encryption_key or events_key(destination)
            topic = sns.Topic(destination, "Topic", master_key=key, enforce_ssl=True)
            topic.add_to_resource_policy(
                sms_service_statement(destination.stack, destination.source_arn, ["sns:Publish"], [topic.topic_arn])
            )
            allow_sms_service_to_publish_encrypted(key, destination.source_arn)
            topic_arn = topic.topic_arn
            destination.topic = topic
        else:
            topic_arn = self.topic_arn
            destination.topic = sns.Topic.from_topic_arn(destination, "Topic", topic_arn)
        return destination.render(
            sns_destination=smsvoice.CfnConfigurationSet.SnsDestinationProperty(topic_arn=topic_arn)
        )


Destination = CloudWatchLogsDestination | FirehoseDestination | SnsDestination
"""Where a configuration set's events go."""


class DestinationSite(Construct):
    """The construct a destination value builds into: the base of ``EventDestination``.

    Not public: its constructor takes a set's name, which a caller could get wrong. The public subclass
    (``configuration_set.EventDestination``) takes the ``SmsConfigurationSet`` itself and fills the name
    in, and is the only subclass; this module cannot name the set's class (that would be an import cycle).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        configuration_set_name: str,
        name: str,
        event_types: Sequence[EventType],
        enabled: bool,
        destination: Destination,
    ) -> None:
        super().__init__(scope, id)
        for event_type in event_types:
            check_choice(self, "event_types", event_type, EVENT_TYPES)
        if not event_types:
            raise ValueError(f"{self.node.path}: an event destination needs at least one event type")
        self.stack = cdk.Stack.of(self)
        self.event_destination_name = name
        self.event_types: tuple[EventType, ...] = tuple(event_types)
        self.enabled = enabled
        self.destination = destination
        self.configuration_set_name = configuration_set_name
        self.source_arn = configuration_set_arn(self.stack, configuration_set_name)
        self.role: iam.Role | None = None
        self.log_group_arn: str | None = None
        self.delivery_stream_arn: str | None = None
        self.topic: sns.ITopic | None = None
        # private: the L1 entry goes on this destination's own set only (the set reads it)
        self._property = destination._bind(self)

    def service_role(self, description: str) -> iam.Role:
        """The role the SMS service assumes to write here, trusted for this set and account only."""
        self.role = iam.Role(
            self,
            "ServiceRole",
            assumed_by=sms_service_principal(self.stack, self.source_arn),
            description=description,
        )
        return self.role

    def render(self, **target: object) -> smsvoice.CfnConfigurationSet.EventDestinationProperty:
        """The L1 ``EventDestination`` entry with this destination's name, events and target."""
        return smsvoice.CfnConfigurationSet.EventDestinationProperty(
            event_destination_name=self.event_destination_name,
            enabled=self.enabled,
            matching_event_types=list(self.event_types),
            **target,  # type: ignore[arg-type]
        )


def _create_log_group(scope: DestinationSite, name: str, key: kms.IKey, retention_days: int) -> None:
    allow_log_group_encryption(key, name)
    group = logs.LogGroup(
        scope, "LogGroup", log_group_name=name, encryption_key=key, removal_policy=retained(named=True)
    )
    # RetentionDays is an enum of names in jsii; CloudFormation takes the number itself.
    cfn_group = group.node.default_child
    assert isinstance(cfn_group, logs.CfnLogGroup)
    cfn_group.retention_in_days = retention_days
    group.node.add_dependency(key)


def _create_stream(scope: DestinationSite, key: kms.IKey, retention: cdk.Duration) -> str:
    access_logs = s3.Bucket(
        scope,
        "AccessLogs",
        encryption=s3.BucketEncryption.S3_MANAGED,  # S3 server access logging cannot write to KMS buckets
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        enforce_ssl=True,
        object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
        lifecycle_rules=[s3.LifecycleRule(expiration=retention)],
        removal_policy=cdk.RemovalPolicy.RETAIN,
    )
    acknowledge(
        access_logs,
        "AwsSolutions-S1",
        "This bucket is the server access log target of the event archive; logging it to itself "
        "would loop, and a third bucket only moves the finding.",
    )
    archive = s3.Bucket(
        scope,
        "Archive",
        encryption=s3.BucketEncryption.KMS,
        encryption_key=key,
        bucket_key_enabled=True,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        enforce_ssl=True,
        versioned=True,
        server_access_logs_bucket=access_logs,
        server_access_logs_prefix="archive/",
        lifecycle_rules=[s3.LifecycleRule(expiration=retention, noncurrent_version_expiration=cdk.Duration.days(30))],
        removal_policy=cdk.RemovalPolicy.RETAIN,
    )
    stream = firehose.DeliveryStream(
        scope,
        "Stream",
        destination=firehose.S3Bucket(
            archive,
            encryption_key=key,
            data_output_prefix="events/!{timestamp:yyyy/MM/dd}/",
            error_output_prefix="errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/",
            compression=firehose.Compression.GZIP,
        ),
        encryption=firehose.StreamEncryption.aws_owned_key(),
    )
    acknowledge(
        stream,
        "AwsSolutions-IAM5",
        "Generated by the Firehose L2 for its S3 delivery role: object-level actions on the archive "
        "bucket's objects and KMS data-key generation, all scoped to this bucket and key.",
        applies_to=[
            "Action::s3:Abort*",
            "Action::s3:DeleteObject*",
            "Action::s3:GetBucket*",
            "Action::s3:GetObject*",
            "Action::s3:List*",
            "Action::kms:GenerateDataKey*",
            "Action::kms:ReEncrypt*",
            f"Resource::<{scope.stack.get_logical_id(archive.node.default_child)}.Arn>/*",  # type: ignore[arg-type]
        ],
    )
    return stream.delivery_stream_arn
