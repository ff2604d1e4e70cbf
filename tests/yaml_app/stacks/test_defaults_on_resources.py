"""The config's safe defaults, read on the synthesized resources: a config that says nothing gets them.

One small environment declares one entry of each kind with every optional key omitted; it is
synthesized once for the module (jsii costs seconds). Each default is checked where it takes effect:
deletion protection on the resource's ``DeletionProtectionEnabled``, retention on its
``DeletionPolicy``/``UpdateReplacePolicy``, event retention on the log group and the archive bucket,
tracking settings on the alarms. ``tests/yaml_app/config/test_model_defaults.py`` checks the same defaults on the
parsed model, fast; this test proves they survive the way to CloudFormation.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from aws_cdk import assertions

from sms_estate.yaml_app.app_builder import add_environment, new_app
from sms_estate.yaml_app.config import load_environment
from sms_runtime.contract import PHONE_NUMBER_TYPE, PhoneNumberAttrs, PhoneNumberProps
from sms_runtime.tracking import metrics

Resources = dict[str, dict[str, Any]]

PLAIN = {
    "environment": "defaults",
    "account": "111111111111",
    "regions": ["us-east-1"],
    "opt_out_lists": [{"name": "list"}],
    "protect_configurations": [{"name": "guard"}],
    "sender_ids": [{"sender_id": "ACME", "iso_country_code": "GB"}],
    "configuration_sets": [
        {
            "name": "cs",
            "event_destinations": [
                {"name": "logs", "type": "cloudwatch_logs", "event_types": ["TEXT_ALL"]},
                {"name": "stream", "type": "firehose", "event_types": ["TEXT_ALL"]},
            ],
        }
    ],
    "phone_numbers": [
        {"name": "sim", "number_type": "SIMULATOR", "iso_country_code": "US", "message_type": "TRANSACTIONAL"}
    ],
    "pools": [
        {
            "name": "main",
            "phone_numbers": ["sim"],
            "sender_ids": ["ACME"],
            "help_message": "help",
            "stop_message": "stop",
        }
    ],
}


@pytest.fixture(scope="module")
def resources(tmp_path_factory: pytest.TempPathFactory) -> Resources:
    folder = tmp_path_factory.mktemp("defaults")
    config = folder / "defaults.yaml"
    config.write_text(yaml.safe_dump(PLAIN, sort_keys=False))
    [stack] = add_environment(new_app(outdir=str(folder / "cdk.out")), load_environment(config))
    template = assertions.Template.from_stack(stack).to_json()
    return {logical_id: dict(resource) for logical_id, resource in template["Resources"].items()}


def only(resources: Resources, resource_type: str) -> dict[str, Any]:
    [found] = [r for r in resources.values() if r["Type"] == resource_type]
    return found


def retained(resource: dict[str, Any]) -> bool:
    return (resource.get("DeletionPolicy"), resource.get("UpdateReplacePolicy")) == ("Retain", "Retain")


@pytest.mark.parametrize(
    "resource_type", ["AWS::SMSVOICE::Pool", "AWS::SMSVOICE::SenderId", "AWS::SMSVOICE::ProtectConfiguration"]
)
def test_protected_and_retained_by_default(resources: Resources, resource_type: str) -> None:
    resource = only(resources, resource_type)
    assert resource["Properties"]["DeletionProtectionEnabled"] is True
    assert retained(resource)


def test_an_opt_out_list_is_retained_by_default(resources: Resources) -> None:
    """Retained even by the rollback of the deploy that created it: a number or pool its handler retained may
    still use it (``DeleteOptOutList`` would refuse and fail the rollback), and it may hold a STOP already."""
    assert retained(only(resources, "AWS::SMSVOICE::OptOutList"))


def test_a_number_is_protected_kept_and_never_replaced_by_default(resources: Resources) -> None:
    properties = only(resources, PHONE_NUMBER_TYPE)["Properties"]
    assert (
        properties[PhoneNumberProps.DELETION_PROTECTION_ENABLED],
        properties[PhoneNumberProps.ON_DELETE],
        properties[PhoneNumberProps.ALLOW_REPLACEMENT],
    ) == (True, "retain", False)
    assert properties[PhoneNumberProps.NUMBER_CAPABILITIES] == ["SMS"]


def test_a_pool_shares_nothing_and_answers_only_the_mandatory_keywords_by_default(resources: Resources) -> None:
    properties = only(resources, "AWS::SMSVOICE::Pool")["Properties"]
    assert (properties["SelfManagedOptOutsEnabled"], properties["SharedRoutesEnabled"]) == (False, False)
    assert properties["MandatoryKeywords"] == {"HELP": {"Message": "help"}, "STOP": {"Message": "stop"}}
    assert "TwoWay" not in properties and "OptionalKeywords" not in properties and "OptOutListName" not in properties
    # the number first: the pool takes its settings from its first identity, which a sender ID lacks
    number_id = next(k for k, r in resources.items() if r["Type"] == PHONE_NUMBER_TYPE)
    sender_id = next(k for k, r in resources.items() if r["Type"] == "AWS::SMSVOICE::SenderId")
    assert properties["OriginationIdentities"] == [
        {"Fn::GetAtt": [number_id, PhoneNumberAttrs.PHONE_NUMBER_ARN]},
        {"Fn::GetAtt": [sender_id, "Arn"]},
    ]
    assert {"Key": "Name", "Value": "main"} in properties["Tags"]


def test_event_destinations_are_enabled_and_keep_events_90_days_and_archives_365(resources: Resources) -> None:
    config_set = only(resources, "AWS::SMSVOICE::ConfigurationSet")["Properties"]
    assert [d["Enabled"] for d in config_set["EventDestinations"]] == [True, True]
    assert config_set["MessageFeedbackEnabled"] is False
    [log_group] = [
        r
        for r in resources.values()
        if r["Type"] == "AWS::Logs::LogGroup" and r["Properties"].get("LogGroupName") == "/sms-voice/cs/logs"
    ]
    assert log_group["Properties"]["RetentionInDays"] == 90
    expirations = [
        rule["ExpirationInDays"]
        for r in resources.values()
        if r["Type"] == "AWS::S3::Bucket"
        for rule in r["Properties"].get("LifecycleConfiguration", {}).get("Rules", [])
        if "ExpirationInDays" in rule
    ]
    assert 365 in expirations


def test_tracking_polls_hourly_and_alarms_after_24_hours_by_default(resources: Resources) -> None:
    alarms = {
        r["Properties"]["MetricName"]: r["Properties"]
        for r in resources.values()
        if r["Type"] == "AWS::CloudWatch::Alarm"
    }
    assert set(alarms) == {*metrics.ALARM_METRICS, "Errors"}  # no spend limit: no spend alarm
    assert {a["Period"] for a in alarms.values()} == {3600}
    assert "more than 24 hours after submission" in alarms[metrics.OVERDUE_FOR_REVIEW]["AlarmDescription"]
    [schedule] = [
        r["Properties"]["ScheduleExpression"]
        for r in resources.values()
        if r["Type"] == "AWS::Events::Rule" and "ScheduleExpression" in r["Properties"]
    ]
    assert schedule == "rate(1 hour)"
