"""Resource-level diff of two revisions: which resources are added, removed, changed or renamed.

Resources are matched by logical ID within the same environment and region, because that is how
CloudFormation matches them: a logical ID that disappears is a deletion, whatever appears instead.
A logical ID that vanished while one of the same type and the same *name* appeared is reported as
one ``renamed`` change (CloudFormation still deletes the old one and creates the new one), so the
reviewer reads "replaced (renamed)" rather than an unrelated removal and addition.

Only what CloudFormation acts on is compared: the type, the properties and the deletion and
update-replace policies. Metadata (construct paths) is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

ChangeKind = Literal["added", "removed", "changed", "renamed"]

# Retain-like policies: the physical resource outlives its removal from the template.
_RETAINING = frozenset({"Retain", "RetainExceptOnCreate", "Snapshot"})

# The property that names a resource, for types that have one. Types without one (pools, protect
# configurations) carry their name in the ``Name`` tag; custom resources are named by construct path.
NAME_PROPERTIES: Mapping[str, tuple[str, ...]] = {
    "AWS::SMSVOICE::OptOutList": ("OptOutListName",),
    "AWS::SMSVOICE::ConfigurationSet": ("ConfigurationSetName",),
    "AWS::SMSVOICE::SenderId": ("SenderId", "IsoCountryCode"),
    "AWS::Logs::LogGroup": ("LogGroupName",),
    "AWS::IAM::Role": ("RoleName",),
    "AWS::SNS::Topic": ("TopicName",),
    "AWS::S3::Bucket": ("BucketName",),
}
_KIND_PREFIX = re.compile(r"^[A-Z][A-Za-z]*-")


@dataclass(frozen=True)
class ResourceState:
    """One resource as one revision declares it."""

    logical_id: str
    type: str
    properties: Mapping[str, Any]
    deletion_policy: str | None = None
    update_replace_policy: str | None = None
    path: str = ""  # aws:cdk:path, for a readable name only

    @classmethod
    def from_template(cls, logical_id: str, resource: Mapping[str, Any]) -> ResourceState:
        metadata = resource.get("Metadata") or {}
        return cls(
            logical_id=logical_id,
            type=str(resource.get("Type", "")),
            properties=dict(resource.get("Properties") or {}),
            deletion_policy=resource.get("DeletionPolicy"),
            update_replace_policy=resource.get("UpdateReplacePolicy"),
            path=str(metadata.get("aws:cdk:path", "")) if isinstance(metadata, dict) else "",
        )

    @property
    def retained_on_delete(self) -> bool:
        return self.deletion_policy in _RETAINING

    @property
    def retained_on_replace(self) -> bool:
        return self.update_replace_policy in _RETAINING

    def identity_name(self) -> str | None:
        """The name the service knows the resource by, or ``None`` when the type has no name."""
        names = NAME_PROPERTIES.get(self.type)
        if names and all(isinstance(self.properties.get(n), str) for n in names):
            return "-".join(str(self.properties[n]) for n in names)
        for tag in self.properties.get("Tags") or []:
            if isinstance(tag, dict) and tag.get("Key") == "Name" and isinstance(tag.get("Value"), str):
                return str(tag["Value"])
        return None

    def display_name(self) -> str:
        """A name a person recognises: the service name, else the config name from the construct path."""
        named = self.identity_name()
        if named:
            return named
        segments = self.path.split("/")[1:]
        while segments and segments[-1] in ("Resource", "Default"):
            segments = segments[:-1]
        return "/".join(_KIND_PREFIX.sub("", segment) for segment in segments) or self.logical_id

    def compared(self) -> tuple[str, Mapping[str, Any], str | None, str | None]:
        return (self.type, self.properties, self.deletion_policy, self.update_replace_policy)


@dataclass(frozen=True)
class ResourceChange:
    """One resource that differs between the base and the head revision of one stack."""

    environment: str
    region: str
    stack: str
    kind: ChangeKind
    old: ResourceState | None
    new: ResourceState | None
    # logical ID -> display name of every resource in either template, to name what a Ref points at
    labels: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def label(self, value: Any) -> str:
        """A property value for a person: ``{"Ref": "OptOutList..."}`` -> the list's name."""
        if isinstance(value, dict) and len(value) == 1:
            ((function, argument),) = value.items()
            target = argument[0] if function == "Fn::GetAtt" and isinstance(argument, list) else argument
            if function in ("Ref", "Fn::GetAtt") and isinstance(target, str):
                return self.labels.get(target, target)
        return str(value)

    @property
    def current(self) -> ResourceState:
        """The head state when there is one, else the base state (for naming and typing)."""
        state = self.new or self.old
        assert state is not None, "a change has at least one side"
        return state

    @property
    def resource_type(self) -> str:
        return self.current.type

    @property
    def name(self) -> str:
        return (self.old or self.current).display_name()

    @property
    def goes_away(self) -> bool:
        """The base resource leaves the stack (removed, or renamed to a new logical ID)."""
        return self.kind in ("removed", "renamed")

    def changed_properties(self) -> tuple[str, ...]:
        """Top-level properties (and policies) whose value differs, sorted; empty unless ``changed``."""
        if self.old is None or self.new is None:
            return ()
        keys = set(self.old.properties) | set(self.new.properties)
        changed = {k for k in keys if self.old.properties.get(k) != self.new.properties.get(k)}
        if self.old.deletion_policy != self.new.deletion_policy:
            changed.add("DeletionPolicy")
        if self.old.update_replace_policy != self.new.update_replace_policy:
            changed.add("UpdateReplacePolicy")
        return tuple(sorted(changed))

    def sort_key(self) -> tuple[str, str, str, str, str]:
        return (self.environment, self.region, self.stack, self.resource_type, self.current.logical_id)


def _states(template: Mapping[str, Any]) -> dict[str, ResourceState]:
    resources = template.get("Resources") or {}
    return {logical_id: ResourceState.from_template(logical_id, r) for logical_id, r in resources.items()}


def diff_templates(
    environment: str, region: str, stack: str, base: Mapping[str, Any] | None, head: Mapping[str, Any] | None
) -> list[ResourceChange]:
    """Every resource that differs between two templates of one stack (either may be absent)."""
    old, new = _states(base or {}), _states(head or {})
    labels = {logical_id: state.display_name() for logical_id, state in {**old, **new}.items()}

    def change(kind: ChangeKind, before: ResourceState | None, after: ResourceState | None) -> ResourceChange:
        return ResourceChange(environment, region, stack, kind, before, after, labels)

    changes = [
        change("changed", old[i], new[i]) for i in sorted(set(old) & set(new)) if old[i].compared() != new[i].compared()
    ]
    removed = [old[i] for i in sorted(set(old) - set(new))]
    added = [new[i] for i in sorted(set(new) - set(old))]
    for before, after in _renames(removed, added):
        changes.append(change("renamed", before, after))
        removed.remove(before)
        added.remove(after)
    changes += [change("removed", state, None) for state in removed]
    changes += [change("added", None, state) for state in added]
    return sorted(changes, key=ResourceChange.sort_key)


def _renames(
    removed: Iterable[ResourceState], added: Iterable[ResourceState]
) -> list[tuple[ResourceState, ResourceState]]:
    """Pairs (old, new) of the same type and the same service name under different logical IDs."""
    by_name = {(s.type, s.identity_name()): s for s in added if s.identity_name() is not None}
    return [(s, by_name[(s.type, s.identity_name())]) for s in removed if (s.type, s.identity_name()) in by_name]
