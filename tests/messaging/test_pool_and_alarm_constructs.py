"""``SmsPool``, the removal policies and the tracking alarms, each built alone in one bare stack.

No app, no config: the constructs get explicit arguments (and their defaults where a test names one),
and the test reads the one template synthesized for the module. What is checked is what a wrong value
would cost: a pool that loses deletion protection or is deleted with its stack, a replaced resource
whose old copy is dropped, an alarm that watches another period, threshold or dimension than the
tracker's gauges, or never notifies.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import assertions
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from constructs import Construct

from sms_estate.messaging.pool import PoolKeyword, SmsPool
from sms_estate.messaging.retention import apply_on_delete, removal_policy
from sms_estate.tracking.alarms import add_alarms
from sms_estate.tracking.dashboard import SPEND_METRIC, SPEND_NAMESPACE
from sms_runtime.tracking import metrics

Resources = dict[str, dict[str, Any]]
NUMBER = "arn:aws:sms-voice:us-east-1:111111111111:phone-number/phone-1"
OTHER_NUMBER = "arn:aws:sms-voice:us-east-1:111111111111:phone-number/phone-2"
SENDER = "arn:aws:sms-voice:us-east-1:111111111111:sender-id/ACME/GB"
CHANNEL = "arn:aws:sns:us-east-1:111111111111:replies"
ROLE = "arn:aws:iam::111111111111:role/replies"


def bare_app() -> cdk.App:
    """Without CDK's template validation: it only warns, and its engine costs seconds per synth."""
    return cdk.App(analytics_reporting=False, builtin_cloud_formation_validation=False)


def build(stack: cdk.Stack) -> None:
    SmsPool(stack, "Plain", name="plain", origination_identities=[NUMBER], help_message="help", stop_message="stop")
    SmsPool(
        stack,
        "Full",
        name="full",
        origination_identities=[NUMBER, OTHER_NUMBER],
        sender_ids=[SENDER],
        help_message="help me",
        stop_message="stopped",
        keywords=[PoolKeyword("INFO", "info", "AUTOMATIC_RESPONSE"), PoolKeyword("UNSTOP", "back", "OPT_IN")],
        opt_out_list_name="list",
        two_way_channel_arn=CHANNEL,
        two_way_channel_role_arn=ROLE,
        self_managed_opt_outs=True,
        shared_routes=True,
        deletion_protection=False,
        on_delete="destroy",
    )
    SmsPool(
        stack,
        "ChannelOnly",
        name="channel-only",
        origination_identities=[NUMBER],
        help_message="h",
        stop_message="s",
        two_way_channel_arn=CHANNEL,
        on_delete="retain",
    )
    topic = sns.Topic(stack, "Topic")
    function = lambda_.Function(
        stack,
        "Tracker",
        runtime=lambda_.Runtime.PYTHON_3_12,
        handler="index.handler",
        code=lambda_.Code.from_inline("def handler(event, context):\n    return None\n"),
    )
    for scope, environment, spend in ((stack, "env", 123.456), (Construct(stack, "Quiet"), "quiet", None)):
        add_alarms(
            scope,
            environment=environment,
            region="us-east-1",
            topic=topic,
            function=function,
            poll_minutes=15,
            pending_hours=36.5,
            spend_limit_usd=spend,
        )


@pytest.fixture(scope="module")
def resources() -> Resources:
    app = bare_app()
    stack = cdk.Stack(app, "Constructs", env=cdk.Environment(account="111111111111", region="us-east-1"))
    build(stack)
    template = assertions.Template.from_stack(stack).to_json()
    return {logical_id: dict(resource) for logical_id, resource in template["Resources"].items()}


def pool(resources: Resources, name: str) -> dict[str, Any]:
    [found] = [
        r
        for r in resources.values()
        if r["Type"] == "AWS::SMSVOICE::Pool" and {"Key": "Name", "Value": name} in r["Properties"]["Tags"]
    ]
    return found


