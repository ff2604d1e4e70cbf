"""Where every config key lands: the key-coverage map (``key_coverage.json``) and the schema walk that keeps it complete.

Why: a key that ``validate`` accepts must reach CloudFormation or the API, or say why it is a check
only. The map is data, one entry per leaf of ``schema.json``:

- ``cloudformation``: the resource type and property path it lands in (``[]`` walks a list, ``.*`` a
  map's values, ``DeletionPolicy`` the resource attribute, ``@name`` the logical ID, which CDK derives
  from the name (letters and digits, then a hash), ``@keys`` the keys of an object); an optional encoding says how the value is written
  (``ref``: a ``Ref``/``Fn::GetAtt`` to the resource whose property, or ``@name``, is the value;
  ``map``; ``scale``; ``format``; ``basename``; ``on``: ``@name`` when the value names the resource
  that carries the property, not the property's value, as a sender ID's ``registration`` names the
  registration whose ``SenderIds`` hold it). For a custom resource this is the property the handler reads;
- ``registered``: for a key of a sender ID, where it lands instead when the sender ID is registered by a
  registration (``sender_ids[].registration``: no ``AWS::SMSVOICE::SenderId``, the registration's ``SenderIds``);
- ``api``: the API operation and member a handler sends it as (next to its custom-resource property);
- ``check``: a sentence saying why it only steers checks, stacks or the diff.

Leaves of ``region_overrides`` patch declared resources: ``aliases`` rewrite their prefix to the
declared key, whose entry applies. ``tests/yaml_app/config/test_key_coverage.py`` walks the schema against
the map and proves each mapped key with a sample value in a synthesized template.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

MAP_FILE = Path(__file__).with_name("key_coverage.json")
_SCALARS = frozenset({"string", "boolean", "integer", "number", "null"})


@cache
def coverage_map() -> dict[str, Any]:
    """The map as shipped (``key_coverage.json``)."""
    loaded: dict[str, Any] = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    return loaded


def schema_leaves(schema: Mapping[str, Any]) -> list[str]:
    """Every leaf key of ``schema``, sorted: ``a.b``, ``a[].b`` (list items), ``a.*`` (map values).

    A list of scalars is one leaf (``regions``); a value that may be a scalar or an object (``two_way:
    false`` or ``{channel_arn: ...}``) is a leaf and has leaves below it.
    """
    return sorted(set(_walk(schema, schema, "")))


def canonical(leaf: str, aliases: Mapping[str, str]) -> str:
    """``leaf`` with an alias prefix rewritten (``region_overrides.*.pools.*.x`` -> ``pools[].x``)."""
    for prefix, target in aliases.items():
        if leaf.startswith(prefix):
            return target + leaf[len(prefix) :]
    return leaf


def unmapped(schema: Mapping[str, Any], coverage: Mapping[str, Any]) -> list[str]:
    """Leaves of ``schema`` that ``coverage`` does not map (after aliases): empty when complete."""
    keys, aliases = coverage.get("keys", {}), coverage.get("aliases", {})
    return [leaf for leaf in schema_leaves(schema) if canonical(leaf, aliases) not in keys]


def _walk(root: Mapping[str, Any], node: Mapping[str, Any], path: str) -> Iterator[str]:
    node = _resolved(root, node)
    if _may_be_scalar(node):
        yield path
    below = dict(node.get("properties") or {})
    for branch in node.get("allOf") or ():  # the conditional keys of an event destination
        below.update(_resolved(root, branch.get("then") or {}).get("properties") or {})
    for name, child in below.items():
        yield from _walk(root, child, f"{path}.{name}" if path else name)
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        yield from _walk(root, extra, f"{path}.*")
    items = node.get("items")
    if isinstance(items, dict):
        resolved = _resolved(root, items)
        if _has_keys(resolved):
            yield from _walk(root, resolved, f"{path}[]")
        elif not _may_be_scalar(node):
            yield path  # a list of scalars is one leaf


def _resolved(root: Mapping[str, Any], node: Mapping[str, Any]) -> dict[str, Any]:
    """``node`` with its ``$ref`` (``#/$defs/...``) merged under its own keywords."""
    merged = dict(node)
    while "$ref" in merged:
        ref = str(merged.pop("$ref"))
        target: Any = root
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        merged = {**target, **merged}
    return merged


def _has_keys(node: Mapping[str, Any]) -> bool:
    return bool(node.get("properties")) or isinstance(node.get("additionalProperties"), dict)


def _may_be_scalar(node: Mapping[str, Any]) -> bool:
    """A value that is not (only) an object or a list of objects: an enum, a scalar type, or a mix."""
    kinds = node.get("type")
    types = {kinds} if isinstance(kinds, str) else set(kinds or ())
    if "enum" in node or "const" in node:
        return True
    if types & _SCALARS:
        return True
    if "array" in types and not _has_keys(node.get("items") or {}):
        return bool(types - {"array"}) and not _has_keys(node)
    return not types and not _has_keys(node) and "items" not in node and "allOf" not in node
