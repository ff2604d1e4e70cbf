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
* The review state (issue 18), when given: the tracker writes a digest of the approved registrations to
  that one SSM parameter (``ssm:GetParameter`` and ``ssm:PutParameter`` on its ARN, nothing more), so the
  next deploy carries on the resources waiting for an approval.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import jsii
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
from sms_estate.messaging.encryption import allow_log_group_encryption
from sms_estate.messaging.retention import retained
from sms_estate.registrations import ISmsRegistration
from sms_estate.runtime_function import runtime_function
from sms_estate.stack_facts import facts_of
from sms_estate.tracking.alarms import add_alarms, alarm_name_prefix
from sms_estate.tracking.dashboard import DashboardSpec, dashboard_body, delivery_namespace
from sms_estate.tracking.delivery_metrics import add_delivery_metric_filters
from sms_runtime.tracking.config_keys import ConfigEntry
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
_REVIEW_STATE_ACTIONS = ["ssm:GetParameter", "ssm:PutParameter"]  # read, then write only when different
# The dashboard name allows only these characters, and the name is in it (and in alarm and log group names).
_ENVIRONMENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class RegistrationTracking(Construct):
    """Tracking for the registrations and numbers of one environment in one region."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        environment_name: str,
        region: str | None = None,
        registrations: Mapping[str, ISmsRegistration] | None = None,
        notify_emails: Sequence[str] = (),
        poll_interval_minutes: int = 60,
        pending_alarm_hours: float = 24.0,
        spend_limit_usd: float | None = None,
        delivery_log_group_arns: Sequence[str] = (),
        config_file: str = "",
        config_entries: Sequence[ConfigEntry] = (),
        review_state_parameter_name: str | None = None,
    ) -> None:
        """Track one environment's registrations in one region.

        :param environment_name: names the alarms, dashboard, log group and metric namespace
            (letters, digits, ``-``, ``_``; at most 64). Required.
        :param region: the region tracked. Default: the stack's region.
        :param registrations: name -> registration (``SmsRegistration`` or imported); their IDs reach
            the tracker so notifications name them (the first few only: Lambda's 4 KB of environment;
            the rest are found by their tags). Default: none.
        :param notify_emails: addresses subscribed by email (confirmation required) to the status
            topic (``topic``). Default: none.
        :param poll_interval_minutes: how often the backstop poll re-reads every registration and
            number; also the alarms' period. Default: 60.
        :param pending_alarm_hours: alarm when a registration is still CREATED/SUBMITTED this long after
            submission. Default: 24.
        :param spend_limit_usd: the account's monthly SMS spend limit: drawn on the dashboard and
            alarmed at 80%. Default: None, no spend alarm.
        :param delivery_log_group_arns: CloudWatch Logs groups receiving SMS event records (an event
            destination's); each gets the delivered/failed/blocked metric filters the dashboard plots.
            Default: none, the dashboard says how to add one.
        :param config_file: where people edit these registrations (``config/prod.yaml``), quoted in
            notifications and on the dashboard. Default: none.
        :param config_entries: where each registration sits in ``config_file`` (its index and
            attachment fields), so a denial's advice names the key to edit. Default: none.
        :param review_state_parameter_name: the SSM String parameter (``ReviewStateParameter``, made by a
            stack deployed first, in this stack's region) the tracker updates when a registration is
            approved, so that the next deploy of this stack carries on what waits for the approval; the
            approval notification then names this stack. Default: None, nothing written.
        """
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)
        region = stack.region if region is None else region
        self._check(environment_name, notify_emails, poll_interval_minutes, pending_alarm_hours, spend_limit_usd)
        prefix = alarm_name_prefix(environment_name, region)
        self.key = kms.Key(
            self,
            "Key",
            description=f"Encrypts sms-estate registration tracking data of {environment_name} in {region}",
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
            display_name=f"sms-estate {environment_name} {region} registration status",
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
        for email in notify_emails:
            self.topic.add_subscription(subscriptions.EmailSubscription(email))
        # only de-duplicates notifications: losing it costs at most one repeated notification
        self.ledger = ledger_table(
            self,
            "Ledger",
            partition_key="RegistrationId",
            removal_policy=cdk.RemovalPolicy.DESTROY,
            encryption_key=self.key,
        )
        known_ids = [[r.registration_id, name] for name, r in sorted((registrations or {}).items())]
        self.function = self._function(
            stack,
            environment_name,
            region,
            config_file=config_file,
            config_entries=config_entries,
            known_ids=known_ids,
            pending_alarm_hours=pending_alarm_hours,
            review_state_parameter_name=review_state_parameter_name,
        )
        self._grant(stack, review_state_parameter_name)
        rule_target = targets.LambdaFunction(self.function, retry_attempts=8, max_event_age=cdk.Duration.hours(6))
        events.Rule(
            self,
            "StatusChangeRule",
            description=f"Registration status changes in {region} -> sms-estate tracker ({environment_name})",
            event_pattern=events.EventPattern(source=[SMS_SOURCE], detail_type=[STATUS_CHANGE]),
            targets=[rule_target],
        )
        events.Rule(
            self,
            "PollSchedule",
            description=f"Backstop poll of every registration and number ({environment_name} {region})",
            schedule=events.Schedule.rate(cdk.Duration.minutes(poll_interval_minutes)),
            targets=[targets.LambdaFunction(self.function, retry_attempts=2)],
        )
        self.alarms = add_alarms(
            self,
            environment=environment_name,
            region=region,
            topic=self.topic,
            function=self.function,
            poll_minutes=poll_interval_minutes,
            pending_hours=pending_alarm_hours,
            spend_limit_usd=spend_limit_usd,
        )
        namespace = delivery_namespace(environment_name)
        has_logs = add_delivery_metric_filters(self, delivery_log_group_arns, namespace) > 0
        self.dashboard_spec = DashboardSpec(
            environment=environment_name,
            region=region,
            delivery_namespace=namespace,
            has_delivery_logs=has_logs,
            alarm_arns=[a.alarm_arn for a in self.alarms],
            spend_limit_usd=spend_limit_usd,
            config_file=config_file,
        )
        self._extra_rows: list[list[dict[str, Any]]] = []
        cloudwatch.CfnDashboard(
            self,
            "Dashboard",
            dashboard_name=f"SmsEstate-{environment_name}-{region}",
            dashboard_body=cdk.Lazy.string(_DashboardBody(stack, self.dashboard_spec, self._extra_rows)),
        )
        self._acknowledge(stack)

    def add_widgets(self, *widgets: cloudwatch.IWidget) -> None:
        """Add one row of widgets at the bottom of this region's dashboard (as ``cloudwatch.Dashboard`` does).

        Why here rather than a dashboard of their own: whoever watches the estate reads one dashboard per
        region; the opt-out sync puts its drift and counts there.
        """
        self._extra_rows.append([body for widget in widgets for body in widget.to_json()])

    def _check(
        self,
        environment_name: str,
        notify_emails: Sequence[str],
        poll_interval_minutes: int,
        pending_alarm_hours: float,
        spend_limit_usd: float | None,
    ) -> None:
        """Refuse values CloudFormation or CloudWatch would refuse only at deploy, naming this construct."""
        problems = []
        if not _ENVIRONMENT_NAME.match(environment_name):
            problems.append(f"environment_name must be 1 to 64 letters, digits, - or _, got {environment_name!r}")
        problems += [
            f"notify_emails: {email!r} is not an email address" for email in notify_emails if not _EMAIL.match(email)
        ]
        if (
            isinstance(poll_interval_minutes, bool)
            or not isinstance(poll_interval_minutes, int)
            or poll_interval_minutes < 1
        ):
            problems.append(
                f"poll_interval_minutes must be a whole number of minutes >= 1, got {poll_interval_minutes!r}"
            )
        if not pending_alarm_hours > 0:
            problems.append(f"pending_alarm_hours must be > 0, got {pending_alarm_hours!r}")
        if spend_limit_usd is not None and not spend_limit_usd > 0:
            problems.append(f"spend_limit_usd must be > 0 (or None), got {spend_limit_usd!r}")
        if problems:
            raise ValueError(f"{self.node.path}: " + "; ".join(problems))

    def _function(
        self,
        stack: cdk.Stack,
        environment_name: str,
        region: str,
        *,
        config_file: str,
        config_entries: Sequence[ConfigEntry],
        known_ids: list[list[str]],
        pending_alarm_hours: float,
        review_state_parameter_name: str | None,
    ) -> lambda_.Function:
        log_group_name = f"/sms-estate/{environment_name}/registration-tracker"
        allow_log_group_encryption(self.key, log_group_name)
        log_group = logs.LogGroup(
            self,
            "TrackerLogs",
            log_group_name=log_group_name,
            encryption_key=self.key,
            retention=logs.RetentionDays.ONE_YEAR,
            removal_policy=retained(named=True),
        )
        self.role = iam.Role(
            self,
            "TrackerRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Reads SMS registrations and numbers, notifies ({environment_name} {region})",
        )
        entries = {e.name: {"index": e.index, "attachments": sorted(e.attachments)} for e in config_entries}
        environment = {
            "SMS_ESTATE_ENVIRONMENT": environment_name,
            "LEDGER_TABLE": self.ledger.table_name,
            "TOPIC_ARN": self.topic.topic_arn,
            "CONFIG_FILE": config_file,
            "CONFIG_INDEX_FILE": CONFIG_INDEX_PATH,
            "REGISTRATION_IDS": stack.to_json_string(known_ids[:MAX_ID_MAP_ENTRIES]),
            "OVERDUE_HOURS": f"{pending_alarm_hours:g}",
        }
        if review_state_parameter_name is not None:  # absent: the template stays as it was before issue 18
            environment["REVIEW_STATE_PARAMETER"] = review_state_parameter_name
            environment["REVIEW_STATE_STACK"] = stack.stack_name  # named in approval notifications
        return runtime_function(
            self,
            "Tracker",
            handler=HANDLER,
            role=self.role,
            timeout=HANDLER_TIMEOUT,
            log_group=log_group,
            layers=[self._config_index_layer(entries)],
            description=f"sms-estate registration status tracker ({environment_name} {region})",
            environment=environment,
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

    def _grant(self, stack: cdk.Stack, review_state_parameter_name: str | None) -> None:
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
        if review_state_parameter_name is not None:
            self.role.add_to_policy(
                iam.PolicyStatement(
                    actions=_REVIEW_STATE_ACTIONS,
                    resources=[facts.arn("ssm", parameter_arn_resource(review_state_parameter_name))],
                )
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


def parameter_arn_resource(name: str) -> str:
    """The resource part of an SSM parameter's ARN: ``parameter/a/b`` for ``/a/b`` and for ``a/b`` alike."""
    return "parameter/" + name.removeprefix("/")


@jsii.implements(cdk.IStableStringProducer)
class _DashboardBody:
    """The dashboard body, produced at synthesis so rows added after construction are in it."""

    def __init__(self, stack: cdk.Stack, spec: DashboardSpec, extra_rows: list[list[dict[str, Any]]]) -> None:
        self._stack, self._spec, self._extra_rows = stack, spec, extra_rows

    def produce(self) -> str:
        return self._stack.to_json_string(dashboard_body(self._spec, self._extra_rows))
