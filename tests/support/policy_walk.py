"""Find every policy statement that trusts the SMS service and check its confused-deputy conditions.

Used by the tests and usable on any template: it reads CloudFormation JSON, not our constructs, so a
statement added by any means is checked. The walk itself lives in ``sms_estate.policy_statements``,
which the ``diff`` command shares.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sms_estate.policy_statements import SMS_SERVICE, TWO_WAY_CHANNEL_TAG, SmsTrust, render, sms_trusts

__all__ = [
    "SMS_SERVICE",
    "SmsTrust",
    "deputy_problems",
    "expected_configuration_sets",
    "render",
    "sms_trusts",
    "template_deputy_problems",
    "two_way_channels",
]


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


def two_way_channels(template: Mapping[str, Any]) -> set[str]:
    """The topics tagged as two-way channels (``TWO_WAY_CHANNEL_TAG``), their topic policies and keys."""
    resources = template.get("Resources", {})
    topics = {
        logical_id
        for logical_id, resource in resources.items()
        if resource["Type"] == "AWS::SNS::Topic"
        and any(tag.get("Key") == TWO_WAY_CHANNEL_TAG for tag in resource["Properties"].get("Tags", []))
    }
    found = set(topics)
    for logical_id, resource in resources.items():
        if resource["Type"] == "AWS::SNS::TopicPolicy" and topics & set(
            _referenced_ids(resource["Properties"]["Topics"])
        ):
            found.add(logical_id)
        if logical_id in topics:
            found.update(_referenced_ids(resource["Properties"].get("KmsMasterKeyId", {})))
    return found


def template_deputy_problems(template: Mapping[str, Any], account: str, region: str) -> tuple[int, list[str]]:
    """Walk every SMS trust of one stack's template: (how many were checked, what is wrong with them).

    Each trust must be used by a configuration set of the template (derived from the template alone)
    and be bound to this account and to one of those sets' ARNs in this region; or serve a two-way
    channel topic (receiving replies from the account's numbers and pools, whose IDs come after deploy)
    and be bound to this account and to ``arn:aws:sms-voice:<region>:<account>:*``.
    """
    users = expected_configuration_sets(template)
    two_way = two_way_channels(template)
    problems: list[str] = []
    trusts = list(sms_trusts(template))
    for trust in trusts:
        sets = users.get(trust.logical_id, set())
        arns = {f"arn:aws:sms-voice:{region}:{account}:configuration-set/{name}" for name in sets}
        if trust.logical_id in two_way:
            arns.add(f"arn:aws:sms-voice:{region}:{account}:*")
        if not arns:
            problems.append(f"{trust.logical_id}: trusts the SMS service but no configuration set uses it")
            continue
        actual = render(trust.statement.get("Condition", {}).get("ArnLike", {}).get("aws:SourceArn"))
        chosen = actual if actual in arns else sorted(arns)[0]
        problems += deputy_problems(trust, account, chosen)
    return len(trusts), problems


WEAKENINGS = ("drop-source-account", "drop-source-arn", "wrong-account", "other-source-arn")


def weaken(condition: dict[str, Any], mutation: str, other_source_arn: str) -> None:
    """Break a trust statement's confused-deputy condition one way (for tests that the walk catches each)."""
    if mutation == "drop-source-account":
        del condition["StringEquals"]
    elif mutation == "drop-source-arn":
        del condition["ArnLike"]
    elif mutation == "wrong-account":
        condition["StringEquals"]["aws:SourceAccount"] = "999999999999"
    elif mutation == "other-source-arn":
        condition["ArnLike"]["aws:SourceArn"] = other_source_arn
    else:
        raise ValueError(f"unknown mutation {mutation!r}; use one of {WEAKENINGS}")
