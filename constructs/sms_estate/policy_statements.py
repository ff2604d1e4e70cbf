"""Walk the policy documents of a CloudFormation template and find statements trusting the SMS service.

Shared by the confused-deputy tests (every trust must be bound to one account and one configuration
set) and by the ``diff`` command (a change must not drop that binding). It reads template JSON, not
our constructs, so a statement added by any means is found.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

SMS_SERVICE = "sms-voice.amazonaws.com"
CONFUSED_DEPUTY_KEYS = ("aws:SourceAccount", "aws:SourceArn")
# Tag on an SNS topic that receives inbound messages (two-way replies) from the SMS service: its trust is bound
# to the account's SMS resources of the region (numbers and pools get IDs after deploy), not to a configuration set.
TWO_WAY_CHANNEL_TAG = "sms-estate:two-way-channel"

# Which property of which resource type holds a policy document.
POLICY_DOCUMENT_PROPERTIES: Mapping[str, tuple[str, ...]] = {
    "AWS::IAM::Role": ("AssumeRolePolicyDocument",),
    "AWS::IAM::Policy": ("PolicyDocument",),
    "AWS::IAM::ManagedPolicy": ("PolicyDocument",),
    "AWS::SNS::TopicPolicy": ("PolicyDocument",),
    "AWS::SQS::QueuePolicy": ("PolicyDocument",),
    "AWS::S3::BucketPolicy": ("PolicyDocument",),
    "AWS::KMS::Key": ("KeyPolicy",),
}


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

    def condition_keys(self) -> frozenset[str]:
        """Every condition key the statement tests, whatever the operator."""
        conditions = self.statement.get("Condition", {})
        return frozenset(key for block in conditions.values() if isinstance(block, dict) for key in block)

    def missing_deputy_keys(self) -> tuple[str, ...]:
        """The confused-deputy keys this statement does not test at all."""
        present = self.condition_keys()
        return tuple(key for key in CONFUSED_DEPUTY_KEYS if key not in present)


def service_principals(statement: Mapping[str, Any]) -> list[str]:
    """The ``Principal.Service`` entries of a statement (a bare string principal counts as one)."""
    principal = statement.get("Principal", {})
    if not isinstance(principal, dict):
        return [str(principal)]
    services = principal.get("Service", [])
    return [services] if isinstance(services, str) else list(services)


def policy_documents(resource_type: str, properties: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The policy documents a resource carries (none for types that hold no policy)."""
    names = POLICY_DOCUMENT_PROPERTIES.get(resource_type, ())
    documents = [properties[name] for name in names if isinstance(properties.get(name), dict)]
    if resource_type == "AWS::IAM::Role":  # inline policies of a role are permissions too
        documents += [p["PolicyDocument"] for p in properties.get("Policies", []) if isinstance(p, dict)]
    return documents


def statements(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """A document's statements as a list (IAM allows a single statement object)."""
    found = document.get("Statement", [])
    return [found] if isinstance(found, dict) else list(found)


def resource_sms_trusts(logical_id: str, resource: Mapping[str, Any]) -> Iterator[SmsTrust]:
    """The Allow statements of one resource whose principal is the SMS service."""
    resource_type = str(resource.get("Type", ""))
    for document in policy_documents(resource_type, resource.get("Properties", {})):
        for statement in statements(document):
            if statement.get("Effect") == "Allow" and SMS_SERVICE in service_principals(statement):
                yield SmsTrust(logical_id, resource_type, statement)


def sms_trusts(template: Mapping[str, Any]) -> Iterator[SmsTrust]:
    """Every statement of a template that lets the SMS service act."""
    for logical_id, resource in template.get("Resources", {}).items():
        yield from resource_sms_trusts(logical_id, resource)
