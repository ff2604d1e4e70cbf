"""``spend_limits`` from the config to the template: one ``Custom::SmsSpendLimits`` per region, the spend alarm
following ``spend_limits.text``, exactly the spend-limit actions on ``*`` (acknowledged), and the schema's bounds
and kinds equal to botocore's (issue 19, item 1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import botocore.session
import pytest
import yaml

from sms_estate import SmsSpendLimits
from sms_estate.cli.assembly import Assembly, read_assembly
from sms_estate.yaml_app.app_builder import build_app
from sms_estate.yaml_app.config import load_environment
from sms_estate.yaml_app.config.json_schema import package_schema
from sms_runtime.contract import SPEND_LIMITS_TYPE, SpendLimitsProps
from sms_runtime.handlers import spend_limits

EAST, WEST = "us-east-1", "us-west-2"
DOC = {
    "environment": "limits",
    "account": "111111111111",
    "regions": [EAST, WEST],
    "spend_limits": {"text": 40, "notify": 3},
    "tracking": {"spend_limit_usd": 75},
}
MODEL = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")


@pytest.fixture(scope="module")
def assembly(tmp_path_factory: pytest.TempPathFactory) -> Assembly:
    root = tmp_path_factory.mktemp("spend-limits")
    (root / "limits.yaml").write_text(yaml.safe_dump(DOC), encoding="utf-8")
    out = root / "cdk.out"
    app, _ = build_app([load_environment(root / "limits.yaml")], outdir=str(out))
    app.synth()
    return read_assembly(out)


def _of_type(template: Any, resource_type: str) -> list[dict[str, Any]]:
    return [r for r in template["Resources"].values() if r["Type"] == resource_type]


@pytest.mark.parametrize("region", [EAST, WEST])
def test_each_region_sets_the_declared_limits(assembly: Assembly, region: str) -> None:
    template = assembly.stack(f"SmsEstate-limits-{region}").template
    (resource,) = _of_type(template, SPEND_LIMITS_TYPE)
    properties = {k: v for k, v in resource["Properties"].items() if k != "ServiceToken"}
    assert properties == {SpendLimitsProps.TEXT: 40, SpendLimitsProps.NOTIFY: 3}


def test_the_spend_alarm_follows_spend_limits_text(assembly: Assembly) -> None:
    template = assembly.stack(f"SmsEstate-limits-{EAST}").template
    alarms = [a for a in _of_type(template, "AWS::CloudWatch::Alarm") if "TextMessageMonthlySpend" in str(a)]
    assert [a["Properties"]["Threshold"] for a in alarms] == [32]  # 80% of 40, not of tracking's 75


def test_the_handler_may_read_set_and_delete_spend_limits_only_on_star(assembly: Assembly) -> None:
    template = assembly.stack(f"SmsEstate-limits-{EAST}").template
    statements = [
        s for p in _of_type(template, "AWS::IAM::Policy") for s in p["Properties"]["PolicyDocument"]["Statement"]
    ]
    (spend,) = [s for s in statements if "sms-voice:DescribeSpendLimits" in s["Action"]]
    expected = (
        {"sms-voice:DescribeSpendLimits"}
        | {f"sms-voice:{kind.set_action()}" for kind in spend_limits.KINDS}
        | {f"sms-voice:{kind.delete_action()}" for kind in spend_limits.KINDS}
    )
    assert spend["Resource"] == "*"
    # CDK merges the statements on "*": the spend-limit actions share it with the two unscoped definition reads
    assert set(spend["Action"]) - expected == {
        "sms-voice:DescribeRegistrationFieldDefinitions",
        "sms-voice:DescribeRegistrationTypeDefinitions",
    }
    assert expected <= set(spend["Action"])
    assert not [s for s in statements if s is not spend and "SpendLimit" in str(s["Action"])]
    assert assembly.nag_violations == ()


def test_a_text_limit_other_than_the_tracking_one_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "limits.yaml").write_text(yaml.safe_dump(DOC), encoding="utf-8")
    warnings = load_environment(tmp_path / "limits.yaml").warnings
    assert [(w.path, w.message.split(";")[0]) for w in warnings] == [
        ("tracking.spend_limit_usd", "75 differs from spend_limits.text (40)")
    ]
    (tmp_path / "limits.yaml").write_text(yaml.safe_dump(DOC | {"tracking": {"spend_limit_usd": 40}}), encoding="utf-8")
    assert load_environment(tmp_path / "limits.yaml").warnings == ()


def test_the_schema_bounds_and_kinds_are_the_model_s() -> None:
    schema = package_schema()["properties"]["spend_limits"]
    monthly = MODEL.shape_for("MonthlyLimit").metadata
    assert list(schema["properties"]) == [kind.key for kind in spend_limits.KINDS]
    for entry in schema["properties"].values():
        assert (entry["minimum"], entry["maximum"]) == (monthly["min"], monthly["max"])


@pytest.mark.parametrize("bad", [{}, {"text": -1}, {"voice": 1_000_000_001}, {"media": True}, {"rcs": 2.5}])
def test_the_construct_refuses_what_the_api_would(bad: dict[str, Any]) -> None:
    stack = cdk.Stack(cdk.App(), "Limits")
    with pytest.raises(ValueError, match="Limits/SpendLimits: "):
        SmsSpendLimits(stack, "SpendLimits", **bad)
