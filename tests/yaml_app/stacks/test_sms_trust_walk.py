"""The walk that finds every statement trusting the SMS service, on hand-written templates (no synthesis).

``sms_estate.policy_statements`` decides which statements the confused-deputy test and ``diff`` look at:
a statement it fails to find is a trust nobody checks for ``aws:SourceAccount``/``aws:SourceArn``, and a
statement it invents is a false alarm. Each place a policy can hide (role trust, inline role policy,
managed policy, topic/queue/bucket policy, key policy; a single statement object; a string principal) is
written out here, next to look-alikes that must not count. Templates go through JSON, as they are read.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from sms_estate.policy_statements import (
    CONFUSED_DEPUTY_KEYS,
    SMS_SERVICE,
    SmsTrust,
    policy_documents,
    render,
    resource_sms_trusts,
    service_principals,
    sms_trusts,
    statements,
)

ACCOUNT = "111111111111"
BOUND = {
    "StringEquals": {"aws:SourceAccount": ACCOUNT},
    "ArnLike": {"aws:SourceArn": f"arn:aws:sms-voice:us-east-1:{ACCOUNT}:configuration-set/main"},
}


def trust(sid: str, service: Any = SMS_SERVICE, effect: str = "Allow", **extra: Any) -> dict[str, Any]:
    return {"Sid": sid, "Effect": effect, "Principal": {"Service": service}, "Action": "sts:AssumeRole", **extra}


def from_json(value: Any) -> Any:
    """As read from a template file: fresh strings, not the test's literals."""
    return json.loads(json.dumps(value))


TEMPLATE = from_json(
    {
        "Resources": {
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Statement": [trust("role-trust", Condition=BOUND), trust("lambda", "lambda.amazonaws.com")]
                    },
                    "Policies": [
                        {
                            "PolicyName": "inline",
                            "PolicyDocument": {"Statement": trust("inline", [SMS_SERVICE, "sns.amazonaws.com"])},
                        },
                        "not-a-policy",
                    ],
                },
            },
            "Policy": {
                "Type": "AWS::IAM::Policy",
                "Properties": {
                    "PolicyDocument": {
                        "Statement": [{"Sid": "no-effect", "Principal": {"Service": SMS_SERVICE}}, trust("policy")]
                    }
                },
            },
            "Managed": {
                "Type": "AWS::IAM::ManagedPolicy",
                "Properties": {
                    "PolicyDocument": {"Statement": [trust("managed")]},
                    "Policies": [{"PolicyDocument": {"Statement": [trust("not-a-managed-policy-key")]}}],
                },
            },
            "TopicPolicy": {
                "Type": "AWS::SNS::TopicPolicy",
                "Properties": {
                    "PolicyDocument": {"Statement": [trust("topic", effect="Deny"), trust("topic-allow")]},
                    "Policies": [{"PolicyDocument": {"Statement": [trust("not-a-topic-policy-key")]}}],
                },
            },
            "QueuePolicy": {
                "Type": "AWS::SQS::QueuePolicy",
                "Properties": {"PolicyDocument": {"Statement": [trust("queue")]}},
            },
            "BucketPolicy": {
                "Type": "AWS::S3::BucketPolicy",
                "Properties": {"PolicyDocument": {"Statement": [trust("bucket")]}},
            },
            "Key": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Statement": [trust("key")]}}},
            "KeyWithoutPolicy": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": "not-a-document"}},
            "Topic": {
                "Type": "AWS::SNS::Topic",
                "Properties": {"PolicyDocument": {"Statement": [trust("not-a-policy-type")]}},
            },
            "Bare": {"Type": "AWS::IAM::Role"},
        }
    }
)


def test_every_place_a_trust_can_hide_is_found_and_nothing_else() -> None:
    found = [(t.logical_id, t.resource_type, t.statement["Sid"]) for t in sms_trusts(TEMPLATE)]
    assert found == [
        ("Role", "AWS::IAM::Role", "role-trust"),
        ("Role", "AWS::IAM::Role", "inline"),
        ("Policy", "AWS::IAM::Policy", "policy"),
        ("Managed", "AWS::IAM::ManagedPolicy", "managed"),
        ("TopicPolicy", "AWS::SNS::TopicPolicy", "topic-allow"),
        ("QueuePolicy", "AWS::SQS::QueuePolicy", "queue"),
        ("BucketPolicy", "AWS::S3::BucketPolicy", "bucket"),
        ("Key", "AWS::KMS::Key", "key"),
    ]