def test_a_pool_by_default_is_protected_retained_and_shares_nothing(resources: Resources) -> None:
    plain = pool(resources, "plain")
    assert plain["Properties"] == {
        "DeletionProtectionEnabled": True,
        "MandatoryKeywords": {"HELP": {"Message": "help"}, "STOP": {"Message": "stop"}},
        "OriginationIdentities": [NUMBER],
        "SelfManagedOptOutsEnabled": False,
        "SharedRoutesEnabled": False,
        "Tags": [{"Key": "Name", "Value": "plain"}],
    }
    assert (plain["DeletionPolicy"], plain["UpdateReplacePolicy"]) == ("Retain", "Retain")


def test_a_pool_takes_every_setting_it_is_given(resources: Resources) -> None:
    full = pool(resources, "full")
    assert full["Properties"] == {
        "DeletionProtectionEnabled": False,
        "MandatoryKeywords": {"HELP": {"Message": "help me"}, "STOP": {"Message": "stopped"}},
        "OptionalKeywords": [
            {"Keyword": "INFO", "Message": "info", "Action": "AUTOMATIC_RESPONSE"},
            {"Keyword": "UNSTOP", "Message": "back", "Action": "OPT_IN"},
        ],
        "OptOutListName": "list",
        "OriginationIdentities": [NUMBER, OTHER_NUMBER, SENDER],  # numbers first: the pool copies the first
        "SelfManagedOptOutsEnabled": True,
        "SharedRoutesEnabled": True,
        "Tags": [{"Key": "Name", "Value": "full"}],
        "TwoWay": {"Enabled": True, "ChannelArn": CHANNEL, "ChannelRole": ROLE},
    }
    # destroy: deleted with the stack, and the old copy of a replaced pool is deleted too (CDK's default)
    assert (full["DeletionPolicy"], full["UpdateReplacePolicy"]) == ("Delete", "Delete")


def test_two_way_is_enabled_by_naming_a_channel(resources: Resources) -> None:
    channel_only = pool(resources, "channel-only")
    assert channel_only["Properties"]["TwoWay"] == {"Enabled": True, "ChannelArn": CHANNEL}
    assert (channel_only["DeletionPolicy"], channel_only["UpdateReplacePolicy"]) == ("Retain", "Retain")


def test_a_pool_keyword_is_a_value() -> None:
    keyword = PoolKeyword("INFO", "info", "AUTOMATIC_RESPONSE")
    assert keyword == PoolKeyword("INFO", "info", "AUTOMATIC_RESPONSE")
    with pytest.raises(dataclasses.FrozenInstanceError):
        keyword.action = "OPT_OUT"  # type: ignore[misc]


def test_a_pool_without_numbers_is_refused_before_synthesis() -> None:
    stack = cdk.Stack(bare_app(), "Empty")
    with pytest.raises(
        ValueError, match=r"^Empty/Lonely: a pool needs at least one number, listed before its sender IDs$"
    ):
        SmsPool(
            stack,
            "Lonely",
            name="x",
            origination_identities=[],
            sender_ids=[SENDER],
            help_message="h",
            stop_message="s",
        )


@pytest.mark.parametrize(
    ("on_delete", "expected"), [("retain", cdk.RemovalPolicy.RETAIN), ("destroy", cdk.RemovalPolicy.DESTROY)]
)
def test_on_delete_words_map_to_removal_policies(on_delete: str, expected: cdk.RemovalPolicy) -> None:
    word: Any = "".join(on_delete)  # a new string, as read from a file: not the literal's object
    assert removal_policy(word) is expected


@pytest.mark.parametrize("word", ["delete", "Destroy", "", "retain "])
def test_any_other_word_keeps_the_resource(word: str) -> None:
    """Fail safe: only the exact word ``destroy`` deletes (the schema allows no other, but a caller might)."""
    assert removal_policy(word) is cdk.RemovalPolicy.RETAIN  # type: ignore[arg-type]


