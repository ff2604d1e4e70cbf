"""``OptOutSync``: one environment's opt-out lists kept as one set across its regions (issue 17).

Opt-out lists are regional; a STOP to the east number lands on the east list only, yet US rules want it
honoured by the whole program, also after a failover to the west. One ``OptOutSync`` goes in each region's
stack, all built from the same :class:`SyncSettings` (the contract the Lambda code reads back):

* **home region** (the environment's first): the bookkeeping table, the reconciler on an EventBridge
  schedule (every ``interval_minutes``), the drift alarms and the dashboard widgets;
* **every region**, in ``realtime`` mode: per synced list a KMS-encrypted two-way SNS topic the numbers
  and pools of that list send their replies to, and one fast-path function subscribed to them, which
  copies a STOP or START to the other regions within seconds. ``scheduled`` mode has neither.

Decisions a reviewer should know:

* One table in the home region, not a global table: last-writer-wins replication would drop one of two
  conditional updates of the same number (a STOP in the east, a START in the west within a second), the
  very decision this feature makes by event time. It is encrypted with the AWS-managed DynamoDB key: the
  fast paths of the other regions write it, and a customer key of the home stack would need cross-region
  references in every other stack's policies. It is bookkeeping, rebuilt from the lists by the next full
  pass (the lists are the truth), so it is destroyed with its stack. Removing the sync deletes no
  opt-out: nothing here writes a list on delete.
* IAM names exactly the synced lists' ARNs in every region (``settings.list_arn``) and the table's ARN;
  no wildcard. Metrics are embedded-metric-format log lines (as the tracker's), so no ``PutMetricData``.
  Inbound-event items (idempotency of the fast path) expire through the table's TTL.
* No reserved concurrency on the reconciler (as the tracker: reserving fails deploys in fresh accounts);
  its timeout keeps scheduled runs apart, and a run that overlaps anyway (a backfill from a laptop)
  loses the versioned watermark write and stops: it never writes on stale state.
* The two-way topics trust ``sms-voice.amazonaws.com`` with ``aws:SourceAccount`` and ``aws:SourceArn``
  (this account's SMS resources in this region: numbers and pools get their IDs after deploy), on the
  topic policy and on the key; no ``TwoWayChannelRole``, as the SMS guide's SNS two-way setup. Each topic
  carries the tag :data:`TWO_WAY_CHANNEL_TAG`, which the confused-deputy walk uses to know what binding to
  expect.
* The reconciler's timeout is one minute under the interval (at most 15) and a failed run is not retried (the next
  scheduled run resumes from the watermarks), so two runs never overlap and share the 1/s read quota.
  The fast path keeps Lambda's asynchronous retries: its copies are idempotent.
"""

from __future__ import annotations

import re
from typing import Protocol

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

from sms_estate.ledger_table import ledger_table
from sms_estate.messaging.encryption import allow_log_group_encryption, allow_sms_service_to_publish_encrypted
from sms_estate.messaging.opt_out_sync_alarms import add_drift_alarms, sync_widgets
from sms_estate.messaging.retention import retained
from sms_estate.messaging.service_principal import sms_service_statement
from sms_estate.policy_statements import TWO_WAY_CHANNEL_TAG
from sms_estate.runtime_function import runtime_function
from sms_estate.stack_facts import facts_of
from sms_runtime import api_contract
from sms_runtime.opt_out_sync.settings import (
    INBOUND_HANDLER,
    MAX_INTERVAL_MINUTES,
    MIN_INTERVAL_MINUTES,
    RECONCILE_HANDLER,
    SYNC_MODES,
    TTL_ATTRIBUTE,
    SyncMode,
    SyncSettings,
    topic_name,
)

__all__ = ["DashboardRows", "OptOutSync", "OptOutSyncMode", "SyncSettings"]

OptOutSyncMode = SyncMode
"""How opt-outs spread: ``realtime`` (two-way topics and a fast path, plus the reconciler) or ``scheduled``."""

