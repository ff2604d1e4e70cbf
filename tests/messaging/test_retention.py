"""``on_delete`` words to CloudFormation policies, and ``RetainExceptOnCreate`` for config-named log groups."""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from aws_cdk import aws_smsvoice as smsvoice

from sms_estate.messaging.retention import OnDelete, apply_on_delete, retained


@pytest.mark.parametrize(
    ("on_delete", "policies"), [("retain", ("Retain", "Retain")), ("destroy", ("Delete", "Delete"))]
)
def test_policies_on_delete_and_on_replacement(on_delete: OnDelete, policies: tuple[str, str]) -> None:
    stack = cdk.Stack(cdk.App(), "Retention")
    resource = smsvoice.CfnOptOutList(stack, "List", opt_out_list_name="list")
    apply_on_delete(resource, on_delete)
    declared = cdk.assertions.Template.from_stack(stack).to_json()["Resources"]["List"]
    assert (declared["DeletionPolicy"], declared.get("UpdateReplacePolicy", "Delete")) == policies


def test_retained_is_retain_unless_named() -> None:
    assert retained() is cdk.RemovalPolicy.RETAIN
    assert retained(named=True) is cdk.RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
