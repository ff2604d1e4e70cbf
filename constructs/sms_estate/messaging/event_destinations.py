"""Event destinations of a configuration set: CloudWatch Logs, Firehose and SNS.

Each destination construct creates its target (or imports one by ARN) and whatever lets the SMS
service write to it: an IAM role for Logs and Firehose, a topic policy for SNS. Every trust goes to
``sms-voice.amazonaws.com`` only for this account and this configuration set (see
``service_principal``). Each exposes ``property``: the ``EventDestination`` entry for the L1
configuration set.
"""

from __future__ import annotations

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
from constructs import Construct

from sms_estate.messaging.encryption import (
    allow_log_group_encryption,
    allow_sms_service_to_publish_encrypted,
    events_key,
)
from sms_estate.messaging.service_principal import (
    configuration_set_arn,
    sms_service_principal,
    sms_service_statement,
)
from sms_estate.nag import acknowledge
from sms_estate.stack_facts import facts_of


@dataclass(frozen=True)
class EventDestinationSpec:
    """What every destination kind shares: its name, the events it receives, on or off."""

    name: str
    event_types: Sequence[str]
    enabled: bool = True


class _Destination(Construct):
    """Common shape: knows its configuration set and renders the L1 property."""

    def __init__(self, scope: Construct, id: str, *, configuration_set_name: str, spec: EventDestinationSpec) -> None:
        super().__init__(scope, id)
        self.stack = cdk.Stack.of(self)
        self.spec = spec
        self.configuration_set_name = configuration_set_name
        self.source_arn = configuration_set_arn(self.stack, configuration_set_name)

    def _service_role(self, description: str) -> iam.Role:
        return iam.Role(
            self,
            "ServiceRole",
            assumed_by=sms_service_principal(self.stack, self.source_arn),
            description=description,
        )

    def _property(self, **target: object) -> smsvoice.CfnConfigurationSet.EventDestinationProperty:
        return smsvoice.CfnConfigurationSet.EventDestinationProperty(
            event_destination_name=self.spec.name,
            enabled=self.spec.enabled,
            matching_event_types=list(self.spec.event_types),
            **target,  # type: ignore[arg-type]
        )


class CloudWatchLogsDestination(_Destination):
    """Events into an encrypted log group with retention (created, or imported by ARN)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        configuration_set_name: str,
        spec: EventDestinationSpec,
        log_group_arn: str | None = None,
        retention_days: int = 90,
        encryption_key: kms.IKey | None = None,
    ) -> None:
        super().__init__(scope, id, configuration_set_name=configuration_set_name, spec=spec)
        if log_group_arn is None:
            name = f"/sms-voice/{configuration_set_name}/{spec.name}"
            self._create_log_group(name, encryption_key or events_key(self), retention_days)
            # the ARN without the trailing ":*", as the service wants it; cdk-nag prints it with a placeholder
            facts = facts_of(self.stack)
            target = facts.arn("logs", "log-group", name, separator=":")
            finding = facts.finding_arn("logs", f"log-group:{name}")
        else:
            target = finding = log_group_arn
        self.log_group_arn = target
        self.role = self._service_role(f"Lets SMS configuration set {configuration_set_name} write events to logs")
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                resources=[f"{target}:*"],
            )
        )
        acknowledge(
            self.role,
            "AwsSolutions-IAM5",
            "Log streams are created by the SMS service with names we cannot know; the wildcard is "
            "limited to streams of this one log group, exactly as the SMS user guide's policy.",
            applies_to=[f"Resource::{finding}:*"],
        )
        self.property = self._property(
            cloud_watch_logs_destination=smsvoice.CfnConfigurationSet.CloudWatchLogsDestinationProperty(
                iam_role_arn=self.role.role_arn, log_group_arn=target
            )
        )

    def _create_log_group(self, name: str, key: kms.IKey, retention_days: int) -> None:
        allow_log_group_encryption(key, name)
        group = logs.LogGroup(
            self, "LogGroup", log_group_name=name, encryption_key=key, removal_policy=cdk.RemovalPolicy.RETAIN
        )
        # RetentionDays is an enum of names in jsii; CloudFormation takes the number itself.
        cfn_group = group.node.default_child
        assert isinstance(cfn_group, logs.CfnLogGroup)
        cfn_group.retention_in_days = retention_days
        group.node.add_dependency(key)


class FirehoseDestination(_Destination):
    """Events into a Firehose stream that archives to an encrypted, access-logged bucket."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        configuration_set_name: str,
        spec: EventDestinationSpec,
        delivery_stream_arn: str | None = None,
        bucket_retention_days: int = 365,
        encryption_key: kms.IKey | None = None,
    ) -> None:
        super().__init__(scope, id, configuration_set_name=configuration_set_name, spec=spec)
        if delivery_stream_arn is None:
            delivery_stream_arn = self._create_stream(
                encryption_key or events_key(self), cdk.Duration.days(bucket_retention_days)
            )
        self.delivery_stream_arn = delivery_stream_arn
        self.role = self._service_role(f"Lets SMS configuration set {configuration_set_name} put events to Firehose")
        # The guide grants firehose:PutRecord only; the service does not batch.
        self.role.add_to_policy(iam.PolicyStatement(actions=["firehose:PutRecord"], resources=[delivery_stream_arn]))
        self.property = self._property(
            kinesis_firehose_destination=smsvoice.CfnConfigurationSet.KinesisFirehoseDestinationProperty(
                iam_role_arn=self.role.role_arn, delivery_stream_arn=delivery_stream_arn
            )
        )

    def _create_stream(self, key: kms.IKey, retention: cdk.Duration) -> str:
        access_logs = s3.Bucket(
            self,
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
            self,
            "Archive",
            encryption=s3.BucketEncryption.KMS,
            encryption_key=key,
            bucket_key_enabled=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            versioned=True,
            server_access_logs_bucket=access_logs,
            server_access_logs_prefix="archive/",
            lifecycle_rules=[
                s3.LifecycleRule(expiration=retention, noncurrent_version_expiration=cdk.Duration.days(30))
            ],
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        stream = firehose.DeliveryStream(
            self,
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
                f"Resource::<{self.stack.get_logical_id(archive.node.default_child)}.Arn>/*",  # type: ignore[arg-type]
            ],
        )
        return stream.delivery_stream_arn


class SnsDestination(_Destination):
    """Events to a KMS-encrypted, TLS-only topic (created, or imported by ARN).

    An imported topic's policy is left alone: CloudFormation's topic policies replace the whole
    policy, which could drop its owner's statements. Its owner adds the statement in the README.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        configuration_set_name: str,
        spec: EventDestinationSpec,
        topic_arn: str | None = None,
        encryption_key: kms.IKey | None = None,
    ) -> None:
        super().__init__(scope, id, configuration_set_name=configuration_set_name, spec=spec)
        if topic_arn is None:
            key = encryption_key or events_key(self)
            topic = sns.Topic(self, "Topic", master_key=key, enforce_ssl=True)
            topic.add_to_resource_policy(
                sms_service_statement(self.stack, self.source_arn, ["sns:Publish"], [topic.topic_arn])
            )
            allow_sms_service_to_publish_encrypted(key, self.source_arn)
            topic_arn = topic.topic_arn
            self.topic: sns.ITopic = topic
        else:
            self.topic = sns.Topic.from_topic_arn(self, "Topic", topic_arn)
        self.topic_arn = topic_arn
        self.property = self._property(
            sns_destination=smsvoice.CfnConfigurationSet.SnsDestinationProperty(topic_arn=topic_arn)
        )