LAMBDA_MAX_MINUTES = 15
# The reconciler decides per number at up to 10 writes/s per region; at 256 MB (a sixth of a vCPU) that
# CPU would hold it under the quota, so it gets a little more than half a vCPU.
RECONCILER_MEMORY_MB = 1024
INBOUND_TIMEOUT = cdk.Duration.minutes(1)
# What both functions do to every synced list of every region, and to the table: nothing else.
LIST_ACTIONS = (
    "sms-voice:DescribeOptedOutNumbers",
    "sms-voice:PutOptedOutNumber",
    "sms-voice:DeleteOptedOutNumber",
)
# Exactly the item calls the engine makes (sms_runtime.api_contract declares them; a test keeps both equal).
TABLE_ACTIONS = tuple(f"dynamodb:{operation}" for operation in sorted(api_contract.CONTRACT[api_contract.DYNAMODB]))
TWO_WAY_SID = "AllowSmsServiceTwoWayReplies"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def reconciler_timeout(settings: SyncSettings) -> cdk.Duration:
    """One minute under the interval (at most Lambda's 15): a run ends before the next starts, so two
    runs never share a region's 1/s read quota; the run reads as many pages as that time allows."""
    return cdk.Duration.minutes(min(settings.interval_minutes, LAMBDA_MAX_MINUTES) - 1)


class DashboardRows(Protocol):
    """What takes the sync's dashboard rows: ``cloudwatch.Dashboard`` or ``RegistrationTracking``."""

    def add_widgets(self, *widgets: cloudwatch.IWidget) -> None: ...


