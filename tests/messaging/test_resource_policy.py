"""Resource policies that share a pool, number or sender ID (issue 19, item 4).

The construct names each account's root principal explicitly (never ``*``) and refuses what would
widen the share; a small stack synthesizes with cdk-nag attached; the YAML app puts one policy on
each created resource with ``share_with``; and the diff classifies every add, change and removal of
a policy as security, read from real synthesized before/after templates.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
import yaml
from aws_cdk import assertions

from sms_estate import SmsResourcePolicy, SmsSenderId, add_nag_checks
from sms_estate.cli.diff.consequences import classify_all
from sms_estate.cli.diff.rules import Severity
from sms_estate.cli.diff.templates import diff_templates
from sms_estate.yaml_app.app_builder import add_environment, new_app
from sms_estate.yaml_app.config import load_environment

OWN, OTHER, THIRD = "111111111111", "222222222222", "333333333333"
POLICY = "AWS::SMSVOICE::ResourcePolicy"


def root(account: str) -> dict[str, Any]:
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":iam::{account}:root"]]}


def synth(accounts: Sequence[str] | None, actions: Sequence[str] | None = None) -> dict[str, Any]:
    """A sender ID, shared with ``accounts`` unless None, in a stack checked by cdk-nag (a finding fails synth)."""
    app = cdk.App()
    add_nag_checks(app)
    stack = cdk.Stack(app, "Shared", env=cdk.Environment(account=OWN, region="us-east-1"))
    sender = SmsSenderId(stack, "SenderId", sender_id="SHARED", iso_country_code="GB")
    if accounts is not None:
        extra = {"actions": actions} if actions is not None else {}
        SmsResourcePolicy(sender, "ResourcePolicy", resource_arn=sender.sender_id_arn, accounts=accounts, **extra)
    template: dict[str, Any] = app.synth().get_stack_by_name("Shared").template
    return template


def policies(template: dict[str, Any]) -> list[dict[str, Any]]:
    return [r["Properties"] for r in template["Resources"].values() if r["Type"] == POLICY]


def test_the_policy_names_each_account_root_explicitly_in_sorted_order() -> None:
    [policy] = policies(synth([THIRD, OTHER]))
    [sender_id] = [i for i, r in synth(None)["Resources"].items() if r["Type"] == "AWS::SMSVOICE::SenderId"]
    arn = {"Fn::GetAtt": [sender_id, "Arn"]}
    assert policy == {
        "ResourceArn": arn,
        "PolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "ShareWithAccounts",
                    "Effect": "Allow",
                    "Principal": {"AWS": [root(OTHER), root(THIRD)]},
                    "Action": ["sms-voice:SendTextMessage"],
                    "Resource": arn,
                }
            ],
        },
    }
    assert '"*"' not in json.dumps(policy)


def test_chosen_actions_are_granted_sorted() -> None:
    [policy] = policies(synth([OTHER], ["sms-voice:SendTextMessage", "sms-voice:SendMediaMessage"]))
    [statement] = policy["PolicyDocument"]["Statement"]
    assert statement["Action"] == ["sms-voice:SendMediaMessage", "sms-voice:SendTextMessage"]


def test_a_shared_stack_synthesizes_cdk_nag_clean_and_deterministically() -> None:
    assert synth([OTHER]) == synth([OTHER])  # synth itself raises on any open cdk-nag finding


@pytest.mark.parametrize(
    ("accounts", "actions", "message"),
    [
        (["*"], None, "'*' is not a 12-digit account ID"),
        ([f"arn:aws:iam::{OTHER}:root"], None, "is not a 12-digit account ID"),
        (["2222"], None, "'2222' is not a 12-digit account ID"),
        ([OWN], None, f"{OWN} is the stack's own account"),
        ([OTHER, OTHER], None, f"{OTHER} is listed twice"),
        ([], None, "no accounts to share with"),
        ([OTHER], ["sms-voice:*"], "'sms-voice:*' is not a shareable action"),
        ([OTHER], [], "no actions to share"),
    ],
)
def test_the_construct_refuses_what_would_widen_or_blur_the_share(
    accounts: list[str], actions: list[str] | None, message: str
) -> None:
    with pytest.raises(ValueError, match=r"Shared/SenderId/ResourcePolicy: .*" + message.replace("*", r"\*")):
        synth(accounts, actions)


def test_the_yaml_app_shares_each_declared_resource(tmp_path: Path) -> None:
    share = {"accounts": [THIRD, OTHER]}
    doc = {
        "environment": "sharing",
        "account": OWN,
        "regions": ["us-east-1"],
        "sender_ids": [{"sender_id": "SHARED", "iso_country_code": "GB", "share_with": share}],
        "phone_numbers": [
            {"name": "sim", "number_type": "SIMULATOR", "iso_country_code": "US", "message_type": "TRANSACTIONAL"}
            | {"share_with": share | {"actions": ["sms-voice:SendVoiceMessage"]}}
        ],
        "pools": [
            {"name": "main", "phone_numbers": ["sim"], "help_message": "help", "stop_message": "stop"}
            | {"share_with": share}
        ],
    }
    config = tmp_path / "sharing.yaml"
    config.write_text(yaml.safe_dump(doc, sort_keys=False))
    app = new_app(outdir=str(tmp_path / "cdk.out"))
    [stack] = add_environment(app, load_environment(config))
    resources = assertions.Template.from_stack(stack).to_json()["Resources"]
    shared = {
        json.dumps(r["Properties"]["ResourceArn"]): r["Properties"]["PolicyDocument"]["Statement"]
        for r in resources.values()
        if r["Type"] == POLICY
    }
    assert len(shared) == 3
    for [statement] in shared.values():
        assert statement["Principal"] == {"AWS": [root(OTHER), root(THIRD)]}
        assert json.dumps(statement["Resource"]) in shared  # each policy's Resource is the ARN it is attached to
    for kind in ("AWS::SMSVOICE::Pool", "AWS::SMSVOICE::SenderId"):
        [logical_id] = [i for i, r in resources.items() if r["Type"] == kind]
        [statement] = shared.pop(json.dumps({"Fn::GetAtt": [logical_id, "Arn"]}))
        assert statement["Action"] == ["sms-voice:SendTextMessage"]
    [[number_statement]] = shared.values()
    assert number_statement["Action"] == ["sms-voice:SendVoiceMessage"]


def sharing_findings(base: dict[str, Any], head: dict[str, Any]) -> list[tuple[str, Severity, str]]:
    changes = diff_templates("shop", "us-east-1", "Shared", base, head)
    return [(c.rule.id, c.severity, c.finding.message) for c in classify_all(changes) if c.rule.id == "SMS-SEC7"]


def test_the_diff_marks_adding_changing_and_removing_a_share_as_security() -> None:
    none, one, two = synth(None), synth([OTHER]), synth([OTHER, THIRD])
    [logical_id] = [i for i, r in one["Resources"].items() if r["Type"] == POLICY]
    name = f"resource policy {logical_id}"  # a bare cdk.App records no construct paths
    other, third = f"arn:aws:iam::{OTHER}:root", f"arn:aws:iam::{THIRD}:root"
    assert sharing_findings(none, one) == [("SMS-SEC7", Severity.SECURITY, f"new {name} shares with {other}")]
    assert sharing_findings(one, two) == [
        ("SMS-SEC7", Severity.SECURITY, f"{name}: sharing changes (now shared with {third})")
    ]
    assert sharing_findings(two, one) == [
        ("SMS-SEC7", Severity.SECURITY, f"{name}: sharing changes (no longer shared with {third})")
    ]
    actions = synth([OTHER], ["sms-voice:SendMediaMessage"])
    assert sharing_findings(one, actions) == [
        ("SMS-SEC7", Severity.SECURITY, f"{name}: sharing changes (actions or resource changed)")
    ]
    assert sharing_findings(one, none) == [
        ("SMS-SEC7", Severity.SECURITY, f"{name} removed: no longer shared with {other}")
    ]
    assert sharing_findings(one, one) == []
