"""No retained resource blocks deploying the same config again after a failed deploy.

CloudFormation keeps a ``Retain`` resource when the operation that created it fails (a first deploy ending
in ``ROLLBACK_COMPLETE``, an update that added it and rolled back). When the config fixes the resource's
identity (its schema's ``primaryIdentifier`` is set in the template, e.g. ``OptOutListName``,
``LogGroupName``), the next deploy of the same config creates it again under that identity and fails
with "already exists". Such a resource must be ``RetainExceptOnCreate`` (kept once a deploy created it,
deleted by the rollback of the one that failed), unless it has deletion protection (a sender ID):
CloudFormation could not delete it, and the rollback would fail instead. The identifiers come from
cfn-lint's CloudFormation schemas, not from a list kept here. One type is exempt, for the reason below.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sms_estate.cli.assembly import Assembly
from sms_estate.yaml_app.config.contracts import resource_schema

# Retained even by the rollback of the operation that created it, and why (README "Safety defaults").
KEPT_AFTER_A_FAILED_CREATE = {
    "AWS::SMSVOICE::OptOutList": "DeleteOptOutList refuses a list a number or pool still uses (their handlers "
    "retain them), which would fail the rollback; and a STOP received during the deploy may be on it alone",
}


def _fixed_identity(resource: Mapping[str, Any]) -> list[str]:
    """The resource's primary identifier properties, when the template sets them all (else ``[]``)."""
    schema = resource_schema(str(resource["Type"]))
    if schema is None:  # Custom:: resources have no schema; their handlers decide what a retry finds
        return []
    identifier = [pointer.rsplit("/", 1)[-1] for pointer in schema.get("primaryIdentifier", [])]
    properties = resource.get("Properties", {})
    return identifier if identifier and all(name in properties for name in identifier) else []


def test_a_retained_resource_with_a_config_fixed_name_is_deleted_by_its_failed_create(
    sample_assembly: Assembly,
) -> None:
    problems, except_on_create = [], 0
    for stack in sample_assembly.stacks:
        for logical_id, resource in stack.resources.items():
            identity = _fixed_identity(resource)
            policy = resource.get("DeletionPolicy")
            if not identity or policy in (None, "Delete"):
                continue
            if policy == "RetainExceptOnCreate":
                except_on_create += 1
            elif (
                resource.get("Properties", {}).get("DeletionProtectionEnabled") is not True
                and resource["Type"] not in KEPT_AFTER_A_FAILED_CREATE
            ):
                problems.append(f"{stack.name}/{logical_id} ({resource['Type']} by {', '.join(identity)}): {policy}")
    assert problems == []
    assert except_on_create >= 10  # the named log groups of the samples


def test_only_resources_without_deletion_protection_are_deleted_by_a_failed_create(sample_assembly: Assembly) -> None:
    """A protected resource CloudFormation tried to delete in a rollback would fail that rollback."""
    protected = [
        f"{stack.name}/{logical_id}"
        for stack in sample_assembly.stacks
        for logical_id, resource in stack.resources.items()
        if resource.get("DeletionPolicy") == "RetainExceptOnCreate"
        and resource.get("Properties", {}).get("DeletionProtectionEnabled") is True
    ]
    assert protected == []