class OptOutSync(Construct):
    """The opt-out sync of one environment, in one of its regions."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        settings: SyncSettings,
        region: str,
        alarm_topic: sns.ITopic | None = None,
        dashboard: DashboardRows | None = None,
    ) -> None:
        """Keep ``settings.lists`` one set across ``settings.regions``; this construct is ``region``'s part.

        :param settings: the environment's sync: lists, regions (the first is home), mode, interval,
            account and two-way topic names; the same value in every region's stack, and what the
            functions read back (``SyncSettings.environment_variables``). Required.
        :param region: the region this construct's stack deploys to; one of ``settings.regions``. Required.
        :param alarm_topic: where the drift alarms notify (home region only; a topic of the home region,
            whose key and policy accept CloudWatch alarms named ``SmsEstate-<environment>-<home>-*``,
            as ``RegistrationTracking.topic``). Default: None, the alarms notify nobody.
        :param dashboard: where the home region's widgets go, one ``add_widgets`` call per row: a
            ``cloudwatch.Dashboard``, or ``RegistrationTracking`` (the region's estate dashboard, as the YAML
            app does). Default: a dashboard ``SmsEstate-<environment>-opt-out-sync`` in the home region.
        """
        super().__init__(scope, id)
        stack = cdk.Stack.of(self)
        self._check(stack, settings, region)
        self.settings = settings
        self.region = region
        self.is_home = region == settings.home_region
        realtime = settings.mode == "realtime"
        self.key: kms.Key | None = None
        self.table: dynamodb.Table | None = None
        self.reconciler: lambda_.Function | None = None
        self.inbound_function: lambda_.Function | None = None
        self.alarms: list[cloudwatch.Alarm] = []
        self.dashboard: DashboardRows | None = None
        self._topics: dict[str, sns.Topic] = {}
        if not (self.is_home or realtime):
            return  # scheduled mode: the home region reads and writes every region's lists
        self.key = kms.Key(
            self,
            "Key",
            description=f"Encrypts the opt-out sync's two-way topics and logs ({settings.environment} {region})",
            enable_key_rotation=True,
            removal_policy=cdk.RemovalPolicy.RETAIN,
        )
        table_arn = self._table_arn(stack)
        if self.is_home:
            self.table = ledger_table(
                self,
                "Table",
                partition_key="Key",
                table_name=settings.table,
                removal_policy=cdk.RemovalPolicy.DESTROY,
                encryption=dynamodb.TableEncryption.AWS_MANAGED,
                time_to_live_attribute=TTL_ATTRIBUTE,
            )
            table_arn = self.table.table_arn
            self.reconciler = self._function(
                "Reconciler",
                RECONCILE_HANDLER,
                reconciler_timeout(settings),
                table_arn,
                "reconciles every synced list",
                memory_size=RECONCILER_MEMORY_MB,
            )
            self.reconciler.configure_async_invoke(retry_attempts=0)
            events.Rule(
                self,
                "Schedule",
                description=f"Opt-out sync reconciler of {settings.environment}, every {settings.interval_minutes} min",
                schedule=events.Schedule.rate(cdk.Duration.minutes(settings.interval_minutes)),
                targets=[targets.LambdaFunction(self.reconciler, retry_attempts=0)],
            )
            self.alarms = add_drift_alarms(self, settings, alarm_topic)
            self.dashboard = self._dashboard(dashboard)
        if realtime:
            self.inbound_function = self._function(
                "Inbound", INBOUND_HANDLER, INBOUND_TIMEOUT, table_arn, "copies STOP/START replies to the other regions"
            )
            for opt_out_list in settings.lists:
                self._topics[opt_out_list] = self._two_way_topic(stack, opt_out_list, self.inbound_function)
            allow_sms_service_to_publish_encrypted(self.key, self._sms_source_arn(stack), sid=TWO_WAY_SID)

    def topic_for(self, opt_out_list: str) -> sns.ITopic | None:
        """The two-way topic of ``opt_out_list`` in this region (None in ``scheduled`` mode): what numbers
        and pools on that list name as their two-way channel."""
        if opt_out_list not in self.settings.lists:
            raise ValueError(
                f"{self.node.path}: {opt_out_list!r} is not a synced list ({', '.join(self.settings.lists)})"
            )
        return self._topics.get(opt_out_list)

    def _check(self, stack: cdk.Stack, settings: SyncSettings, region: str) -> None:
        """Refuse settings the functions or CloudFormation would refuse only later, naming this construct."""
        problems = []
        if not _NAME.match(settings.environment):
            problems.append(f"environment must be 1 to 64 letters, digits, - or _, got {settings.environment!r}")
        if len(set(settings.regions)) < 2 or len(set(settings.regions)) != len(settings.regions):
            problems.append(f"regions must be two or more distinct regions, got {list(settings.regions)}")
        elif settings.home_region != settings.regions[0]:
            problems.append(
                f"home_region must be the first region {settings.regions[0]!r}, got {settings.home_region!r}"
            )
        if region not in settings.regions:
            problems.append(f"region {region!r} is not one of the sync's regions {list(settings.regions)}")
        if not settings.lists or len(set(settings.lists)) != len(settings.lists):
            problems.append(f"lists must be one or more distinct opt-out list names, got {list(settings.lists)}")
        problems += [f"list {name!r} is not an opt-out list name" for name in settings.lists if not _NAME.match(name)]
        if settings.mode not in SYNC_MODES:
            problems.append(f"mode must be one of {', '.join(SYNC_MODES)}, got {settings.mode!r}")
        interval = settings.interval_minutes
        if (
            isinstance(interval, bool)
            or not isinstance(interval, int)
            or not MIN_INTERVAL_MINUTES <= interval <= MAX_INTERVAL_MINUTES
        ):
            problems.append(
                f"interval_minutes must be a whole number {MIN_INTERVAL_MINUTES} to {MAX_INTERVAL_MINUTES}, got {interval!r}"
            )
        expected = (
            {topic_name(settings.environment, n): n for n in settings.lists} if settings.mode == "realtime" else {}
        )
        if dict(settings.topics) != expected:
            problems.append(f"topics must be {expected} in {settings.mode} mode, got {dict(settings.topics)}")
        facts = facts_of(stack)
        if not cdk.Token.is_unresolved(facts.region) and facts.region != region:
            problems.append(f"region is {region!r} but the stack deploys to {facts.region!r}")
        if not cdk.Token.is_unresolved(facts.account) and facts.account != settings.account:
            problems.append(f"account is {settings.account!r} but the stack deploys to {facts.account!r}")
        if problems:
            raise ValueError(f"{self.node.path}: " + "; ".join(problems))

    def _table_arn(self, stack: cdk.Stack) -> str:
        """The home table's ARN, spelled out: other regions' stacks cannot reference the home stack's table."""
        return stack.format_arn(
            service="dynamodb",
            region=self.settings.home_region,
            account=self.settings.account,
            resource="table",
            resource_name=self.settings.table,
        )

    def _sms_source_arn(self, stack: cdk.Stack) -> str:
        """What may publish replies: this account's SMS resources (numbers, pools) in this region."""
        return facts_of(stack).arn("sms-voice", "*")

    def _function(
        self, name: str, handler: str, timeout: cdk.Duration, table_arn: str, purpose: str, *, memory_size: int = 256
    ) -> lambda_.Function:
        """A function with its own encrypted log group and a role scoped to the synced lists and the table."""
        assert self.key is not None
        settings = self.settings
        log_group_name = f"/sms-estate/{settings.environment}/opt-out-sync-{name.lower()}"
        allow_log_group_encryption(self.key, log_group_name)
        log_group = logs.LogGroup(
            self,
            f"{name}Logs",
            log_group_name=log_group_name,
            encryption_key=self.key,
            retention=logs.RetentionDays.ONE_YEAR,
            removal_policy=retained(named=True),
        )
        role = iam.Role(
            self,
            f"{name}Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Opt-out sync {name.lower()}: {purpose} ({settings.environment} {self.region})",
        )
        list_arns = [settings.list_arn(region, n) for region in settings.regions for n in settings.lists]
        role.add_to_policy(iam.PolicyStatement(actions=list(LIST_ACTIONS), resources=list_arns))
        role.add_to_policy(iam.PolicyStatement(actions=list(TABLE_ACTIONS), resources=[table_arn]))
        return runtime_function(
            self,
            name,
            handler=handler,
            role=role,
            timeout=timeout,
            log_group=log_group,
            environment=settings.environment_variables(),
            description=f"sms-estate opt-out sync {name.lower()} ({settings.environment} {self.region})",
            memory_size=memory_size,
        )

    def _two_way_topic(self, stack: cdk.Stack, opt_out_list: str, function: lambda_.IFunction) -> sns.Topic:
        """The list's two-way channel here: encrypted, TLS only, publishable by this account's SMS resources."""
        assert self.key is not None
        topic = sns.Topic(
            self,
            f"TwoWay-{opt_out_list}",
            topic_name=topic_name(self.settings.environment, opt_out_list),
            display_name=f"sms-estate {self.settings.environment} {opt_out_list} replies",
            master_key=self.key,
            enforce_ssl=True,
        )
        cdk.Tags.of(topic).add(TWO_WAY_CHANNEL_TAG, opt_out_list)
        topic.add_to_resource_policy(
            sms_service_statement(
                stack, self._sms_source_arn(stack), ["sns:Publish"], [topic.topic_arn], sid=TWO_WAY_SID
            )
        )
        topic.add_subscription(subscriptions.LambdaSubscription(function))
        return topic

    def _dashboard(self, dashboard: DashboardRows | None) -> DashboardRows:
        rows = sync_widgets(self.settings, self.alarms)
        if dashboard is None:
            return cloudwatch.Dashboard(
                self, "Dashboard", dashboard_name=f"SmsEstate-{self.settings.environment}-opt-out-sync", widgets=rows
            )
        for row in rows:
            dashboard.add_widgets(*row)
        return dashboard
