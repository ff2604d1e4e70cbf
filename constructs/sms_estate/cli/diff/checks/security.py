"""Security rules: IAM trust, permissions, and the confused-deputy conditions on trusts of the SMS service."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sms_estate.cli.diff.checks.shared import (
    listed,
    subject,
)
from sms_estate.cli.diff.rules import Finding, Severity, rule
from sms_estate.cli.diff.templates import ResourceChange, ResourceState
from sms_estate.policy_statements import (
    POLICY_DOCUMENT_PROPERTIES,
    SMS_SERVICE,
    policy_documents,
    render,
    resource_sms_trusts,
    statements,
)


def _principals(document: Mapping[str, Any]) -> list[str]:
    found: set[str] = set()
    for statement in statements(document):
        principal = statement.get("Principal", {})
        entries = principal.values() if isinstance(principal, dict) else [principal]
        for entry in entries:
            found.update(
                [entry] if isinstance(entry, str) else [str(e) for e in entry] if isinstance(entry, list) else []
            )
    return sorted(found)


def _actions(documents: Iterable[Mapping[str, Any]], effect: str = "Allow") -> set[str]:
    found: set[str] = set()
    for document in documents:
        for statement in statements(document):
            if statement.get("Effect", "Allow") == effect:
                actions = statement.get("Action", [])
                found.update([actions] if isinstance(actions, str) else actions)
    return found


@rule(
    "SMS-SEC1",
    Severity.SECURITY,
    "IAM trust changed",
    "An IAM role is added or its trust policy (AssumeRolePolicyDocument) changes.",
)
def trust_changed(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type != "AWS::IAM::Role" or change.new is None:
        return
    document = change.new.properties.get("AssumeRolePolicyDocument") or {}
    if change.kind in ("added", "renamed"):
        yield Finding(f"new {subject(change)} trusted by {listed(_principals(document), 5)}")
    elif "AssumeRolePolicyDocument" in change.changed_properties():
        yield Finding(f"{subject(change)}: trust policy changes; trusted by {listed(_principals(document), 5)}")


def _permission_documents(state: ResourceState | None) -> list[Mapping[str, Any]]:
    if state is None:
        return []
    documents = policy_documents(state.type, state.properties)
    if state.type == "AWS::IAM::Role":  # the trust document is SMS-SEC1's business
        trust = state.properties.get("AssumeRolePolicyDocument")
        documents = [d for d in documents if d is not trust]
    return documents


@rule(
    "SMS-SEC2",
    Severity.SECURITY,
    "permissions changed",
    "An IAM policy, role permissions, SNS topic policy, bucket or queue policy, or KMS key policy is added or changes.",
)
def permissions_changed(change: ResourceChange) -> Iterable[Finding]:
    if change.resource_type not in POLICY_DOCUMENT_PROPERTIES or change.new is None:
        return
    old_docs, new_docs = _permission_documents(change.old), _permission_documents(change.new)
    managed_changed = "ManagedPolicyArns" in change.changed_properties()
    if old_docs == new_docs and not managed_changed:
        return
    added, removed = _actions(new_docs) - _actions(old_docs), _actions(old_docs) - _actions(new_docs)
    if change.kind in ("added", "renamed"):
        allows, denies = _actions(new_docs), _actions(new_docs, "Deny")
        parts = [f"allows {listed(allows, 5)}"] if allows else []
        parts += [f"denies {listed(denies, 5)}"] if denies else []
        yield Finding(f"new {subject(change)} {'; '.join(parts) or 'has no statements'}")
        return
    parts = [f"actions added: {listed(added, 5)}"] if added else []
    parts += [f"actions removed: {listed(removed, 5)}"] if removed else []
    parts += ["managed policies changed"] if managed_changed else []
    detail = "; ".join(parts) or "resources or conditions changed"
    yield Finding(f"{subject(change)}: permissions change ({detail})")


@rule(
    "SMS-SEC3",
    Severity.SECURITY,
    "confused-deputy condition lost",
    f"A statement trusting {SMS_SERVICE} no longer tests aws:SourceAccount or aws:SourceArn.",
)
def confused_deputy_lost(change: ResourceChange) -> Iterable[Finding]:
    if change.new is None or change.kind == "removed":
        return

    def missing(state: ResourceState | None) -> set[str]:
        if state is None:
            return set()
        return {
            key for trust in resource_sms_trusts(state.logical_id, _raw(state)) for key in trust.missing_deputy_keys()
        }

    lost = missing(change.new) - missing(change.old)
    if lost:
        yield Finding(
            f"{subject(change)} trusts {SMS_SERVICE} WITHOUT {' and '.join(sorted(lost))}: another AWS account's "
            "configuration set could use it (confused deputy)"
        )


def _raw(state: ResourceState) -> dict[str, Any]:
    return {"Type": state.type, "Properties": state.properties}


RESOURCE_POLICY = "AWS::SMSVOICE::ResourcePolicy"


def _shared_with(state: ResourceState | None) -> set[str]:
    """The principals a resource policy names, with CDK's partition joins rendered (``arn:aws:iam::1…:root``)."""
    if state is None:
        return set()
    document = state.properties.get("PolicyDocument")
    principals: set[str] = set()
    for statement in statements(document if isinstance(document, Mapping) else {}):
        principal = statement.get("Principal", {})
        entries = principal.get("AWS", []) if isinstance(principal, Mapping) else [principal]
        for entry in [entries] if not isinstance(entries, list) else entries:
            principals.add(str(render(entry)))
    return principals


@rule(
    "SMS-SEC7",
    Severity.SECURITY,
    "resource sharing changed",
    "An AWS::SMSVOICE::ResourcePolicy (a pool, number or sender ID shared with other accounts) is added, "
    "changes or is removed.",
)
def sharing_changed(change: ResourceChange) -> Iterable[Finding]:
    """Who else may send as one of our identities: every add, change and removal is reviewed."""
    if change.resource_type != RESOURCE_POLICY:
        return
    old, new = _shared_with(change.old), _shared_with(change.new)
    if change.new is None:
        yield Finding(f"{subject(change)} removed: no longer shared with {listed(old, 5)}")
    elif change.kind in ("added", "renamed"):
        yield Finding(f"new {subject(change)} shares with {listed(new, 5)}")
    elif change.changed_properties():
        parts = [f"now shared with {listed(new - old, 5)}"] if new - old else []
        parts += [f"no longer shared with {listed(old - new, 5)}"] if old - new else []
        yield Finding(f"{subject(change)}: sharing changes ({'; '.join(parts) or 'actions or resource changed'})")