def test_a_template_without_resources_trusts_nobody() -> None:
    assert list(sms_trusts({})) == []
    assert list(resource_sms_trusts("Empty", {})) == []


def test_a_lone_statement_object_and_a_bare_string_principal_count() -> None:
    lone = from_json(
        {
            "Type": "AWS::KMS::Key",
            "Properties": {"KeyPolicy": {"Statement": {"Effect": "Allow", "Principal": SMS_SERVICE}}},
        }
    )
    [found] = resource_sms_trusts("Lone", lone)
    assert found == SmsTrust("Lone", "AWS::KMS::Key", {"Effect": "Allow", "Principal": SMS_SERVICE})


def test_principals_and_statements_in_every_shape_iam_allows() -> None:
    assert service_principals({"Principal": "*"}) == ["*"]
    assert service_principals({"Principal": {"Service": SMS_SERVICE}}) == [SMS_SERVICE]
    assert service_principals({"Principal": {"Service": [SMS_SERVICE, "sns.amazonaws.com"]}}) == [
        SMS_SERVICE,
        "sns.amazonaws.com",
    ]
    assert service_principals({"Principal": {"AWS": "arn:aws:iam::111111111111:root"}}) == []
    assert service_principals({}) == []
    assert statements({"Statement": {"Sid": "one"}}) == [{"Sid": "one"}]
    assert statements({"Statement": [{"Sid": "a"}, {"Sid": "b"}]}) == [{"Sid": "a"}, {"Sid": "b"}]
    assert statements({}) == []


def test_policy_documents_come_only_from_the_properties_that_hold_them() -> None:
    role = TEMPLATE["Resources"]["Role"]["Properties"]
    assert policy_documents("AWS::IAM::Role", role) == [
        role["AssumeRolePolicyDocument"],
        role["Policies"][0]["PolicyDocument"],
    ]
    assert policy_documents("AWS::Lambda::Function", {"PolicyDocument": {"Statement": []}}) == []
    assert policy_documents("AWS::IAM::Role", {}) == []


@pytest.mark.parametrize(
    ("condition", "missing"),
    [
        (BOUND, ()),
        ({"StringEquals": {"aws:SourceAccount": ACCOUNT}}, ("aws:SourceArn",)),
        ({"ArnEquals": {"aws:SourceArn": "arn"}, "StringLike": {"aws:SourceAccount": ACCOUNT}}, ()),
        ({"StringEquals": {"aws:SourceArn": "arn"}, "Bool": "not-a-block"}, ("aws:SourceAccount",)),
        (None, CONFUSED_DEPUTY_KEYS),
    ],
)
def test_the_confused_deputy_keys_a_statement_does_not_test(
    condition: dict[str, Any] | None, missing: tuple[str, ...]
) -> None:
    statement = trust("s", **({} if condition is None else {"Condition": from_json(condition)}))
    found = SmsTrust("Role", "AWS::IAM::Role", statement)
    assert found.missing_deputy_keys() == missing
    assert CONFUSED_DEPUTY_KEYS == ("aws:SourceAccount", "aws:SourceArn")


def test_a_found_trust_is_a_value() -> None:
    found = SmsTrust("Role", "AWS::IAM::Role", {"Effect": "Allow"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.logical_id = "Other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("value", "rendered"),
    [
        (
            {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":sms-voice:us-east-1"]]},
            "arn:aws-cn:sms-voice:us-east-1",
        ),
        ({"Fn::Join": [":", ["a", {"Fn::Join": ["-", ["b", "c"]]}]]}, "a:b-c"),
        ({"Ref": "AWS::Partition"}, "aws-cn"),
        ({"Ref": "AWS::AccountId"}, {"Ref": "AWS::AccountId"}),
        ({"Fn::Join": ["", ["x"]], "Other": 1}, {"Fn::Join": ["", ["x"]], "Other": 1}),
        ({}, {}),
        ("plain", "plain"),
        (["list"], ["list"]),
    ],
)
def test_render_resolves_only_cdks_arn_joins_and_the_partition(value: Any, rendered: Any) -> None:
    assert render(from_json(value), partition="aws-cn") == rendered


def test_render_defaults_to_the_commercial_partition() -> None:
    assert render(from_json({"Ref": "AWS::Partition"})) == "aws"