def test_retain_also_keeps_the_old_copy_of_a_replaced_resource() -> None:
    stack = cdk.Stack(bare_app(), "Retention")
    kept = cdk.CfnResource(stack, "Kept", type="AWS::SMSVOICE::OptOutList")
    dropped = cdk.CfnResource(stack, "Dropped", type="AWS::SMSVOICE::OptOutList")
    apply_on_delete(kept, "retain")
    apply_on_delete(dropped, "destroy")
    template = assertions.Template.from_stack(stack).to_json()["Resources"]
    assert (template["Kept"]["DeletionPolicy"], template["Kept"]["UpdateReplacePolicy"]) == ("Retain", "Retain")
    assert (template["Dropped"]["DeletionPolicy"], template["Dropped"]["UpdateReplacePolicy"]) == ("Delete", "Delete")


def alarms(resources: Resources) -> dict[str, dict[str, Any]]:
    return {
        r["Properties"]["AlarmName"]: r["Properties"]
        for r in resources.values()
        if r["Type"] == "AWS::CloudWatch::Alarm"
    }


def test_the_gauge_alarms_watch_the_trackers_gauges_at_its_poll_period(resources: Resources) -> None:
    found = alarms(resources)
    topic = next(k for k, r in resources.items() if r["Type"] == "AWS::SNS::Topic")
    expected_periods = {metrics.REQUIRING_UPDATES: 1, metrics.OVERDUE_FOR_REVIEW: 1, metrics.PENDING_UNSUBMITTED: 2}
    assert set(expected_periods) == set(metrics.ALARM_METRICS)
    for name, periods in expected_periods.items():
        alarm = found[f"SmsEstate-env-us-east-1-{name}"]
        assert {key: alarm[key] for key in alarm if key != "AlarmDescription"} == {
            "AlarmActions": [{"Ref": topic}],
            "AlarmName": f"SmsEstate-env-us-east-1-{name}",
            "ComparisonOperator": "GreaterThanOrEqualToThreshold",
            "Dimensions": [{"Name": "Environment", "Value": "env"}, {"Name": "Region", "Value": "us-east-1"}],
            "EvaluationPeriods": periods,
            "MetricName": name,
            "Namespace": metrics.NAMESPACE,
            "Period": 15 * 60,
            "Statistic": "Maximum",
            "Threshold": 1,
            "TreatMissingData": "missing",
        }
    overdue = found[f"SmsEstate-env-us-east-1-{metrics.OVERDUE_FOR_REVIEW}"]["AlarmDescription"]
    assert overdue.startswith("A registration is still CREATED/SUBMITTED more than 36.5 hours after submission;")


def test_the_tracker_alarms_on_its_own_errors(resources: Resources) -> None:
    alarm = alarms(resources)["SmsEstate-env-us-east-1-TrackerErrors"]
    function = next(k for k, r in resources.items() if r["Type"] == "AWS::Lambda::Function")
    assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"], alarm["Period"]) == (
        "AWS/Lambda",
        "Errors",
        "Sum",
        15 * 60,
    )
    assert alarm["Dimensions"] == [{"Name": "FunctionName", "Value": {"Ref": function}}]
    assert (alarm["Threshold"], alarm["EvaluationPeriods"], alarm["TreatMissingData"]) == (1, 1, "notBreaching")


def test_spend_alarms_at_80_percent_of_the_limit(resources: Resources) -> None:
    alarm = alarms(resources)["SmsEstate-env-us-east-1-SpendNearLimit"]
    assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"], alarm["Period"]) == (
        SPEND_NAMESPACE,
        SPEND_METRIC,
        "Maximum",
        3600,
    )
    assert (alarm["Threshold"], alarm["EvaluationPeriods"], alarm["TreatMissingData"]) == (98.76, 1, "notBreaching")
    assert "Dimensions" not in alarm
    assert alarm["AlarmDescription"].startswith("Monthly SMS spend passed 80% of the 123.456 USD limit;")


def test_without_a_spend_limit_there_is_no_spend_alarm(resources: Resources) -> None:
    quiet = sorted(name for name in alarms(resources) if name.startswith("SmsEstate-quiet-us-east-1-"))
    assert quiet == sorted(f"SmsEstate-quiet-us-east-1-{name}" for name in (*metrics.ALARM_METRICS, "TrackerErrors"))
    assert len(alarms(resources)) == 5 + 4
