"""``RegistrationTracking`` built from plain values in a bare stack: no YAML config, no environment model.

One App: an environment-agnostic stack (region and account are tokens) with every setting given,
synthesized with cdk-nag, so a library user's stack is proved clean as well as complete.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest

from sms_estate import RegistrationTracking, SmsRegistration, add_nag_checks
from sms_estate.tracking import ConfigEntry

LOG_GROUP_ARN = "arn:aws:logs:eu-west-1:111122223333:log-group:sms-events:*"


class Built:
    def __init__(self, outdir: str) -> None:
        app = cdk.App(outdir=outdir)
        add_nag_checks(app)
        self.stack = cdk.Stack(app, "Bare")
        registrations = {
            "brand": SmsRegistration.from_registration_attributes(
                self.stack, "Brand", registration_id="registration-brand"
            )
        }
        self.tracking = RegistrationTracking(
            self.stack,
            "Tracking",
            environment_name="team-a",
            registrations=registrations,
            notify_emails=["ops@example.com"],
            poll_interval_minutes=15,
            pending_alarm_hours=48,
            spend_limit_usd=250,
            delivery_log_group_arns=[LOG_GROUP_ARN],
            config_file="sms/team-a.yaml",
            config_entries=[ConfigEntry("brand", 3, frozenset({"optInImage"}))],
        )
        assembly = app.synth()  # raises on an unacknowledged cdk-nag finding
        self.template: dict[str, Any] = assembly.get_stack_by_name("Bare").template
        self.assembly_dir = assembly.directory

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [r for r in self.template["Resources"].values() if r["Type"] == kind]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return Built(str(tmp_path_factory.mktemp("bare")))


def _tracker(built: Built) -> dict[str, Any]:
    [function] = [
        f
        for f in built.of_type("AWS::Lambda::Function")
        if f["Properties"]["Handler"].startswith("sms_runtime.tracking")
    ]
    return function


def test_the_tracker_gets_the_plain_values(built: Built) -> None:
    variables = _tracker(built)["Properties"]["Environment"]["Variables"]
    assert variables["SMS_ESTATE_ENVIRONMENT"] == "team-a"
    assert variables["OVERDUE_HOURS"] == "48"
    assert variables["CONFIG_FILE"] == "sms/team-a.yaml"
    ids = json.loads("".join(p if isinstance(p, str) else "?" for p in _join_parts(variables["REGISTRATION_IDS"])))
    assert ids == [["registration-brand", "brand"]]


def _join_parts(value: Any) -> list[Any]:
    return list(value["Fn::Join"][1]) if isinstance(value, dict) else [value]


def test_schedule_subscription_and_alarm_thresholds_follow_the_values(built: Built) -> None:
    schedules = [r["Properties"].get("ScheduleExpression") for r in built.of_type("AWS::Events::Rule")]
    assert "rate(15 minutes)" in schedules
    [subscription] = built.of_type("AWS::SNS::Subscription")
    assert (subscription["Properties"]["Protocol"], subscription["Properties"]["Endpoint"]) == (
        "email",
        "ops@example.com",
    )
    alarms = {
        json.dumps(a["Properties"]["AlarmName"]): a["Properties"] for a in built.of_type("AWS::CloudWatch::Alarm")
    }
    assert len(alarms) == 5
    [spend] = [a for name, a in alarms.items() if "SpendNearLimit" in name]
    assert spend["Threshold"] == 200  # 80% of 250
    assert all(a["Period"] == 15 * 60 for a in alarms.values() if a.get("Namespace") != "AWS/SMSVoice")


def test_region_defaults_to_the_stacks_region_token(built: Built) -> None:
    [dashboard] = built.of_type("AWS::CloudWatch::Dashboard")
    assert dashboard["Properties"]["DashboardName"] == {"Fn::Join": ["", ["SmsEstate-team-a-", {"Ref": "AWS::Region"}]]}


def test_each_delivery_log_group_gets_the_four_metric_filters(built: Built) -> None:
    filters = built.of_type("AWS::Logs::MetricFilter")
    assert {f["Properties"]["LogGroupName"] for f in filters} == {"sms-events"}
    assert sorted(f["Properties"]["MetricTransformations"][0]["MetricName"] for f in filters) == [
        "TextBlocked",
        "TextDelivered",
        "TextEventsByStatus",
        "TextFailed",
    ]


def test_the_config_index_layer_holds_the_entries(built: Built) -> None:
    [layer] = built.of_type("AWS::Lambda::LayerVersion")
    asset_hash = str(layer["Properties"]["Content"]["S3Key"]).removesuffix(".zip")
    index = Path(built.assembly_dir, f"asset.{asset_hash}", "sms-estate", "config-index.json").read_text()
    assert json.loads(index) == {"brand": {"attachments": ["optInImage"], "index": 3}}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"environment_name": "team a"}, r"environment_name must be 1 to 64 letters, digits, - or _, got 'team a'"),
        ({"notify_emails": ["ops"]}, r"notify_emails: 'ops' is not an email address"),
        ({"poll_interval_minutes": 0}, r"poll_interval_minutes must be a whole number of minutes >= 1, got 0"),
        ({"pending_alarm_hours": 0}, r"pending_alarm_hours must be > 0, got 0"),
        ({"spend_limit_usd": -5.0}, r"spend_limit_usd must be > 0 \(or None\), got -5.0"),
    ],
)
def test_bad_values_are_refused_naming_the_construct(changes: dict[str, Any], message: str) -> None:
    settings: dict[str, Any] = {"environment_name": "team-a", **changes}
    with pytest.raises(ValueError, match=rf"^Checks/Tracking: {message}"):
        RegistrationTracking(cdk.Stack(cdk.App(), "Checks"), "Tracking", **settings)
