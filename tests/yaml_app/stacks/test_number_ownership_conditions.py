"""The number writes reach only the numbers this stack owns (issue 13: "apply to any number in the account").

``UpdatePhoneNumber`` and ``ReleasePhoneNumber`` are allowed only on numbers tagged as this stack's
(``aws:ResourceTag``), and ``RequestPhoneNumber`` only when the request carries that tag
(``aws:RequestTag``). The handler side of the bargain is checked too: the number it buys carries the
very tag and value the condition asks for, so the condition never refuses a legitimate purchase.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
from fakes.aws import FakeAws
from fakes.cloudformation import STACK_ID, CloudFormationHarness
from fakes.estate import Estate

from sms_estate import nag
from sms_estate.policy_statements import statements
from sms_estate.registrations import SmsPhoneNumber
from sms_runtime.handlers.request import STACK_NAME_TAG, STACK_TAG

OWNED_ONLY = {"sms-voice:UpdatePhoneNumber", "sms-voice:ReleasePhoneNumber"}
OWNERSHIP = {
    f"aws:ResourceTag/{STACK_NAME_TAG}": {"Ref": "AWS::StackName"},
    f"aws:ResourceTag/{STACK_TAG}": {"Ref": "AWS::StackId"},
}


def _number_statements(tmp_path: Path) -> list[dict[str, Any]]:
    app = cdk.App(outdir=str(tmp_path))
    nag.add_nag_checks(app)
    stack = cdk.Stack(app, "Numbers", env=cdk.Environment(account="111122223333", region="us-east-1"))
    for on_delete in ("retain", "release"):
        SmsPhoneNumber(
            stack,
            on_delete.title(),
            number_type="TOLL_FREE",
            iso_country_code="US",
            message_type="TRANSACTIONAL",
            capabilities=["SMS"],
            on_delete=on_delete,
        )
    template = app.synth().get_stack_by_name("Numbers").template  # cdk-nag must pass, acknowledgements included
    found = []
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::IAM::Policy":
            for statement in statements(resource["Properties"]["PolicyDocument"]):
                actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
                if any(str(action).endswith("PhoneNumber") for action in actions):
                    found.append({**statement, "Action": actions})
    return found


def test_number_writes_need_this_stack_s_ownership_tag(tmp_path: Path) -> None:
    found = _number_statements(tmp_path)
    writes = [s for s in found if OWNED_ONLY & set(s["Action"])]
    assert {action for s in writes for action in s["Action"]} == OWNED_ONLY
    for statement in writes:
        assert set(statement["Action"]) <= OWNED_ONLY  # nothing else rides on the condition
        [(key, value)] = statement["Condition"]["StringEquals"].items()
        assert OWNERSHIP[key] == value and set(statement["Condition"]) == {"StringEquals"}
    # Each action is reachable through the current tag and through the tag of numbers bought before it.
    for action in OWNED_ONLY:
        keys = {next(iter(s["Condition"]["StringEquals"])) for s in writes if action in s["Action"]}
        assert keys == set(OWNERSHIP), action
    [request] = [s for s in found if "sms-voice:RequestPhoneNumber" in s["Action"]]
    assert request["Action"] == ["sms-voice:RequestPhoneNumber"]
    assert request["Condition"] == {"StringEquals": {f"aws:RequestTag/{STACK_NAME_TAG}": {"Ref": "AWS::StackName"}}}


def test_a_bought_number_carries_the_tag_the_conditions_ask_for() -> None:
    aws = FakeAws()
    assert Estate(aws, CloudFormationHarness(aws)).number().ok
    [request] = aws.sms.calls_to("RequestPhoneNumber")
    tags = {tag["Key"]: tag["Value"] for tag in request.params["Tags"]}
    stack_name = STACK_ID.split(":stack/")[1].split("/")[0]
    assert tags[STACK_NAME_TAG] == stack_name  # what {"Ref": "AWS::StackName"} resolves to for this stack
