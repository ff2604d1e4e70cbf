"""A number's two-way and opt-out settings, and a pool's sender IDs, reach the synthesized template.

One small environment, synthesized with cdk-nag attached (an open finding fails the synth) and
checked with cfn-lint, like the sample estate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import assertions

from sms_estate.cli.assembly import Assembly, SynthesizedStack, read_assembly
from sms_estate.cli.template_lint import template_errors
from sms_estate.registrations import SmsPhoneNumber
from sms_estate.yaml_app.app_builder import build_app
from sms_estate.yaml_app.config import load_environment
from sms_runtime.contract import PHONE_NUMBER_TYPE, PhoneNumberAttrs, PhoneNumberProps

TOPIC = "arn:aws:sns:us-east-1:444444444444:replies"
ROLE = "arn:aws:iam::444444444444:role/sms-replies"
CONFIG = f"""\
environment: settings
account: "444444444444"
regions: [us-east-1]
sender_ids:
  - sender_id: HARBORLINE
    iso_country_code: GB
  - sender_id: HARBORLINE
    iso_country_code: AU
  - sender_id: OTHERBRAND
    iso_country_code: GB
phone_numbers:
  - name: replies
    number_type: TOLL_FREE
    iso_country_code: US
    message_type: TRANSACTIONAL
    two_way: {{channel_arn: "{TOPIC}", channel_role_arn: "{ROLE}"}}
    self_managed_opt_outs: true
  - name: plain
    number_type: SIMULATOR
    iso_country_code: US
    message_type: TRANSACTIONAL
pools:
  - name: replies
    phone_numbers: [replies]
    sender_ids: [HARBORLINE]
    self_managed_opt_outs: true
    help_message: "Harborline: help at help@harborline.example."
    stop_message: "Harborline: you are unsubscribed."
"""


@pytest.fixture(scope="module")
def assembly(tmp_path_factory: pytest.TempPathFactory) -> Assembly:
    directory = tmp_path_factory.mktemp("number-settings")
    config = directory / "settings.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    app, _ = build_app([load_environment(config)], outdir=str(directory / "cdk.out"))
    app.synth()
    return read_assembly(directory / "cdk.out")


def _stack(assembly: Assembly) -> SynthesizedStack:
    [stack] = assembly.stacks
    return stack


def _of_type(stack: SynthesizedStack, resource_type: str) -> dict[str, dict[str, Any]]:
    return {key: dict(r) for key, r in stack.resources.items() if r["Type"] == resource_type}


def test_pool_sender_ids_follow_its_numbers_in_origination_identities(assembly: Assembly) -> None:
    stack = _stack(assembly)
    senders = _of_type(stack, "AWS::SMSVOICE::SenderId")
    by_country = {(r["Properties"]["SenderId"], r["Properties"]["IsoCountryCode"]): key for key, r in senders.items()}
    [pool] = _of_type(stack, "AWS::SMSVOICE::Pool").values()
    identities = pool["Properties"]["OriginationIdentities"]
    assert (
        identities[0]["Fn::GetAtt"][1] == PhoneNumberAttrs.PHONE_NUMBER_ARN
    )  # the pool takes its settings from a number
    assert identities[1:] == [  # every country of the named sender ID, none of another
        {"Fn::GetAtt": [by_country[("HARBORLINE", "GB")], "Arn"]},
        {"Fn::GetAtt": [by_country[("HARBORLINE", "AU")], "Arn"]},
    ]


def test_number_settings_become_properties_only_where_they_are_on(assembly: Assembly) -> None:
    numbers = list(_of_type(_stack(assembly), PHONE_NUMBER_TYPE).values())
    by_type = {n["Properties"][PhoneNumberProps.NUMBER_TYPE]: n["Properties"] for n in numbers}
    expected = {
        PhoneNumberProps.TWO_WAY_ENABLED: True,
        PhoneNumberProps.TWO_WAY_CHANNEL_ARN: TOPIC,
        PhoneNumberProps.TWO_WAY_CHANNEL_ROLE: ROLE,
        PhoneNumberProps.SELF_MANAGED_OPT_OUTS_ENABLED: True,
    }
    settings = tuple(expected)
    assert {key: by_type["TOLL_FREE"][key] for key in settings} == expected
    assert not set(settings) & set(by_type["SIMULATOR"])


def test_the_handler_may_pass_the_channel_role_to_the_sms_service_only(assembly: Assembly) -> None:
    statements = [
        statement
        for policy in _of_type(_stack(assembly), "AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if "iam:PassRole" in statement["Action"]
    ]
    assert statements == [
        {
            "Action": "iam:PassRole",
            "Condition": {"StringEquals": {"iam:PassedToService": "sms-voice.amazonaws.com"}},
            "Effect": "Allow",
            "Resource": ROLE,
        }
    ]


def test_the_template_is_nag_and_cfn_lint_clean(assembly: Assembly) -> None:
    assert assembly.nag_violations == ()
    assert template_errors(assembly) == []


def test_a_number_without_a_channel_role_grants_no_pass_role(tmp_path: Path) -> None:
    config = tmp_path / "settings.yaml"
    config.write_text(CONFIG.replace(f', channel_role_arn: "{ROLE}"', ""), encoding="utf-8")
    _, [stack] = build_app([load_environment(config)], outdir=str(tmp_path / "cdk.out"))
    template = assertions.Template.from_stack(stack)
    [number] = template.find_resources(
        PHONE_NUMBER_TYPE, {"Properties": {PhoneNumberProps.TWO_WAY_ENABLED: True}}
    ).values()
    assert PhoneNumberProps.TWO_WAY_CHANNEL_ROLE not in number["Properties"]
    assert "iam:PassRole" not in json.dumps(template.find_resources("AWS::IAM::Policy"))


@pytest.mark.parametrize(
    ("settings", "complaint"),
    [
        ({"number_type": "SIMULATOR", "message_type": "PROMOTIONAL"}, "must be TRANSACTIONAL"),
        ({"number_type": "TEN_DLC"}, "10DLC campaign's registration"),
        ({"two_way_channel_role_arn": ROLE}, "needs a two_way_channel_arn"),
    ],
    ids=["simulator-promotional", "ten-dlc-without-registration", "role-without-channel"],
)
def test_the_construct_refuses_a_number_the_api_would_not_sell_or_could_not_use(
    settings: dict[str, Any], complaint: str
) -> None:
    stack = cdk.Stack(cdk.App(), "Refused", env=cdk.Environment(account="444444444444", region="us-east-1"))
    arguments: dict[str, Any] = {
        "number_type": "TOLL_FREE",
        "iso_country_code": "US",
        "message_type": "TRANSACTIONAL",
        "capabilities": ["SMS"],
        **settings,
    }
    with pytest.raises(ValueError, match=complaint):
        SmsPhoneNumber(stack, "Number", **arguments)
