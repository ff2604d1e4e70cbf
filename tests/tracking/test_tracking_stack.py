"""What each stack's tracking resources promise, read from the synthesized sample templates."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sms_estate.cli.assembly import Assembly, SynthesizedStack
from sms_estate.tracking.dashboard import DashboardSpec, dashboard_body, delivery_namespace, metric_names
from sms_runtime.opt_out_sync.settings import METRIC_COPIES, METRIC_DRIFT, METRIC_OPTED_OUT, METRIC_SYNC_AGE
from sms_runtime.tracking.config_keys import ConfigIndex
from sms_runtime.tracking.handler import read_config_index

PROD_EAST = "SmsEstate-prod-us-east-1"
REVIEW_STATE_SUFFIX = "-review-state"
READ_ONLY_SMS = {
    "sms-voice:DescribeRegistrations",
    "sms-voice:DescribeRegistrationVersions",
    "sms-voice:DescribeRegistrationFieldValues",
    "sms-voice:ListTagsForResource",
    "sms-voice:DescribePhoneNumbers",
}


def _of_type(stack: SynthesizedStack, kind: str) -> dict[str, dict[str, Any]]:
    return {k: dict(r) for k, r in stack.resources.items() if r["Type"] == kind}


def _tracker(stack: SynthesizedStack) -> tuple[str, dict[str, Any]]:
    [(logical_id, function)] = [
        (k, r)
        for k, r in _of_type(stack, "AWS::Lambda::Function").items()
        if r["Properties"]["Handler"] == "sms_runtime.tracking.handler.on_event"
    ]
    return logical_id, function


def _flatten(value: Any) -> str:
    """A template value as text, intrinsics shown as ``<LogicalId.Attr>``/``<Ref>`` (for JSON bodies)."""
    if isinstance(value, dict) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return str(separator).join(_flatten(p) for p in parts)
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return "<{}.{}>".format(*value["Fn::GetAtt"])
    if isinstance(value, dict) and "Ref" in value:
        return f"<{value['Ref']}>"
    return str(value)


def _messaging_stacks(assembly: Assembly) -> list[SynthesizedStack]:
    """Every stack but the review-state stacks (one SSM parameter each, deployed first: no tracker)."""
    return [s for s in assembly.stacks if not s.name.endswith(REVIEW_STATE_SUFFIX)]


def test_every_stack_has_one_tracker_python_arm64_without_reserved_concurrency(sample_assembly: Assembly) -> None:
    for stack in _messaging_stacks(sample_assembly):
        _, function = _tracker(stack)
        props = function["Properties"]
        assert (props["Runtime"], props["Architectures"]) == ("python3.14", ["arm64"])
        assert "ReservedConcurrentExecutions" not in props
        assert props["Environment"]["Variables"]["SMS_ESTATE_ENVIRONMENT"] in stack.name


def test_a_region_that_waits_for_reviews_lets_its_tracker_write_that_regions_review_state(
    sample_assembly: Assembly,
) -> None:
    waiting = {
        s.name.removesuffix(REVIEW_STATE_SUFFIX): s
        for s in sample_assembly.stacks
        if s.name.endswith(REVIEW_STATE_SUFFIX)
    }
    assert waiting, "a sample environment carries a 10DLC chain, so some region has a review state"
    for stack in _messaging_stacks(sample_assembly):
        _, function = _tracker(stack)
        variables = function["Properties"]["Environment"]["Variables"]
        statements = [
            statement
            for policy in _of_type(stack, "AWS::IAM::Policy").values()
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]
            if any(str(a).startswith("ssm:") for a in _listed(statement["Action"]))
        ]
        if stack.name not in waiting:
            assert ("REVIEW_STATE_PARAMETER" in variables, statements) == (False, [])
            continue
        [parameter] = _of_type(waiting[stack.name], "AWS::SSM::Parameter").values()
        name = parameter["Properties"]["Name"]
        assert (variables["REVIEW_STATE_PARAMETER"], variables["REVIEW_STATE_STACK"]) == (name, stack.name)
        [statement] = statements
        assert statement["Action"] == ["ssm:GetParameter", "ssm:PutParameter"]
        assert _flatten(statement["Resource"]).endswith(f":parameter{name}")


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_status_change_rule_and_backstop_poll_invoke_the_tracker(sample_assembly: Assembly) -> None:
    stack = sample_assembly.stack(PROD_EAST)
    tracker_id, _ = _tracker(stack)
    rules = [r for k, r in _of_type(stack, "AWS::Events::Rule").items() if k.startswith("RegistrationTracking")]
    patterns = [r["Properties"].get("EventPattern") for r in rules]
    assert {"source": ["aws.sms-voice"], "detail-type": ["Registration Status Change"]} in patterns
    assert "rate(1 hour)" in [r["Properties"].get("ScheduleExpression") for r in rules]
    for rule in rules:
        [target] = rule["Properties"]["Targets"]
        assert target["Arn"] == {"Fn::GetAtt": [tracker_id, "Arn"]}
        assert target["RetryPolicy"]["MaximumRetryAttempts"] >= 2


def test_topic_is_kms_encrypted_and_alarms_publish_only_with_confused_deputy_conditions(
    sample_assembly: Assembly,
) -> None:
    stack = sample_assembly.stack(PROD_EAST)
    topics = {k: r for k, r in _of_type(stack, "AWS::SNS::Topic").items() if "RegistrationTracking" in k}
    [(topic_id, topic)] = topics.items()
    assert "KmsMasterKeyId" in topic["Properties"]
    [policy] = [
        p for p in _of_type(stack, "AWS::SNS::TopicPolicy").values() if {"Ref": topic_id} in p["Properties"]["Topics"]
    ]
    statements = policy["Properties"]["PolicyDocument"]["Statement"]
    [alarms] = [s for s in statements if s.get("Principal") == {"Service": "cloudwatch.amazonaws.com"}]
    assert alarms["Condition"]["StringEquals"] == {"aws:SourceAccount": "333333333333"}
    assert _flatten(alarms["Condition"]["ArnLike"]["aws:SourceArn"]) == (
        "arn:<AWS::Partition>:cloudwatch:us-east-1:333333333333:alarm:SmsEstate-prod-us-east-1-*"
    )
    assert any(s["Effect"] == "Deny" and "aws:SecureTransport" in json.dumps(s) for s in statements)


def test_ledger_is_on_demand_with_pitr_and_kms(sample_assembly: Assembly) -> None:
    tables = _of_type(sample_assembly.stack(PROD_EAST), "AWS::DynamoDB::Table")
    [table] = [t for k, t in tables.items() if k.startswith("RegistrationTracking")]
    props = table["Properties"]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["SSESpecification"]["SSEType"] == "KMS"
    assert props["KeySchema"] == [{"AttributeName": "RegistrationId", "KeyType": "HASH"}]


def test_tracker_role_reads_sms_state_and_touches_only_its_own_table_topic_and_key(sample_assembly: Assembly) -> None:
    stack = sample_assembly.stack(PROD_EAST)
    _, function = _tracker(stack)
    role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
    policies = [p for p in _of_type(stack, "AWS::IAM::Policy").values() if {"Ref": role_id} in p["Properties"]["Roles"]]
    statements = [s for p in policies for s in p["Properties"]["PolicyDocument"]["Statement"]]
    actions = {a for s in statements for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])}
    assert {a for a in actions if a.startswith("sms-voice:")} == READ_ONLY_SMS
    assert {a for a in actions if a.startswith("dynamodb:")} == {
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:DeleteItem",
    }
    for statement in statements:
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        for resource in map(_flatten, resources):
            assert resource != "*", statement
            if "sms-voice" in resource:
                own = "arn:<AWS::Partition>:sms-voice:us-east-1:333333333333:"
                assert resource in (f"{own}registration/*", f"{own}phone-number/*"), resource


def test_alarms_watch_the_tracker_gauges_and_notify_the_topic(sample_assembly: Assembly) -> None:
    stack = sample_assembly.stack(PROD_EAST)
    alarms = {r["Properties"]["AlarmName"]: r["Properties"] for r in _of_type(stack, "AWS::CloudWatch::Alarm").values()}
    prefix = "SmsEstate-prod-us-east-1-"
    assert set(alarms) == {
        f"{prefix}RegistrationsRequiringUpdates",
        f"{prefix}RegistrationsOverdueForReview",
        f"{prefix}PhoneNumbersPendingUnsubmitted",
        f"{prefix}TrackerErrors",
        f"{prefix}SpendNearLimit",
        # prod syncs its opt-out lists: their drift alarms share the prefix, and so the topic
        f"{prefix}OptOutDrift-harborline-optouts",
        f"{prefix}OptOutDrift-tidewater-optouts",
    }
    gauge = alarms[f"{prefix}RegistrationsRequiringUpdates"]
    assert (gauge["Namespace"], gauge["MetricName"], gauge["Statistic"]) == (
        "SmsEstate",
        "RegistrationsRequiringUpdates",
        "Maximum",
    )
    assert {d["Name"]: d["Value"] for d in gauge["Dimensions"]} == {"Environment": "prod", "Region": "us-east-1"}
    spend = alarms[f"{prefix}SpendNearLimit"]
    assert (spend["Namespace"], spend["MetricName"], spend["Threshold"]) == (
        "AWS/SMSVoice",
        "TextMessageMonthlySpend",
        400,
    )
    assert all(len(a["AlarmActions"]) == 1 for a in alarms.values())


def test_delivery_metric_filters_on_each_cloudwatch_logs_destination(sample_assembly: Assembly) -> None:
    filters = list(_of_type(sample_assembly.stack(PROD_EAST), "AWS::Logs::MetricFilter").values())
    transforms = [f["Properties"]["MetricTransformations"][0] for f in filters]
    assert len(filters) == 8  # two log destinations in prod us-east-1, four filters each
    assert {t["MetricNamespace"] for t in transforms} == {"SmsEstate/prod/TextEvents"}
    assert {t["MetricName"] for t in transforms} == {"TextDelivered", "TextFailed", "TextBlocked", "TextEventsByStatus"}
    [by_status] = {json.dumps(t["Dimensions"]) for t in transforms if t["MetricName"] == "TextEventsByStatus"}
    assert json.loads(by_status) == [{"Key": "MessageStatus", "Value": "$.messageStatus"}]


def test_dashboard_body_in_the_template_has_the_widgets_and_metrics_people_read(sample_assembly: Assembly) -> None:
    [dashboard] = _of_type(sample_assembly.stack(PROD_EAST), "AWS::CloudWatch::Dashboard").values()
    assert dashboard["Properties"]["DashboardName"] == "SmsEstate-prod-us-east-1"
    body = json.loads(_flatten(dashboard["Properties"]["DashboardBody"]))
    titles = [
        w["properties"]["title"] if "title" in w["properties"] else w["properties"]["markdown"].splitlines()[0]
        for w in body["widgets"]
    ]
    assert titles == [
        "# SMS estate: prod in us-east-1",
        "Alarms",
        "Needs attention now",
        "Monthly SMS spend (USD) against the spend limit",
        "Registrations by status",
        "Phone numbers by status",
        "Text messages: delivered, failed, blocked (per hour)",
        "Failed and blocked, by reason (messageStatus, per hour)",
        # rows the opt-out sync adds at the bottom (prod syncs two lists)
        "## Opt-out sync: prod across us-east-1, us-west-2",
        "Opt-out drift alarms",
        *(
            f"{name}: {graph}"
            for name in ("harborline-optouts", "tidewater-optouts")
            for graph in (
                "opted-out numbers",
                "drift (numbers missing from a region)",
                "copies (left) and seconds since sync (right)",
            )
        ),
    ]
    sync_metrics = {("SmsEstate", m) for m in (METRIC_OPTED_OUT, METRIC_DRIFT, METRIC_COPIES, METRIC_SYNC_AGE)}
    assert metric_names(body) == sync_metrics | {
        ("SmsEstate", "RegistrationsRequiringUpdates"),
        ("SmsEstate", "RegistrationsOverdueForReview"),
        ("SmsEstate", "PhoneNumbersPendingUnsubmitted"),
        ("SmsEstate", "Registrations"),
        ("SmsEstate", "PhoneNumbers"),
        ("AWS/SMSVoice", "TextMessageMonthlySpend"),
        ("SmsEstate/prod/TextEvents", "TextDelivered"),
        ("SmsEstate/prod/TextEvents", "TextFailed"),
        ("SmsEstate/prod/TextEvents", "TextBlocked"),
        ("SmsEstate/prod/TextEvents", "TextEventsByStatus"),
    }
    assert [a["value"] for a in body["widgets"][3]["properties"]["annotations"]["horizontal"]] == [500, 400]
    for widget in body["widgets"]:  # the grid is 24 wide and nothing overlaps
        assert widget["x"] >= 0 and widget["x"] + widget["width"] <= 24


@pytest.mark.parametrize("has_logs", [True, False])
def test_widgets_never_overlap_and_added_rows_go_below_in_order(has_logs: bool) -> None:
    spec = DashboardSpec("prod", "us-east-1", delivery_namespace("prod"), has_logs, ("arn:a",), 500.0)
    rows = [[_text("a", 24, 2)], [_text("b", 8, 6), _text("c", 8, 3), _text("d", 8, 6)]]
    plain, body = dashboard_body(spec)["widgets"], dashboard_body(spec, rows)["widgets"]
    assert body[: len(plain)] == plain
    bottom = max(w["y"] + w["height"] for w in plain)
    placed = [(w["properties"]["markdown"], w["x"], w["y"]) for w in body[len(plain) :]]
    assert placed == [("a", 0, bottom), ("b", 0, bottom + 2), ("c", 8, bottom + 2), ("d", 16, bottom + 2)]
    cells: set[tuple[int, int]] = set()
    for widget in body:
        covered = {
            (x, y)
            for x in range(widget["x"], widget["x"] + widget["width"])
            for y in range(widget["y"], widget["y"] + widget["height"])
        }
        assert not covered & cells, widget
        cells |= covered


def _text(markdown: str, width: int, height: int) -> dict[str, Any]:
    return {"type": "text", "width": width, "height": height, "properties": {"markdown": markdown}}


def test_without_a_logs_destination_the_dashboard_says_how_to_get_delivery_metrics() -> None:
    body = dashboard_body(DashboardSpec("dev", "us-east-1", delivery_namespace("dev"), False))
    assert "No CloudWatch Logs event destination" in body["widgets"][-1]["properties"]["markdown"]
    assert not {name for _, name in metric_names(body)} & {"TextDelivered", "TextFailed"}


def test_config_index_ships_as_a_layer_file_the_tracker_reads(sample_assembly: Assembly) -> None:
    stack = sample_assembly.stack(PROD_EAST)
    _, function = _tracker(stack)
    variables = function["Properties"]["Environment"]["Variables"]
    assert variables["CONFIG_FILE"] == "config/prod.yaml"
    assert len(json.dumps(variables)) < 2048  # Lambda allows 4 KB for all variables; bulk estates must fit
    [layer] = _of_type(stack, "AWS::Lambda::LayerVersion").values()
    asset_hash = str(layer["Properties"]["Content"]["S3Key"]).removesuffix(".zip")
    asset = sample_assembly.directory / f"asset.{asset_hash}"
    index_file = asset / variables["CONFIG_INDEX_FILE"].removeprefix("/opt/")
    index = ConfigIndex.from_json(variables["CONFIG_FILE"], read_config_index(str(index_file)))
    assert {name: entry.index for name, entry in index.by_name.items()} == {
        "harborline-refills-east": 0,
        "tidewater-reminders-east": 2,  # index in the whole file: harborline-refills-west (1) is in us-west-2
    }
    assert index.by_name["harborline-refills-east"].key_for("messagingUseCase.optInImage") == (
        "registrations[0].attachments.messagingUseCase.optInImage"
    )
