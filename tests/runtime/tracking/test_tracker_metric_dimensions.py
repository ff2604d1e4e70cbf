"""The tracker's metrics and the alarms watching them agree exactly on their dimensions.

CloudWatch matches a metric to an alarm only when every dimension name and value is equal, so a
tracker whose ``SMS_ESTATE_ENVIRONMENT`` held anything else (the region, the stack name) would emit
gauges no alarm ever sees. The test reads the variable from the synthesized function, feeds it to the
Lambda's own EMF writer as the Lambda would (``AWS_REGION`` = the stack's region), and compares the
emitted dimensions with each alarm's, name for name and value for value.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from aws_cdk import assertions

from sms_estate.yaml_app.app_builder import add_environment, new_app
from sms_estate.yaml_app.config import load_environment
from sms_runtime.tracking import metrics

REGION = "us-west-2"


def synthesized_template(tmp_path: Path) -> dict[str, Any]:
    doc = {
        "environment": "gauged",
        "account": "111111111111",
        "regions": [REGION],
        "phone_numbers": [
            {"name": "sim", "number_type": "SIMULATOR", "iso_country_code": "US", "message_type": "TRANSACTIONAL"}
        ],
    }
    config = tmp_path / "gauged.yaml"
    config.write_text(yaml.safe_dump(doc, sort_keys=False))
    [stack] = add_environment(new_app(outdir=str(tmp_path / "cdk.out")), load_environment(config))
    return dict(assertions.Template.from_stack(stack).to_json())


def tracker_variables(template: dict[str, Any]) -> dict[str, Any]:
    [function] = [
        r
        for r in template["Resources"].values()
        if r["Type"] == "AWS::Lambda::Function"
        and r["Properties"]["Handler"] == "sms_runtime.tracking.handler.on_event"
    ]
    return dict(function["Properties"]["Environment"]["Variables"])


def test_the_tracker_emits_its_gauges_with_exactly_the_dimensions_its_alarms_watch(tmp_path: Path) -> None:
    template = synthesized_template(tmp_path)
    environment = tracker_variables(template)["SMS_ESTATE_ENVIRONMENT"]
    assert environment == "gauged"
    emitted: dict[str, dict[str, str]] = {}
    for line in metrics.emf_lines(
        environment=environment,
        region=REGION,
        registrations=[],
        numbers=[],
        registration_statuses=(),
        number_statuses=(),
        now=0.0,
        overdue_hours=24.0,
    ):
        document = json.loads(line)
        [declared] = document["_aws"]["CloudWatchMetrics"]
        for metric in declared["Metrics"]:
            emitted[metric["Name"]] = {name: document[name] for name in declared["Dimensions"][0]}
    watched = {
        alarm["Properties"]["MetricName"]: {d["Name"]: d["Value"] for d in alarm["Properties"]["Dimensions"]}
        for alarm in template["Resources"].values()
        if alarm["Type"] == "AWS::CloudWatch::Alarm" and alarm["Properties"].get("Namespace") == metrics.NAMESPACE
    }
    assert set(watched) == set(metrics.ALARM_METRICS)
    for name, dimensions in watched.items():
        assert emitted[name] == dimensions == {"Environment": "gauged", "Region": REGION}
