"""The account-default protect configuration and per-number overrides (issue 19, items 2 and 3): constructs and config.

A small stack synthesizes with cdk-nag attached (a finding fails synth) and grants exactly the actions the
handlers call; the config refuses a second account default in the same account and region, also when the
other one is declared by another environment file of the same folder, and names that file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import botocore.session
import pytest

from sms_estate import SmsProtectConfiguration, add_nag_checks
from sms_estate.cli.diff.consequences import classify_all
from sms_estate.cli.diff.rules import Severity
from sms_estate.cli.diff.templates import diff_templates
from sms_estate.cli.main import main
from sms_estate.registrations.protect_settings import E164, OVERRIDE_ACTIONS, NumberOverride
from sms_runtime.contract import ACCOUNT_DEFAULT_PROTECT_TYPE, PROTECT_NUMBER_OVERRIDES_TYPE
from sms_runtime.handlers import protect_number_overrides

ACCOUNT = "444455556666"


def synth(**kwargs: Any) -> dict[str, Any]:
    app = cdk.App()
    add_nag_checks(app)
    stack = cdk.Stack(app, "Protect", env=cdk.Environment(account=ACCOUNT, region="us-east-1"))
    SmsProtectConfiguration(stack, "Guard", name="guard", **kwargs)
    template: dict[str, Any] = app.synth().get_stack_by_name("Protect").template
    return template


def _of_type(template: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r["Properties"] for r in template["Resources"].values() if r["Type"] == kind]


def _statements(template: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        statement
        for policy in _of_type(template, "AWS::IAM::Policy")
        for statement in policy["PolicyDocument"]["Statement"]
    ]


def test_defaults_add_no_custom_resource() -> None:
    template = synth()
    assert _of_type(template, ACCOUNT_DEFAULT_PROTECT_TYPE) == []
    assert _of_type(template, PROTECT_NUMBER_OVERRIDES_TYPE) == []


def test_account_default_and_overrides_synthesize_nag_clean_with_exact_grants() -> None:
    overrides = [
        NumberOverride("+447700900123", "ALLOW", "2027-01-31T00:00:00Z"),
        NumberOverride("+12065550100", "BLOCK"),
    ]
    template = synth(account_default=True, number_overrides=overrides)
    [default] = _of_type(template, ACCOUNT_DEFAULT_PROTECT_TYPE)
    assert default["ProtectConfigurationId"]["Fn::GetAtt"][1] == "ProtectConfigurationId"
    [declared] = _of_type(template, PROTECT_NUMBER_OVERRIDES_TYPE)
    assert declared["Overrides"] == [  # sorted by number: a reordered config is no change
        {"DestinationPhoneNumber": "+12065550100", "Action": "BLOCK"},
        {"DestinationPhoneNumber": "+447700900123", "Action": "ALLOW", "ExpirationTimestamp": "2027-01-31T00:00:00Z"},
    ]
    by_actions = {
        tuple(sorted(s["Action"])) if isinstance(s["Action"], list) else (s["Action"],): s
        for s in _statements(template)
    }
    assert by_actions[("sms-voice:DeleteAccountDefaultProtectConfiguration",)]["Resource"] == "*"
    scoped = by_actions[("sms-voice:DescribeProtectConfigurations", "sms-voice:SetAccountDefaultProtectConfiguration")]
    assert "protect-configuration/*" in json.dumps(scoped["Resource"])
    overrides_statement = by_actions[
        (
            "sms-voice:DeleteProtectConfigurationRuleSetNumberOverride",
            "sms-voice:ListProtectConfigurationRuleSetNumberOverrides",
            "sms-voice:PutProtectConfigurationRuleSetNumberOverride",
        )
    ]
    [arn] = overrides_statement["Resource"]  # this configuration only
    assert arn["Fn::GetAtt"][1] == "Arn"


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (NumberOverride("2065550100", "BLOCK"), "destination …0100 is not an E.164 number"),
        (NumberOverride("+12065550100", "MONITOR"), "action must be one of ALLOW, BLOCK"),  # type: ignore[arg-type]
        (NumberOverride("+12065550100", "BLOCK", "2027-01-31"), "expires must be like 2027-01-31T00:00:00Z"),
    ],
)
def test_the_construct_refuses_bad_overrides_naming_its_path(override: NumberOverride, message: str) -> None:
    with pytest.raises(ValueError, match=message) as raised:
        synth(number_overrides=[override])
    assert "Protect/Guard/NumberOverrides" in str(raised.value)
    assert "2065550100" not in str(raised.value).replace("…0100", "")


def test_both_sides_follow_botocore() -> None:
    model = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
    assert tuple(model.shape_for("ProtectConfigurationRuleOverrideAction").enum) == OVERRIDE_ACTIONS
    pattern = model.operation_model("PutProtectConfigurationRuleSetNumberOverride").input_shape.members[
        "DestinationPhoneNumber"
    ]
    assert pattern.metadata["pattern"] == r"\+?[1-9][0-9]{1,18}"  # ours: the same, with the plus required
    assert protect_number_overrides.E164.pattern == E164.pattern == r"\+[1-9][0-9]{1,18}"
    schema = json.loads((Path(__file__).parents[2] / "constructs/sms_estate/yaml_app/config/schema.json").read_text())
    item = schema["$defs"]["protectConfiguration"]["properties"]["number_overrides"]["items"]["properties"]
    assert item["action"]["enum"] == list(OVERRIDE_ACTIONS)
    assert item["destination"]["pattern"] == r"^\+[1-9][0-9]{1,18}$"


def _env(folder: Path, name: str, regions: list[str], *, account: str = ACCOUNT, default: bool = True) -> Path:
    path = folder / f"{name}.yaml"
    doc = {
        "environment": name,
        "account": account,
        "regions": regions,
        "protect_configurations": [{"name": f"{name}-guard", "account_default": default}],
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_another_environment_of_the_account_declaring_a_default_is_a_config_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _env(tmp_path, "staging", ["eu-west-2", "us-east-1"])
    prod = _env(tmp_path, "prod", ["us-east-1", "us-west-2"])
    assert main(["validate", str(prod)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert (
        "protect_configurations[0].account_default: staging.yaml also declares an account default protect "
        f"configuration for account {ACCOUNT} in us-east-1" in err
    )


@pytest.mark.parametrize(
    ("regions", "account", "default"),
    [
        (["eu-west-2"], ACCOUNT, True),  # no region in common
        (["us-east-1"], "777788889999", True),  # another account
        (["us-east-1"], ACCOUNT, False),  # declares no default
    ],
)
def test_other_environments_that_do_not_collide_are_fine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], regions: list[str], account: str, default: bool
) -> None:
    _env(tmp_path, "other", regions, account=account, default=default)
    prod = _env(tmp_path, "prod", ["us-east-1"])
    assert main(["validate", str(prod)]) == 0, capsys.readouterr().err


def protect_findings(base: dict[str, Any], head: dict[str, Any]) -> list[tuple[str, Severity, str]]:
    changes = diff_templates("shop", "us-east-1", "Protect", base, head)
    return [
        (c.rule.id, c.severity, c.finding.message)
        for c in classify_all(changes)
        if c.rule.id in ("SMS-SEC8", "SMS-SEC9")
    ]


def test_the_diff_marks_the_account_default_and_overrides_as_security_with_masked_numbers() -> None:
    none = synth()
    first = synth(account_default=True, number_overrides=[NumberOverride("+12065550100", "BLOCK")])
    second = synth(
        account_default=True,
        number_overrides=[NumberOverride("+12065550100", "ALLOW"), NumberOverride("+447700900123", "BLOCK")],
    )
    added = protect_findings(none, first)
    assert [(rule, severity) for rule, severity, _ in added] == [
        ("SMS-SEC8", Severity.SECURITY),
        ("SMS-SEC9", Severity.SECURITY),
    ]
    assert added[0][2].startswith("account default protect configuration becomes Guard")
    assert added[1][2].endswith(": added …0100 BLOCK")
    assert [message.split(": ", 1)[1] for _, _, message in protect_findings(first, second)] == [
        "added …0123 BLOCK; changed …0100 BLOCK→ALLOW"
    ]
    removed = protect_findings(second, none)
    assert [rule for rule, _, _ in removed] == ["SMS-SEC8", "SMS-SEC9"]
    assert "handed back to the previous one" in removed[0][2]
    assert removed[1][2].endswith("removed …0100, …0123")
    assert protect_findings(second, second) == []
    for _, _, message in added + removed:
        assert "2065550100" not in message and "7700900123" not in message
