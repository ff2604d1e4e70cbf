"""Config values checked against the contracts they end in, at ``validate`` time, not at deploy time.

Why: a value that ``validate`` accepts must not fail the deploy. Where a config key lands is stated
once, in the key-coverage map (``key_coverage.json``): a CloudFormation property (type and path) or an
API parameter (operation and member). This module walks the document along the config schema, looks
each value's key up in that map, and checks the value against the real contract of where it lands:

- a CloudFormation property: the resource schema cfn-lint ships (``cfnlint/data/schemas``), read as
  JSON files (a per-region index of type -> schema file, then the schema), never through cfn-lint's
  modules, whose import costs more than a whole ``validate``;
- an API parameter: the shape of that member in botocore's model of the SMS API.

Checked: ``pattern``, ``enum``, string length, number range and list length (``min``/``max`` of a
botocore shape). Nothing here is a hand-kept copy of a pattern. A key whose value is not what is sent
is not checked against the target: a reference (``ref``: the target is a name's ARN, and the named
entry is checked at its own key) and a value of another type than the target's (``submit: true``
triggers ``SubmitRegistrationVersion``, its ``RegistrationId`` is not the boolean). Custom resources
(``Custom::``) have no schema; their values are checked at the API member the handler sends.

Patterns are ECMA 262 / Java regexes. They are matched whole (``fullmatch``, the way the service
validates a botocore pattern such as ``[A-Z]{2}``), with ``$`` meaning the end only, so a trailing
newline fails. A pattern Python's ``re`` cannot read (Java's ``(?i)`` in mid-pattern, ``\\p{L}``) is
compiled with ``regex``, the engine cfn-lint itself uses.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from sms_estate.yaml_app.config.json_schema import ecma_regex, package_schema
from sms_estate.yaml_app.config.key_coverage import _resolved, canonical, coverage_map
from sms_estate.yaml_app.config.limits import shown_value
from sms_estate.yaml_app.config.semantic import Doc, Findings, api_model

_NUMBER_TYPES = frozenset({"integer", "long", "double", "float"})
# What a JSON Schema keyword is called in a botocore shape, by shape type.
_SHAPE_KEYWORDS = {
    "string": {"min": "minLength", "max": "maxLength", "pattern": "pattern", "enum": "enum"},
    "list": {"min": "minItems", "max": "maxItems"},
    **{kind: {"min": "minimum", "max": "maximum"} for kind in _NUMBER_TYPES},
}


class _Matcher(Protocol):
    def fullmatch(self, string: str) -> object: ...


@dataclass(frozen=True)
class Target:
    """One contract a value must meet: its label (``AWS::SMSVOICE::SenderId.SenderId``) and JSON Schema.

    ``schema`` uses JSON Schema's keywords (a botocore shape is translated); ``items`` holds the
    schema of a list's members.
    """

    label: str
    schema: Mapping[str, Any]


def check_contracts(doc: Doc, source: Path, out: Findings) -> None:
    """Report every value that the CloudFormation schema or the API model of where it lands refuses."""
    keys: Mapping[str, Any] = coverage_map()["keys"]
    aliases: Mapping[str, str] = coverage_map()["aliases"]
    regions = tuple(str(region) for region in doc.get("regions", ()))
    seen: set[tuple[str, str]] = set()
    for key, where, value in _values(_config_schema(), doc, keys, aliases):
        for target in _targets(key, regions):
            for where_item, message in _violations(where, _sent(keys[key], value), target):
                if (where_item, message) not in seen:
                    seen.add((where_item, message))
                    out.error(where_item, message)


@cache
def _config_schema() -> dict[str, Any]:
    return package_schema()


def _values(
    schema: Mapping[str, Any], doc: Doc, keys: Mapping[str, Any], aliases: Mapping[str, str]
) -> Iterator[tuple[str, str, Any]]:
    """``(map key, config path, value)`` for every value of ``doc`` whose key the map sends somewhere."""
    stack: list[tuple[Mapping[str, Any], Any, str, str]] = [(schema, doc, "", "")]
    while stack:
        node, value, pattern, where = stack.pop()
        node = _resolved(schema, node)
        key = canonical(pattern, aliases)
        if key in keys and not isinstance(value, dict) and _lands(keys[key]):
            yield key, where, value
        if isinstance(value, dict):
            below = dict(node.get("properties") or {})
            for branch in node.get("allOf") or ():  # the conditional keys of an event destination
                below.update(_resolved(schema, branch.get("then") or {}).get("properties") or {})
            extra = node.get("additionalProperties")
            for name, child in value.items():
                if name in below:
                    sub, sub_pattern = below[name], f"{pattern}.{name}" if pattern else name
                elif isinstance(extra, dict):
                    sub, sub_pattern = extra, f"{pattern}.*"
                else:
                    continue
                stack.append((sub, child, sub_pattern, f"{where}.{name}" if where else name))
        elif isinstance(value, list) and isinstance(node.get("items"), dict):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    stack.append((node["items"], item, f"{pattern}[]", f"{where}[{index}]"))


def _lands(entry: Mapping[str, Any]) -> bool:
    """The value itself is sent: not a check-only key, not a reference to another entry."""
    return ("cloudformation" in entry or "api" in entry) and "ref" not in entry.get("cloudformation", {})


def _sent(entry: Mapping[str, Any], value: Any) -> Any:
    """``value`` as it is written into the template (the map's encodings); the API receives it as is."""
    encoding = entry.get("cloudformation", {})
    if isinstance(value, list):
        return [_sent(entry, item) for item in value]
    if "map" in encoding and isinstance(value, str):
        return encoding["map"].get(value, value)
    if "format" in encoding:
        return str(encoding["format"]).format(value)
    if "scale" in encoding and isinstance(value, int | float) and not isinstance(value, bool):
        return value * encoding["scale"]
    if encoding.get("basename") and isinstance(value, str):
        return PurePosixPath(value).name
    return value


@cache
def _targets(key: str, regions: tuple[str, ...]) -> tuple[Target, ...]:
    """The contracts of ``key``: its CloudFormation property (per distinct schema of the regions) and API member.

    Cached: a bulk estate has thousands of values of a few dozen keys.
    """
    return tuple(_find_targets(coverage_map()["keys"][key], regions))


def _find_targets(entry: Mapping[str, Any], regions: tuple[str, ...]) -> Iterator[Target]:
    cloudformation = entry.get("cloudformation")
    if cloudformation and str(cloudformation["type"]).startswith("AWS::"):
        files = {_schema_file(cloudformation["type"], region) for region in regions}
        for schema_file in sorted(stem for stem in files if stem is not None):
            schema = property_schema(_resource_schema(schema_file), cloudformation["path"])
            if schema is not None:
                yield Target(f"{cloudformation['type']}.{cloudformation['path']}", schema)
    api = entry.get("api")
    if api:
        schema = member_schema(api["operation"], api["member"])
        if schema is not None:
            yield Target(f"{api['operation']}.{api['member']}", schema)


# -- CloudFormation: cfn-lint's bundled resource schemas, read as data ------------------------------


@cache
def _schemas_dir() -> Path:
    spec = importlib.util.find_spec("cfnlint")  # finds the package without importing it
    if spec is None or spec.origin is None:
        raise RuntimeError("cfn-lint is not installed; run ./dev to install the locked dependencies")
    return Path(spec.origin).parent / "data" / "schemas"


@cache
def _provider_index(region: str) -> dict[str, str]:
    """``{resource type: schema file stem}`` of one region (cfn-lint stores each schema once, by hash)."""
    path = _schemas_dir() / "providers" / f"{region}.json"
    index: dict[str, str] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return index


def _schema_file(resource_type: str, region: str) -> str | None:
    return _provider_index(region).get(resource_type)


@cache
def _resource_schema(stem: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((_schemas_dir() / "resources" / f"{stem}.json").read_text(encoding="utf-8"))
    return schema


def resource_schema(resource_type: str, region: str = "us-east-1") -> dict[str, Any] | None:
    """The provider schema cfn-lint ships for ``resource_type`` in ``region``, or None if it has none."""
    stem = _schema_file(resource_type, region)
    return None if stem is None else _resource_schema(stem)


def property_schema(schema: Mapping[str, Any], path: str) -> dict[str, Any] | None:
    """The JSON Schema of ``path`` (``EventDestinations[].EventDestinationName``) in a resource schema.

    ``[]`` steps into a list's items; a list property keeps its own keywords next to ``items``. None
    when the path names no property: ``DeletionPolicy`` (an attribute), ``@name`` (the logical ID) or
    ``@keys`` (which sub-object is written), whose values the map fixes.
    """
    node: dict[str, Any] | None = {"properties": schema.get("properties", {})}
    for part in path.split("."):
        name, steps = part.removesuffix("[]"), part.endswith("[]")
        node = _child(schema, node, name) if node is not None and not name.startswith("@") else None
        if node is not None and steps:
            node = {**_ref(schema, node.get("items") or {}), **{k: v for k, v in node.items() if k != "items"}}
            node["_list"] = True
    return node


def _child(schema: Mapping[str, Any], node: Mapping[str, Any], name: str) -> dict[str, Any] | None:
    node = _ref(schema, node)
    if name in (node.get("properties") or {}):
        return _ref(schema, node["properties"][name])
    for pattern, child in (node.get("patternProperties") or {}).items():
        if re.search(pattern, name):
            return _ref(schema, child)
    extra = node.get("additionalProperties")
    return _ref(schema, extra) if isinstance(extra, dict) else None


def _ref(schema: Mapping[str, Any], node: Mapping[str, Any]) -> dict[str, Any]:
    """``node`` with its ``$ref`` (``#/definitions/...``) merged under its own keywords."""
    merged = dict(node)
    while "$ref" in merged:
        target: Any = schema
        for part in str(merged.pop("$ref")).removeprefix("#/").split("/"):
            target = target[part]
        merged = {**target, **merged}
    return merged


# -- The API: botocore's shapes --------------------------------------------------------------------


@cache
def member_schema(operation: str, member: str) -> dict[str, Any] | None:
    """The constraints of ``operation``'s input ``member`` as JSON Schema keywords, or None if unknown."""
    model = api_model()
    found = model["operations"].get(operation)
    if found is None:
        return None
    members = model["shapes"][found["input"]["shape"]]["members"]
    return _shape_schema(model["shapes"], members[member]["shape"]) if member in members else None


def _shape_schema(shapes: Mapping[str, Any], name: str) -> dict[str, Any]:
    shape = shapes[name]
    kind = str(shape["type"])
    schema: dict[str, Any] = {"_shape": name}
    for keyword, translated in _SHAPE_KEYWORDS.get(kind, {}).items():
        if keyword in shape:
            schema[translated] = shape[keyword]
    if kind == "list":
        schema["_list"] = True
        schema.update({k: v for k, v in _shape_schema(shapes, shape["member"]["shape"]).items() if k != "_shape"})
    return schema


# -- Checking a value -------------------------------------------------------------------------------


def _violations(where: str, value: Any, target: Target) -> Iterator[tuple[str, str]]:
    """``(config path, message)`` for each way ``value`` breaks ``target``."""
    schema = target.schema
    suffix = f" ({target.label})"
    if isinstance(value, list):
        if schema.get("_list"):
            for message in _list_problems(value, schema):
                yield where, message + suffix
        for index, item in enumerate(value):
            for message in _scalar_problems(item, schema):
                yield f"{where}[{index}]", message + suffix
    else:
        for message in _scalar_problems(value, schema):
            yield where, message + suffix


def _list_problems(value: list[Any], schema: Mapping[str, Any]) -> Iterator[str]:
    if "minItems" in schema and len(value) < schema["minItems"]:
        yield f"has {len(value)} items; at least {schema['minItems']} are needed"
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        yield f"has {len(value)} items; at most {schema['maxItems']} are allowed"


def _scalar_problems(value: Any, schema: Mapping[str, Any]) -> Iterator[str]:
    """What ``schema`` refuses in ``value``; a keyword of another type than the value's does not apply."""
    enum = schema.get("enum")
    if enum is not None and any(type(choice) is type(value) for choice in enum) and value not in enum:
        yield f"{shown_value(value)} is not one of {', '.join(map(str, enum))}"
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            yield f"{shown_value(value)} is shorter than the minimum length of {schema['minLength']}"
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            yield (
                f"{shown_value(value)} is longer than the maximum length of {schema['maxLength']} "
                f"(it has {len(value):,} characters)"
            )
        if "pattern" in schema and not compiled(schema["pattern"]).fullmatch(value):
            yield f"{shown_value(value)} does not match {schema['pattern']}"
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            yield f"{shown_value(value)} is less than the minimum of {schema['minimum']}"
        if "maximum" in schema and value > schema["maximum"]:
            yield f"{shown_value(value)} is more than the maximum of {schema['maximum']}"


@cache
def compiled(pattern: str) -> _Matcher:
    """``pattern`` (ECMA 262 / Java) compiled for whole-value matching with ECMA's ``$`` (see module doc)."""
    try:
        return ecma_regex(pattern)
    except re.error:
        import regex  # type: ignore[import-untyped]  # cfn-lint's engine (no stubs), for what ``re`` cannot read

        matcher: _Matcher = regex.compile(pattern)
        return matcher
