"""``RegistrationTracking``: notice registration transitions without anyone remembering to look.

Per environment and region: an EventBridge rule on ``aws.sms-voice`` "Registration Status Change"
events plus a scheduled poll (the backstop for missed events) invoke one Lambda. It re-reads each
registration and its versions, remembers the last notified state in a DynamoDB ledger (conditional
writes, so one notification per transition) and publishes to a KMS-encrypted topic. The poll also
emits the gauges behind the alarms and the dashboard. Deploys never wait for any of it.

Decisions a reviewer should know:
* No reserved concurrency: reserving it fails deploys in fresh accounts (low unreserved quota).
* No DLQ: a lost event is recovered by the next poll, which re-reads everything; the rule's target
  retries (``retry_attempts``) cover transient failures, and errors alarm.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

from sms_estate import nag
from sms_estate.ledger_table import ledger_table
from sms_estate.messaging import CloudWatchLogsDestination, SmsConfigurationSet
from sms_estate.messaging.encryption import allow_log_group_encryption
from sms_estate.registrations import SmsRegistration
from sms_estate.runtime_function import runtime_function
from sms_estate.stack_facts import facts_of
from sms_estate.tracking.alarms import add_alarms, alarm_name_prefix
from sms_estate.tracking.dashboard import DashboardSpec, dashboard_body, delivery_namespace
from sms_estate.tracking.delivery_metrics import add_delivery_metric_filters
from sms_estate.yaml_app.config.model import Environment
from sms_runtime.tracking.events import SMS_SOURCE, STATUS_CHANGE

HANDLER = "sms_runtime.tracking.handler.on_event"
HANDLER_TIMEOUT = cdk.Duration.minutes(5)
# Lambda environment variables share 4 KB. Registration IDs resolve to ~45 characters, so only the first
# few are passed; the tracker finds the rest by the logical-ID tag the custom resource puts on each.
MAX_ID_MAP_ENTRIES = 12
CONFIG_INDEX_PATH = "/opt/sms-estate/config-index.json"  # where the layer below unpacks
_READ_REGISTRATIONS = [
    "sms-voice:DescribeRegistrations",
    "sms-voice:DescribeRegistrationVersions",
    "sms-voice:DescribeRegistrationFieldValues",
    "sms-voice:ListTagsForResource",
]


class RegistrationTracking(Construct):
    """Tracking for the registrations and numbers of one environment in one region."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        environment: Environment,
        region: str,
        registrations: Mapping[str, SmsRegistration] | None = None,
        configuration_sets: Mapping[str, SmsConfigurationSet] | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)
        settings = environment.tracking
        prefix = alarm_name_prefix(environment.name, region)
        self.key = kms.Key(
            self,
            "Key",
            description=f"Encrypts sms-estate registration tracking data of {environment.name} in {region}",
            enable_key_rotation=True,
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        facts = facts_of(stack)
        alarm_arns = facts.arn("cloudwatch", "alarm", f"{prefix}*", separator=":")
        alarm_conditions = {
            "StringEquals": {"aws:SourceAccount": facts.account},
            "ArnLike": {"aws:SourceArn": alarm_arns},
        }
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowCloudWatchAlarmsOfThisEstate",
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                actions=["kms:GenerateDataKey*", "kms:Decrypt"],
                resources=["*"],
                conditions=alarm_conditions,
            )
        )
        self.topic = sns.Topic(
            self,
            "StatusTopic",
            display_name=f"sms-estate {environment.name} {region} registration status",
            master_key=self.key,
            enforce_ssl=True,
        )
        self.topic.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowCloudWatchAlarmsOfThisEstate",
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                actions=["sns:Publish"],
                resources=[self.topic.topic_arn],
                conditions=alarm_conditions,
            )
        )
        for email in settings.notify_emails:
            self.topic.add_subscription(subscriptions.EmailSubscription(email))
        # only de-duplicates notifications: losing it costs at most one repeated notification
        self.ledger = ledger_table(
            self,
            "Ledger",
            partition_key="RegistrationId",
            removal_policy=cdk.RemovalPolicy.DESTROY,
            encryption_key=self.key,
        )
        self.function = self._function(stack, environment, region, registrations or {})
        self._grant(stack)
        rule_target = targets.LambdaFunction(self.function, retry_attempts=8, max_event_age=cdk.Duration.hours(6))
        events.Rule(
            self,
            "StatusChangeRule",
            description=f"Registration status changes in {region} -> sms-estate tracker ({environment.name})",
            event_pattern=events.EventPattern(source=[SMS_SOURCE], detail_type=[STATUS_CHANGE]),
            targets=[rule_target],
        )
        events.Rule(
            self,
            "PollSchedule",
            description=f"Backstop poll of every registration and number ({environment.name} {region})",
            schedule=events.Schedule.rate(cdk.Duration.minutes(settings.poll_interval_minutes)),
            targets=[targets.LambdaFunction(self.function, retry_attempts=2)],
        )
        self.alarms = add_alarms(
            self,
            environment=environment.name,
            region=region,
            topic=self.topic,
            function=self.function,
            poll_minutes=settings.poll_interval_minutes,
            pending_hours=settings.pending_alarm_hours,
            spend_limit_usd=settings.spend_limit_usd,
        )
        log_destinations = [
            d
            for config_set in (configuration_sets or {}).values()
            for d in config_set.destinations
            if isinstance(d, CloudWatchLogsDestination)
        ]
        namespace = delivery_namespace(environment.name)
        has_logs = add_delivery_metric_filters(self, log_destinations, namespace) > 0
        self.dashboard_spec = DashboardSpec(
            environment=environment.name,
            region=region,
            delivery_namespace=namespace,
            has_delivery_logs=has_logs,
            alarm_arns=[a.alarm_arn for a in self.alarms],
            spend_limit_usd=settings.spend_limit_usd,
            config_file=_config_file(environment.source),
        )
        cloudwatch.CfnDashboard(
            self,
            "Dashboard",
            dashboard_name=f"SmsEstate-{environment.name}-{region}",
            dashboard_body=stack.to_json_string(dashboard_body(self.dashboard_spec)),
        )
        self._acknowledge(stack)

    def _function(
        self, stack: cdk.Stack, environment: Environment, region: str, registrations: Mapping[str, SmsRegistration]
    ) -> lambda_.Function:
        log_group_name = f"/sms-estate/{environment.name}/registration-tracker"
        allow_log_group_encryption(self.key, log_group_name)
        log_group = logs.LogGroup(
            self,
            "TrackerLogs",
            log_group_name=log_group_name,
            encryption_key=self.key,
            retention=logs.RetentionDays.ONE_YEAR,
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        self.role = iam.Role(
            self,
            "TrackerRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Reads SMS registrations and numbers, notifies ({environment.name} {region})",
        )
        entries = {
            reg.name: {"index": index, "attachments": sorted(reg.attachments)}
            for index, reg in enumerate(environment.registrations)
            if reg.region == region
        }
        known_ids = [[construct.registration_id, name] for name, construct in sorted(registrations.items())]
        return runtime_function(
            self,
            "Tracker",
            handler=HANDLER,
            role=self.role,
            timeout=HANDLER_TIMEOUT,
            log_group=log_group,
            layers=[self._config_index_layer(entries)],
            description=f"sms-estate registration status tracker ({environment.name} {region})",
            environment={
                "SMS_ESTATE_ENVIRONMENT": environment.name,
                "LEDGER_TABLE": self.ledger.table_name,
                "TOPIC_ARN": self.topic.topic_arn,
                "CONFIG_FILE": _config_file(environment.source),
                "CONFIG_INDEX_FILE": CONFIG_INDEX_PATH,
                "REGISTRATION_IDS": stack.to_json_string(known_ids[:MAX_ID_MAP_ENTRIES]),
                "OVERDUE_HOURS": f"{environment.tracking.pending_alarm_hours:g}",
            },
        )

    def _config_index_layer(self, entries: Mapping[str, object]) -> lambda_.LayerVersion:
        """The config index (name -> index, attachment fields) as a layer file, not an environment variable.

        A bulk environment lists hundreds of registrations, far beyond the 4 KB Lambda allows for all
        environment variables together. The file's content decides the asset hash, so synthesis stays
        deterministic; the Lambda reads it from ``/opt`` and needs no extra permission. The folder is
        temporary and removed at once: the asset is staged (copied into the cloud assembly) when the
        layer is created, so nothing is left in the system's temp folder per synth (issue 13).
        """
        with tempfile.TemporaryDirectory(prefix="sms-estate-config-index-") as folder:
            target = Path(folder) / Path(CONFIG_INDEX_PATH).relative_to("/opt")
            target.parent.mkdir(parents=True)
            target.write_text(json.dumps(entries, sort_keys=True, separators=(",", ":")), encoding="utf-8")
            return lambda_.LayerVersion(
                self,
                "ConfigIndex",
                code=lambda_.Code.from_asset(folder),
                compatible_architectures=[lambda_.Architecture.ARM_64],
                description="sms-estate: where each registration sits in the environment's config file",
            )

    def _grant(self, stack: cdk.Stack) -> None:
        facts = facts_of(stack)
        self.role.add_to_policy(
            iam.PolicyStatement(actions=_READ_REGISTRATIONS, resources=[facts.arn("sms-voice", "registration/*")])
        )
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["sms-voice:DescribePhoneNumbers"], resources=[facts.arn("sms-voice", "phone-number/*")]
            )
        )
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
                resources=[self.ledger.table_arn],
            )
        )
        self.role.add_to_policy(iam.PolicyStatement(actions=["sns:Publish"], resources=[self.topic.topic_arn]))
        self.role.add_to_policy(
            iam.PolicyStatement(actions=["kms:Decrypt", "kms:GenerateDataKey"], resources=[self.key.key_arn])
        )

    def _acknowledge(self, stack: cdk.Stack) -> None:
        facts = facts_of(stack)
        nag.acknowledge(
            self.role,
            "AwsSolutions-IAM5",
            "The tracker reads every registration and phone number of this account and region, whose IDs "
            "the API assigns after deploy; the wildcards are limited to those two ARN patterns and to "
            "read-only actions.",
            applies_to=[
                f"Resource::{facts.finding_arn('sms-voice', f'{kind}/*')}" for kind in ("registration", "phone-number")
            ],
        )


def _config_file(source: Path) -> str:
    """The config file as people refer to it (``config/prod.yaml``), independent of the checkout path."""
    return f"{source.parent.name}/{source.name}"
