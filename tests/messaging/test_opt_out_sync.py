"""``OptOutSync`` built from plain ``SyncSettings`` in a small app of two region stacks, as a library user would.

Two apps, each synthesized once with cdk-nag (an unacknowledged finding fails the synth): a ``realtime``
pair (home + other region, an alarm topic and a dashboard handed in) and a ``scheduled`` pair with the
defaults. What is checked is what a wrong value would cost: a table in the wrong region or lost without
recovery, a schedule or alarm that watches another interval, a role that can touch any list (or no list
of another region), a topic another account's SMS resources could publish to, a second synth that differs.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from support.policy_walk import WEAKENINGS, render, sms_trusts, template_deputy_problems, two_way_channels, weaken

from sms_estate import OptOutSync, SyncSettings, add_nag_checks
from sms_estate.cli.assembly import Assembly, SynthesizedStack
from sms_estate.cli.template_lint import template_errors
from sms_estate.messaging.opt_out_sync import RECONCILER_MEMORY_MB, reconciler_timeout
from sms_runtime.api_contract import CONTRACT, DYNAMODB
from sms_runtime.opt_out_sync.settings import (
    INBOUND_HANDLER,
    METRIC_COPIES,
    METRIC_DRIFT,
    METRIC_NAMESPACE,
    METRIC_OPTED_OUT,
    METRIC_SYNC_AGE,
    RECONCILE_HANDLER,
    SETTINGS_VARIABLE,
    TTL_ATTRIBUTE,
    table_name,
    topic_name,
)

ACCOUNT = "111122223333"
HOME, OTHER = "us-east-1", "us-west-2"
LISTS = ("harbor-optouts", "tide_optouts")
Template = dict[str, Any]


def realtime_settings(**changes: Any) -> SyncSettings:
    values: dict[str, Any] = {
        "environment": "prod",
        "account": ACCOUNT,
        "home_region": HOME,
        "regions": (HOME, OTHER),
        "lists": LISTS,
        "mode": "realtime",
        "interval_minutes": 15,
        "topics": {topic_name("prod", name): name for name in LISTS},
    }
    return SyncSettings(**{**values, **changes})


SCHEDULED = realtime_settings(environment="qa", mode="scheduled", interval_minutes=30, topics={})


class Pair:
    """One app: a stack per region, each with its ``OptOutSync``; synthesized with cdk-nag."""

    def __init__(self, outdir: str, settings: SyncSettings, *, hand_in: bool) -> None:
        # without CDK's template validation: it only warns, and costs seconds per synth
        app = cdk.App(outdir=outdir, analytics_reporting=False, builtin_cloud_formation_validation=False)
        add_nag_checks(app)
        self.settings = settings
        self.syncs: dict[str, OptOutSync] = {}
        stacks = {}
        for region in settings.regions:
            stack = cdk.Stack(app, f"Sync-{region}", env=cdk.Environment(account=ACCOUNT, region=region))
            topic = dashboard = None
            if hand_in and region == settings.home_region:
                key = kms.Key(stack, "AlarmKey", enable_key_rotation=True)
                topic = sns.Topic(stack, "AlarmTopic", enforce_ssl=True, master_key=key)
                dashboard = cloudwatch.Dashboard(stack, "Existing", dashboard_name="existing")
            self.syncs[region] = OptOutSync(
                stack, "Sync", settings=settings, region=region, alarm_topic=topic, dashboard=dashboard
            )
            stacks[region] = stack
        assembly = app.synth()  # raises on an unacknowledged cdk-nag finding
        self.directory = Path(assembly.directory)
        self.templates: dict[str, Template] = {
            region: assembly.get_stack_by_name(stack.stack_name).template for region, stack in stacks.items()
        }
        self.files = {region: stack.template_file for region, stack in stacks.items()}

    def of_type(self, region: str, kind: str) -> dict[str, dict[str, Any]]:
        return {k: r for k, r in self.templates[region].get("Resources", {}).items() if r["Type"] == kind}

    def function(self, region: str, handler: str) -> dict[str, Any]:
        [found] = [
            f for f in self.of_type(region, "AWS::Lambda::Function").values() if f["Properties"]["Handler"] == handler
        ]
        return found

    def role_statements(self, region: str, function: dict[str, Any]) -> list[dict[str, Any]]:
        role = function["Properties"]["Role"]["Fn::GetAtt"][0]
        return [
            statement
            for policy in self.of_type(region, "AWS::IAM::Policy").values()
            if {"Ref": role} in policy["Properties"]["Roles"]
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        ]


@pytest.fixture(scope="module")
def realtime(tmp_path_factory: pytest.TempPathFactory) -> Pair:
    return Pair(str(tmp_path_factory.mktemp("realtime")), realtime_settings(), hand_in=True)


@pytest.fixture(scope="module")
def scheduled(tmp_path_factory: pytest.TempPathFactory) -> Pair:
    return Pair(str(tmp_path_factory.mktemp("scheduled")), SCHEDULED, hand_in=False)


def test_the_table_is_in_the_home_region_only_named_recoverable_and_encrypted(realtime: Pair) -> None:
    [(logical_id, table)] = realtime.of_type(HOME, "AWS::DynamoDB::Table").items()
    properties = table["Properties"]
    assert properties["TableName"] == table_name("prod") == realtime.settings.table
    assert properties["KeySchema"] == [{"AttributeName": "Key", "KeyType": "HASH"}]
    assert properties["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert properties["SSESpecification"] == {"SSEEnabled": True}  # the AWS-managed key every region's role can use
    assert properties["BillingMode"] == "PAY_PER_REQUEST"
    # the fast path's idempotency items expire: the attribute the engine writes
    assert properties["TimeToLiveSpecification"] == {"AttributeName": TTL_ATTRIBUTE, "Enabled": True}
    assert table["DeletionPolicy"] == "Delete"  # bookkeeping: the lists are the truth
    assert realtime.of_type(OTHER, "AWS::DynamoDB::Table") == {}
    assert realtime.syncs[HOME].table is not None and realtime.syncs[OTHER].table is None
    assert logical_id.startswith("SyncTable")


def test_the_reconciler_runs_in_the_home_region_on_the_interval_without_retries(
    realtime: Pair, scheduled: Pair
) -> None:
    for pair, rate, timeout in ((realtime, "rate(15 minutes)", 14 * 60), (scheduled, "rate(30 minutes)", 14 * 60)):
        [rule] = pair.of_type(HOME, "AWS::Events::Rule").values()
        assert rule["Properties"]["ScheduleExpression"] == rate
        [target] = rule["Properties"]["Targets"]
        reconciler = pair.function(HOME, RECONCILE_HANDLER)
        logical_id = next(k for k, v in pair.of_type(HOME, "AWS::Lambda::Function").items() if v is reconciler)
        assert target["Arn"] == {"Fn::GetAtt": [logical_id, "Arn"]}
        assert target["RetryPolicy"] == {"MaximumRetryAttempts": 0}
        [invoke] = pair.of_type(HOME, "AWS::Lambda::EventInvokeConfig").values()
        assert invoke["Properties"]["MaximumRetryAttempts"] == 0
        assert reconciler["Properties"]["Timeout"] == timeout  # under the interval, Lambda's 15 at most: no overlap
        assert reconciler["Properties"]["MemorySize"] == RECONCILER_MEMORY_MB > 256  # CPU for 10 writes/s a region
        assert pair.of_type(OTHER, "AWS::Events::Rule") == {}


def test_every_function_reads_the_settings_from_its_environment(realtime: Pair, scheduled: Pair) -> None:
    functions = [
        (realtime, HOME, RECONCILE_HANDLER),
        (realtime, HOME, INBOUND_HANDLER),
        (realtime, OTHER, INBOUND_HANDLER),
        (scheduled, HOME, RECONCILE_HANDLER),
    ]
    for pair, region, handler in functions:
        variables = pair.function(region, handler)["Properties"]["Environment"]["Variables"]
        assert variables == pair.settings.environment_variables()
        assert SyncSettings.from_environment(variables) == pair.settings
    assert len(realtime.of_type(OTHER, "AWS::Lambda::Function")) == 1  # the fast path only


def _resources(statement: dict[str, Any]) -> list[Any]:
    found = statement["Resource"]
    return [render(r) for r in (found if isinstance(found, list) else [found])]


def test_iam_names_exactly_the_synced_lists_of_every_region_and_the_table(realtime: Pair, scheduled: Pair) -> None:
    table_arn = f"arn:aws:dynamodb:{HOME}:{ACCOUNT}:table/{table_name('prod')}"
    checked = 0
    for pair in (realtime, scheduled):
        expected_lists = sorted(
            f"arn:aws:sms-voice:{region}:{ACCOUNT}:opt-out-list/{name}" for region in (HOME, OTHER) for name in LISTS
        )
        [home_table] = pair.of_type(HOME, "AWS::DynamoDB::Table")
        for region, handler in ((HOME, RECONCILE_HANDLER), (HOME, INBOUND_HANDLER), (OTHER, INBOUND_HANDLER)):
            if pair is scheduled and handler == INBOUND_HANDLER:
                continue
            statements = pair.role_statements(region, pair.function(region, handler))
            sms = [s for s in statements if any(str(a).startswith("sms-voice:") for a in _actions(s))]
            assert len(sms) == 1 and sorted(_resources(sms[0])) == expected_lists
            assert _actions(sms[0]) == [
                "sms-voice:DescribeOptedOutNumbers",
                "sms-voice:PutOptedOutNumber",
                "sms-voice:DeleteOptedOutNumber",
            ]
            dynamo = [s for s in statements if any(str(a).startswith("dynamodb:") for a in _actions(s))]
            assert len(dynamo) == 1
            # home: the table's own ARN (a dependency); elsewhere the same ARN spelled out
            expected_table = {"Fn::GetAtt": [home_table, "Arn"]} if region == HOME else table_arn
            assert _resources(dynamo[0]) == [expected_table]
            # exactly the item calls the engine declares (and the fakes let it make)
            assert sorted(_actions(dynamo[0])) == sorted(f"dynamodb:{op}" for op in CONTRACT[DYNAMODB])
            assert not [s for s in statements if any(str(a).startswith("cloudwatch:") for a in _actions(s))]
            for statement in statements:  # metrics are log lines (EMF): no PutMetricData, no '*'
                assert "*" not in json.dumps(_resources(statement)), statement
            checked += 1
    assert checked == 4


def _actions(statement: dict[str, Any]) -> list[str]:
    actions = statement["Action"]
    return [actions] if isinstance(actions, str) else list(actions)


def test_two_way_topics_are_named_encrypted_and_trust_only_this_accounts_sms_resources(realtime: Pair) -> None:
    for region in (HOME, OTHER):
        template = realtime.templates[region]
        topics = realtime.of_type(region, "AWS::SNS::Topic")
        if region == HOME:
            topics = {k: v for k, v in topics.items() if not k.startswith("AlarmTopic")}
        assert sorted(t["Properties"]["TopicName"] for t in topics.values()) == sorted(
            topic_name("prod", name) for name in LISTS
        )
        [key] = [k for k in realtime.of_type(region, "AWS::KMS::Key") if k.startswith("SyncKey")]
        for logical_id, topic in topics.items():
            assert topic["Properties"]["KmsMasterKeyId"] == {"Fn::GetAtt": [key, "Arn"]}
            assert logical_id in two_way_channels(template)
        count, problems = template_deputy_problems(template, ACCOUNT, region)
        assert problems == []
        assert count == len(LISTS) + 1  # each topic policy, and the key's one statement for the SMS service
        for trust in sms_trusts(template):
            condition = trust.statement["Condition"]
            assert condition["StringEquals"] == {"aws:SourceAccount": ACCOUNT}
            assert render(condition["ArnLike"]["aws:SourceArn"]) == f"arn:aws:sms-voice:{region}:{ACCOUNT}:*"
        [inbound] = [
            k
            for k, f in realtime.of_type(region, "AWS::Lambda::Function").items()
            if f["Properties"]["Handler"] == INBOUND_HANDLER
        ]
        subscriptions = realtime.of_type(region, "AWS::SNS::Subscription").values()
        assert sorted(s["Properties"]["TopicArn"]["Ref"] for s in subscriptions) == sorted(topics)
        assert all(s["Properties"]["Endpoint"] == {"Fn::GetAtt": [inbound, "Arn"]} for s in subscriptions)
        sync = realtime.syncs[region]
        assert [sync.topic_for(name) is not None for name in LISTS] == [True, True]


@pytest.mark.parametrize("resource_type", ["AWS::SNS::TopicPolicy", "AWS::KMS::Key"])
@pytest.mark.parametrize("mutation", WEAKENINGS)
def test_the_walk_catches_a_weakened_two_way_trust(realtime: Pair, resource_type: str, mutation: str) -> None:
    template = copy.deepcopy(realtime.templates[OTHER])
    trust = next(t for t in sms_trusts(template) if t.resource_type == resource_type)
    # the copy's own statement (sms_trusts yields references); "other-source-arn": the home region's resources
    weaken(trust.statement["Condition"], mutation, f"arn:aws:sms-voice:{HOME}:{ACCOUNT}:*")
    _, problems = template_deputy_problems(template, ACCOUNT, OTHER)
    assert any(trust.logical_id in problem for problem in problems), problems


def test_an_untagged_topic_trusting_the_sms_service_is_not_taken_for_a_two_way_channel(realtime: Pair) -> None:
    template = copy.deepcopy(realtime.templates[OTHER])
    for topic in realtime.of_type(OTHER, "AWS::SNS::Topic"):
        del template["Resources"][topic]["Properties"]["Tags"]
    _, problems = template_deputy_problems(template, ACCOUNT, OTHER)
    assert len(problems) == len(LISTS) + 1
    assert all("no configuration set uses it" in p for p in problems)


def _alarm_metrics(alarm: dict[str, Any]) -> tuple[str, dict[str, dict[str, Any]]]:
    [expression] = [m for m in alarm["Properties"]["Metrics"] if "Expression" in m]
    stats = {m["Id"]: m["MetricStat"] for m in alarm["Properties"]["Metrics"] if "MetricStat" in m}
    assert expression["ReturnData"] is True
    return expression["Expression"], stats


def test_one_drift_alarm_per_list_on_the_largest_drift_for_two_intervals(realtime: Pair, scheduled: Pair) -> None:
    for pair, environment, period in ((realtime, "prod", 900), (scheduled, "qa", 1800)):
        alarms = sorted(
            pair.of_type(HOME, "AWS::CloudWatch::Alarm").values(), key=lambda a: a["Properties"]["AlarmName"]
        )
        assert [a["Properties"]["AlarmName"] for a in alarms] == [
            f"SmsEstate-{environment}-{HOME}-OptOutDrift-{name}" for name in LISTS
        ]
        for name, alarm in zip(LISTS, alarms, strict=True):
            properties = alarm["Properties"]
            assert properties["ComparisonOperator"] == "GreaterThanThreshold" and properties["Threshold"] == 0
            assert properties["EvaluationPeriods"] == 2 and properties["DatapointsToAlarm"] == 2
            assert properties["TreatMissingData"] == "breaching"
            expression, stats = _alarm_metrics(alarm)
            assert expression == f"MAX([{', '.join(stats)}])"
            seen_regions = []
            for stat in stats.values():
                assert stat["Period"] == period and stat["Stat"] == "Maximum"
                metric = stat["Metric"]
                assert (metric["Namespace"], metric["MetricName"]) == (METRIC_NAMESPACE, METRIC_DRIFT)
                dims = {d["Name"]: d["Value"] for d in metric["Dimensions"]}
                assert set(dims) == {"Environment", "OptOutList", "Region"}
                assert (dims["Environment"], dims["OptOutList"]) == (environment, name)
                seen_regions.append(dims["Region"])
            assert seen_regions == [HOME, OTHER]
        assert pair.of_type(OTHER, "AWS::CloudWatch::Alarm") == {}
    [topic] = [k for k in realtime.of_type(HOME, "AWS::SNS::Topic") if k.startswith("AlarmTopic")]
    for alarm in realtime.of_type(HOME, "AWS::CloudWatch::Alarm").values():
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": topic}]
    for alarm in scheduled.of_type(HOME, "AWS::CloudWatch::Alarm").values():
        assert "AlarmActions" not in alarm["Properties"]


def _dashboard_text(dashboard: dict[str, Any]) -> str:
    body = dashboard["Properties"]["DashboardBody"]
    return "".join(p if isinstance(p, str) else "?" for p in body["Fn::Join"][1]) if isinstance(body, dict) else body


def test_the_widgets_go_to_the_dashboard_handed_in_or_to_their_own(realtime: Pair, scheduled: Pair) -> None:
    [handed] = realtime.of_type(HOME, "AWS::CloudWatch::Dashboard").values()
    assert handed["Properties"]["DashboardName"] == "existing"
    assert realtime.syncs[HOME].dashboard is not None
    [own] = scheduled.of_type(HOME, "AWS::CloudWatch::Dashboard").values()
    assert own["Properties"]["DashboardName"] == "SmsEstate-qa-opt-out-sync"
    for dashboard, environment in ((handed, "prod"), (own, "qa")):
        body = json.loads(_dashboard_text(dashboard))
        plotted = {
            (row[0], row[1])
            for widget in body["widgets"]
            for row in widget["properties"].get("metrics", [])
            if not isinstance(row[0], dict)
        }
        names = {METRIC_OPTED_OUT, METRIC_DRIFT, METRIC_COPIES, METRIC_SYNC_AGE}
        assert plotted == {(METRIC_NAMESPACE, n) for n in names}
        titles = [w["properties"].get("title", "") for w in body["widgets"]]
        assert all(any(t.startswith(f"{name}:") for t in titles) for name in LISTS)
        assert any(w["type"] == "alarm" for w in body["widgets"])
        assert f"sms-estate status {environment}" in _dashboard_text(dashboard)
    for pair in (realtime, scheduled):
        assert pair.of_type(OTHER, "AWS::CloudWatch::Dashboard") == {}


def test_scheduled_mode_has_no_topics_no_fast_path_and_nothing_outside_home(scheduled: Pair) -> None:
    assert scheduled.of_type(HOME, "AWS::SNS::Topic") == {}
    assert scheduled.of_type(HOME, "AWS::SNS::TopicPolicy") == {}
    assert [f["Properties"]["Handler"] for f in scheduled.of_type(HOME, "AWS::Lambda::Function").values()] == [
        RECONCILE_HANDLER
    ]
    assert list(sms_trusts(scheduled.templates[HOME])) == []
    assert scheduled.templates[OTHER].get("Resources", {}) == {}
    assert scheduled.syncs[OTHER].key is None and scheduled.syncs[OTHER].reconciler is None
    assert scheduled.syncs[HOME].inbound_function is None
    assert [scheduled.syncs[region].topic_for(LISTS[0]) for region in (HOME, OTHER)] == [None, None]
    with pytest.raises(ValueError, match=r"^Sync-us-east-1/Sync: 'other' is not a synced list"):
        scheduled.syncs[HOME].topic_for("other")


def test_templates_are_cfn_lint_clean(realtime: Pair) -> None:
    stacks = tuple(
        SynthesizedStack(
            name=f"Sync-{region}",
            account=ACCOUNT,
            region=region,
            template=realtime.templates[region],
            template_file=realtime.files[region],
        )
        for region in (HOME, OTHER)
    )
    assert template_errors(Assembly(directory=realtime.directory, stacks=stacks, nag_violations=())) == []


def test_a_second_synth_is_byte_identical(realtime: Pair, tmp_path: Path) -> None:
    again = Pair(str(tmp_path), realtime_settings(), hand_in=True)
    for region in (HOME, OTHER):
        first = (realtime.directory / realtime.files[region]).read_bytes()
        assert (again.directory / again.files[region]).read_bytes() == first, region


@pytest.mark.parametrize(
    ("changes", "region", "message"),
    [
        ({"regions": (HOME,)}, HOME, r"regions must be two or more distinct regions"),
        ({"regions": (HOME, HOME)}, HOME, r"regions must be two or more distinct regions"),
        ({"home_region": OTHER}, HOME, r"home_region must be the first region 'us-east-1', got 'us-west-2'"),
        ({}, "eu-west-1", r"region 'eu-west-1' is not one of the sync's regions"),
        ({"lists": ()}, HOME, r"lists must be one or more distinct"),
        ({"interval_minutes": 4}, HOME, r"interval_minutes must be a whole number 5 to 60, got 4"),
        ({"interval_minutes": 61}, HOME, r"interval_minutes must be a whole number 5 to 60, got 61"),
        ({"interval_minutes": 7.5}, HOME, r"interval_minutes must be a whole number 5 to 60, got 7.5"),
        ({"interval_minutes": True}, HOME, r"interval_minutes must be a whole number 5 to 60, got True"),
        ({"topics": {}}, HOME, r"topics must be \{.*\} in realtime mode, got \{\}"),
        ({"mode": "scheduled"}, HOME, r"topics must be \{\} in scheduled mode"),
        ({"mode": "hourly"}, HOME, r"mode must be one of realtime, scheduled, got 'hourly'"),
        ({"environment": "no spaces"}, HOME, r"environment must be 1 to 64 letters"),
        ({"account": "999999999999"}, HOME, r"account is '999999999999' but the stack deploys to '111122223333'"),
    ],
)
def test_settings_a_deploy_would_refuse_fail_at_synth_naming_the_construct(
    changes: dict[str, Any], region: str, message: str
) -> None:
    stack = cdk.Stack(cdk.App(), "Bad", env=cdk.Environment(account=ACCOUNT, region=region))
    with pytest.raises(ValueError, match=rf"^Bad/Sync: .*{message}"):
        OptOutSync(stack, "Sync", settings=realtime_settings(**changes), region=region)


def test_a_region_other_than_the_stacks_is_refused() -> None:
    stack = cdk.Stack(cdk.App(), "West", env=cdk.Environment(account=ACCOUNT, region=OTHER))
    with pytest.raises(ValueError, match=r"^West/Sync: region is 'us-east-1' but the stack deploys to 'us-west-2'$"):
        OptOutSync(stack, "Sync", settings=realtime_settings(), region=HOME)
    assert SETTINGS_VARIABLE in realtime_settings().environment_variables()


@pytest.mark.parametrize(("interval", "minutes"), [(5, 4), (15, 14), (16, 14), (60, 14)])
def test_a_run_ends_a_minute_before_the_next_one_starts(interval: int, minutes: int) -> None:
    settings = SyncSettings(
        "prod", "333333333333", "us-east-1", ("us-east-1", "us-west-2"), ("a",), interval_minutes=interval
    )
    assert reconciler_timeout(settings).to_minutes() == minutes
