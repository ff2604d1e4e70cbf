"""Find every policy statement that trusts the SMS service and check its confused-deputy conditions.

Used by the tests and usable on any template: it reads CloudFormation JSON, not our constructs, so a
statement added by any means is checked.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

SMS_SERVICE = "sms-voice.amazonaws.com"


def render(value: Any, partition: str = "aws") -> Any:
    """Resolve the pseudo-parameter joins CDK emits for ARNs into plain strings."""
    if isinstance(value, dict) and set(value) == {"Fn::Join"}:
        separator, parts = value["Fn::Join"]
        return separator.join(str(render(part, partition)) for part in parts)
    if isinstance(value, dict) and value == {"Ref": "AWS::Partition"}:
        return partition
    return value


@dataclass(frozen=True)
class SmsTrust:
    """One statement that lets the SMS service act, and where it was found."""

    logical_id: str
    resource_type: str
    statement: Mapping[str, Any]


def _principals(statement: Mapping[str, Any]) -> list[str]:
    principal = statement.get("Principal", {})
    if not isinstance(principal, dict):
        return [str(principal)]
    services = principal.get("Service", [])
    return [services] if isinstance(services, str) else list(services)


def _documents(resource_type: str, properties: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    if resource_type == "AWS::IAM::Role":
        return [properties["AssumeRolePolicyDocument"]]
    if resource_type in ("AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy"):
        return [properties["PolicyDocument"]]
    if resource_type == "AWS::KMS::Key":
        return [properties["KeyPolicy"]]
    return []


def sms_trusts(template: Mapping[str, Any]) -> Iterator[SmsTrust]:
    for logical_id, resource in template.get("Resources", {}).items():
        for document in _documents(resource["Type"], resource.get("Properties", {})):
            statements = document.get("Statement", [])
            for statement in [statements] if isinstance(statements, dict) else statements:
                if statement.get("Effect") == "Allow" and SMS_SERVICE in _principals(statement):
                    yield SmsTrust(logical_id, resource["Type"], statement)


def deputy_problems(trust: SmsTrust, account: str, source_arn: str) -> list[str]:
    """What is missing or wrong: both keys must be present, with exactly these values."""
    conditions = trust.statement.get("Condition", {})
    problems = []
    if render(conditions.get("StringEquals", {}).get("aws:SourceAccount")) != account:
        problems.append(f"{trust.logical_id}: aws:SourceAccount is not StringEquals {account}")
    if render(conditions.get("ArnLike", conditions.get("ArnEquals", {})).get("aws:SourceArn")) != source_arn:
        problems.append(f"{trust.logical_id}: aws:SourceArn is not {source_arn}")
    return problems


def _referenced_ids(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        if "Ref" in value:
            yield str(value["Ref"])
        if "Fn::GetAtt" in value:
            yield str(value["Fn::GetAtt"][0])
        for inner in value.values():
            yield from _referenced_ids(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _referenced_ids(inner)


def expected_configuration_sets(template: Mapping[str, Any]) -> dict[str, set[str]]:
    """For each role, topic policy or key: the configuration sets whose destinations use it.

    Derived from the template alone: a destination names its role or topic; a topic policy names its
    topic; a topic names its key. A trust statement must be bound to one of these sets.
    """
    resources = template.get("Resources", {})
    users: dict[str, set[str]] = {}
    for resource in resources.values():
        if resource["Type"] == "AWS::SMSVOICE::ConfigurationSet":
            name = resource["Properties"]["ConfigurationSetName"]
            for logical_id in _referenced_ids(resource["Properties"].get("EventDestinations", [])):
                users.setdefault(logical_id, set()).add(name)
    for logical_id, resource in resources.items():
        if resource["Type"] == "AWS::SNS::TopicPolicy":
            for topic in _referenced_ids(resource["Properties"]["Topics"]):
                users.setdefault(logical_id, set()).update(users.get(topic, set()))
        if resource["Type"] == "AWS::SNS::Topic":
            for key in _referenced_ids(resource["Properties"].get("KmsMasterKeyId", {})):
                users.setdefault(key, set()).update(users.get(logical_id, set()))
    return users
