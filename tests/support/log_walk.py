"""Check, from template JSON alone, that every Lambda function can write to its own log group.

For each ``AWS::Lambda::Function``: its ``LoggingConfig.LogGroup`` must name an ``AWS::Logs::LogGroup``
of the same template that has ``RetentionInDays``, and its role (an ``AWS::IAM::Role`` of the template)
must carry an unconditional Allow of ``logs:CreateLogStream`` and ``logs:PutLogEvents`` on that group's
ARN, in an ``AWS::IAM::Policy`` attached to it or an inline policy. Managed policies are not trusted:
their content is not in the template, so the walk could not prove anything from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sms_estate.policy_statements import statements

WRITE_ACTIONS = ("logs:CreateLogStream", "logs:PutLogEvents")


def logging_problems(template: Mapping[str, Any]) -> list[str]:
    """Every way a function of ``template`` could fail to write its logs (empty: all can)."""
    resources = template.get("Resources", {})
    problems = []
    for logical_id, resource in sorted(resources.items()):
        if resource["Type"] != "AWS::Lambda::Function":
            continue
        properties = resource.get("Properties", {})
        group = _referenced(properties.get("LoggingConfig", {}).get("LogGroup"), "Ref")
        if group is None or resources.get(group, {}).get("Type") != "AWS::Logs::LogGroup":
            problems.append(f"{logical_id}: no log group of its own in LoggingConfig")
            continue
        if not resources[group].get("Properties", {}).get("RetentionInDays"):
            problems.append(f"{logical_id}: log group {group} keeps logs forever (no RetentionInDays)")
        role = _referenced(properties.get("Role"), "Fn::GetAtt")
        if role is None or resources.get(role, {}).get("Type") != "AWS::IAM::Role":
            problems.append(f"{logical_id}: role is not a role of this template")
            continue
        missing = [action for action in WRITE_ACTIONS if not _allows(resources, role, action, group)]
        if missing:
            problems.append(f"{logical_id}: role {role} may not {', '.join(missing)} on {group}")
    return problems


def lambda_functions(template: Mapping[str, Any]) -> list[str]:
    return [k for k, v in template.get("Resources", {}).items() if v["Type"] == "AWS::Lambda::Function"]


def _referenced(value: Any, kind: str) -> str | None:
    """The logical ID in ``{"Ref": id}`` or ``{"Fn::GetAtt": [id, "Arn"]}``."""
    if not isinstance(value, dict) or set(value) != {kind}:
        return None
    target = value[kind]
    if kind == "Fn::GetAtt":
        return str(target[0]) if isinstance(target, list) and target[1:] == ["Arn"] else None
    return str(target)


def _allows(resources: Mapping[str, Any], role: str, action: str, group: str) -> bool:
    return any(
        _statement_allows(statement, action, group)
        for document in _role_documents(resources, role)
        for statement in statements(document)
    )


def _role_documents(resources: Mapping[str, Any], role: str) -> list[Mapping[str, Any]]:
    documents = [p["PolicyDocument"] for p in resources[role].get("Properties", {}).get("Policies", [])]
    for resource in resources.values():
        if resource["Type"] == "AWS::IAM::Policy" and {"Ref": role} in resource["Properties"].get("Roles", []):
            documents.append(resource["Properties"]["PolicyDocument"])
    return documents


def _statement_allows(statement: Mapping[str, Any], action: str, group: str) -> bool:
    """An Allow without conditions, naming the action (or ``logs:*``) on the group's ARN."""
    if statement.get("Effect") != "Allow" or "Condition" in statement:
        return False
    actions = _listed(statement.get("Action", []))
    if action not in actions and "logs:*" not in actions:
        return False
    return any(_referenced(resource, "Fn::GetAtt") == group for resource in _listed(statement.get("Resource", [])))


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
