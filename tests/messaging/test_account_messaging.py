"""Verified destination numbers, notify configurations and RCS agents (issue 19, items 5 and 7).

The constructs write only the properties the CloudFormation schema and botocore's model confirm, keep
the resources on deletion and replacement by default, carry the stack's tags, and refuse bad values
with a message that never shows a full phone number. A small stack using all three synthesizes with
cdk-nag attached and no cfn-lint error; the YAML app builds one of each per declared entry per region;
the config checks refuse duplicates and unknown opt-out lists with ``file: path: message``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
import yaml
from aws_cdk import assertions

from sms_estate import (
    SmsNotifyConfiguration,
    SmsOptOutList,
    SmsRcsAgent,
    SmsVerifiedDestinationNumber,
)
from sms_estate.cli.assembly import read_assembly
from sms_estate.cli.template_lint import template_errors
from sms_estate.yaml_app.app_builder import add_environment, new_app
from sms_estate.yaml_app.config import load_environment
from sms_estate.yaml_app.errors import ConfigError

ACCOUNT = "111111111111"
VERIFIED = "AWS::SMSVOICE::VerifiedDestinationNumber"
NOTIFY = "AWS::SMSVOICE::NotifyConfiguration"
RCS = "AWS::SMSVOICE::RcsAgent"


def _of(template: Mapping[str, Any], kind: str) -> list[dict[str, Any]]:
    return [r for r in template["Resources"].values() if r["Type"] == kind]


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> tuple[Mapping[str, Any], list[str], tuple[str, ...]]:
    """One stack with each construct (defaults, and a destroy variant), nag attached: template, lint, nag."""
    out = tmp_path_factory.mktemp("account-messaging")
    app = new_app(outdir=str(out))  # cdk-nag attached, as in every synth of the package
    stack = cdk.Stack(app, "Account", env=cdk.Environment(account=ACCOUNT, region="us-east-1"))
    cdk.Tags.of(stack).add("team", "messaging")
    SmsVerifiedDestinationNumber(stack, "Tester", destination_phone_number="+12065550100")
    SmsVerifiedDestinationNumber(stack, "Gone", destination_phone_number="+12065550101", on_delete="destroy")
    SmsNotifyConfiguration(
        stack, "Codes", display_name="Shop Codes", enabled_channels=["VOICE", "SMS"], enabled_countries=["US", "CA"]
    )
    optouts = SmsOptOutList(stack, "OptOuts", opt_out_list_name="rcs-optouts")
    SmsRcsAgent(stack, "Agent", opt_out_list_name=optouts.opt_out_list_name, self_managed_opt_outs=True)
    SmsRcsAgent(stack, "Plain", deletion_protection=False, on_delete="destroy")
    app.synth()
    assembly = read_assembly(out)
    return assembly.stack("Account").template, template_errors(assembly), assembly.nag_violations


def test_each_resource_is_nag_clean_and_cfn_lint_clean(synthesized: Any) -> None:
    _, lint, nag = synthesized
    assert lint == []
    assert nag == ()


def test_resources_are_retained_on_delete_and_replace_unless_destroy(synthesized: Any) -> None:
    template, _, _ = synthesized
    policies = {
        (r["Type"], r.get("DeletionPolicy"), r.get("UpdateReplacePolicy"))
        for r in template["Resources"].values()
        if r["Type"] in (VERIFIED, NOTIFY, RCS)
    }
    assert policies == {
        (VERIFIED, "Retain", "Retain"),
        (VERIFIED, "Delete", "Delete"),
        (NOTIFY, "Retain", "Retain"),
        (RCS, "Retain", "Retain"),
        (RCS, "Delete", "Delete"),
    }


def test_only_confirmed_properties_are_written_with_safe_defaults(synthesized: Any) -> None:
    template, _, _ = synthesized
    tags = [{"Key": "team", "Value": "messaging"}]
    assert sorted(r["Properties"]["DestinationPhoneNumber"] for r in _of(template, VERIFIED)) == [
        "+12065550100",
        "+12065550101",
    ]
    assert all(r["Properties"]["Tags"] == tags for r in _of(template, VERIFIED))
    [notify] = _of(template, NOTIFY)
    assert notify["Properties"] == {
        "DisplayName": "Shop Codes",
        "EnabledChannels": ["SMS", "VOICE"],
        "UseCase": "CODE_VERIFICATION",
        "EnabledCountries": ["CA", "US"],
        "DeletionProtectionEnabled": True,
        "Tags": tags,
    }
    agent, plain = sorted(_of(template, RCS), key=lambda r: "OptOutListName" not in r["Properties"])
    [optouts] = [i for i, r in template["Resources"].items() if r["Type"] == "AWS::SMSVOICE::OptOutList"]
    assert agent["Properties"] == {
        "OptOutListName": {"Ref": optouts},
        "SelfManagedOptOutsEnabled": True,
        "DeletionProtectionEnabled": True,
        "Tags": tags,
    }
    assert plain["Properties"] == {"SelfManagedOptOutsEnabled": False, "DeletionProtectionEnabled": False, "Tags": tags}
    assert not any(key.startswith("TwoWay") for r in _of(template, RCS) for key in r["Properties"])


def test_attributes_are_the_schema_s_get_atts() -> None:
    stack = cdk.Stack(cdk.App(), "S")
    number = SmsVerifiedDestinationNumber(stack, "N", destination_phone_number="+12065550100")
    notify = SmsNotifyConfiguration(stack, "C", display_name="Codes", enabled_channels=["SMS"])
    agent = SmsRcsAgent(stack, "A")
    resolved = [
        stack.resolve(v)
        for v in (
            number.verified_destination_number_id,
            number.verified_destination_number_arn,
            notify.notify_configuration_id,
            notify.notify_configuration_arn,
            agent.rcs_agent_id,
            agent.rcs_agent_arn,
        )
    ]
    assert [r["Fn::GetAtt"][1] for r in resolved] == [
        "VerifiedDestinationNumberId",
        "VerifiedDestinationNumberArn",
        "NotifyConfigurationId",
        "NotifyConfigurationArn",
        "RcsAgentId",
        "RcsAgentArn",
    ]


@pytest.mark.parametrize("number", ["12065550100", "+02065550100", "+1 206 555 0100", "+1206555010012345678901"])
def test_a_number_that_is_not_e164_is_refused_showing_its_last_4_only(number: str) -> None:
    with pytest.raises(ValueError, match="…") as raised:
        SmsVerifiedDestinationNumber(cdk.Stack(), "N", destination_phone_number=number)
    assert number not in str(raised.value)


@pytest.mark.parametrize(
    ("channels", "message"),
    [([], "one to four"), (["SMS", "SMS"], "one to four"), (["EMAIL"], "enabled_channels")],
)
def test_bad_channels_are_refused(channels: list[Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SmsNotifyConfiguration(cdk.Stack(), "C", display_name="Codes", enabled_channels=channels)


def test_an_rcs_agent_refuses_an_opt_out_list_arn_or_bad_name() -> None:
    with pytest.raises(ValueError, match="opt_out_list_name"):
        SmsRcsAgent(cdk.Stack(), "A", opt_out_list_name="arn:aws:sms-voice:us-east-1:1:opt-out-list/x")


# ----- the YAML app ---------------------------------------------------------------------------


def _config(tmp_path: Path, **extra: Any) -> Path:
    doc = {"environment": "shop", "account": ACCOUNT, "regions": ["us-east-1", "us-west-2"]} | extra
    path = tmp_path / "shop.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def test_the_app_builds_each_declared_entry_in_every_region(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        opt_out_lists=[{"name": "rcs-optouts"}],
        verified_destination_numbers=["+12065550100", "+12065550123"],
        notify_configurations=[{"name": "codes", "display_name": "Shop", "enabled_channels": ["SMS"]}],
        rcs_agents=[{"name": "brand", "opt_out_list": "rcs-optouts"}, {"name": "other", "opt_out_list": "Default"}],
    )
    app = new_app(outdir=str(tmp_path / "cdk.out"))
    stacks = add_environment(app, load_environment(config))
    assert len(stacks) == 2
    for stack in stacks:
        template = assertions.Template.from_stack(stack).to_json()
        numbers = sorted(r["Properties"]["DestinationPhoneNumber"] for r in _of(template, VERIFIED))
        assert numbers == ["+12065550100", "+12065550123"]
        assert [r["Properties"]["DisplayName"] for r in _of(template, NOTIFY)] == ["Shop"]
        names = sorted(str(r["Properties"]["OptOutListName"]) for r in _of(template, RCS))
        assert names[0] == "Default" and names[1].startswith("{'Ref': 'OptOutListrcsoptouts")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"verified_destination_numbers": ["2065550100"]}, "verified_destination_numbers[0]"),
        ({"verified_destination_numbers": ["+12065550100", "+12065550100"]}, "verified_destination_numbers"),
        (
            {"rcs_agents": [{"name": "brand", "opt_out_list": "nowhere"}]},
            "rcs_agents[0].opt_out_list: refers to opt-out list 'nowhere'",
        ),
        ({"rcs_agents": [{"name": "a"}, {"name": "a"}]}, "rcs_agents[1]: duplicate name 'a'"),
        (
            {
                "notify_configurations": [
                    {"name": "c", "display_name": "Far too long a name", "enabled_channels": ["SMS"]}
                ]
            },
            "notify_configurations[0].display_name",
        ),
        (
            {
                "notify_configurations": [
                    {"name": "c", "display_name": "C", "enabled_channels": ["SMS"], "pool_id": "x"}
                ]
            },
            "notify_configurations[0]",
        ),
        ({"rcs_agents": [{"name": "a", "two_way_enabled": True}]}, "rcs_agents[0]"),
    ],
)
def test_bad_entries_are_config_errors_naming_file_and_path(
    tmp_path: Path, extra: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        load_environment(_config(tmp_path, **extra))
    assert "shop.yaml" in str(raised.value)
    assert message in str(raised.value)
