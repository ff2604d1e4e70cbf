"""Read a synthesized cloud assembly (``cdk.out``): stacks, templates, acknowledged nag findings.

Shared by the main job's summary and by the diff command, which compare what was synthesized
rather than re-deriving it from config.

Why defensive: ``diff`` reads assemblies it is handed (a CI artifact, a colleague's folder), so an
assembly is input like any other. Every file it names must resolve (symlinks followed) inside the
assembly folder, be a regular file within ``MAX_ASSEMBLY_FILE_BYTES`` and hold JSON of the expected
shape; anything else is a ``file: key: message`` error (exit 2), never a read elsewhere or a traceback.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sms_estate.yaml_app.bounded_files import read_regular_file
from sms_estate.yaml_app.config.limits import MAX_ASSEMBLY_FILE_BYTES
from sms_estate.yaml_app.errors import Problem, UserFacingError

ACKNOWLEDGED = "aws:cdk:acknowledged-rules"


@dataclass(frozen=True)
class SynthesizedStack:
    name: str
    account: str
    region: str
    template: Mapping[str, Any]
    acknowledged: Mapping[str, int] = field(default_factory=dict)  # rule ID -> count
    template_file: str = ""  # relative to the assembly directory

    @property
    def resources(self) -> Mapping[str, Mapping[str, Any]]:
        return dict(self.template.get("Resources", {}))

    def resource_types(self) -> Counter[str]:
        return Counter(str(resource["Type"]) for resource in self.resources.values())


@dataclass(frozen=True)
class Assembly:
    directory: Path
    stacks: tuple[SynthesizedStack, ...]
    nag_violations: tuple[str, ...]

    def stack(self, name: str) -> SynthesizedStack:
        return next(s for s in self.stacks if s.name == name)


class AssemblyError(UserFacingError):
    """A cloud assembly that cannot be read as one: nothing is compared or summarized."""


def _refuse(shown: str, where: str, message: str) -> AssemblyError:
    return AssemblyError([Problem(shown, where, message)])


def _inside(directory: Path, name: object, shown: str, where: str) -> Path:
    """``directory / name`` if it stays inside ``directory`` once symlinks are resolved."""
    if not isinstance(name, str) or not name:
        raise _refuse(shown, where, "must be a file name relative to the assembly folder")
    target = (directory / name).resolve()
    if not target.is_relative_to(directory.resolve()):
        raise _refuse(shown, where, f"{name!r} is outside the assembly folder; only files inside it are read")
    return target


def _json_file(path: Path, shown: str) -> Any:
    try:
        data = read_regular_file(path, MAX_ASSEMBLY_FILE_BYTES, shown=shown)
    except FileNotFoundError:
        raise _refuse(shown, "", "file not found") from None
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _refuse(shown, "", f"is not valid JSON: {error}") from None
    except RecursionError:
        raise _refuse(shown, "", "is nested too deeply to be a cloud assembly file") from None


def _mapping(value: object, shown: str, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _refuse(shown, where, f"must be a JSON object, not {type(value).__name__}")
    return value


def _acknowledged(metadata: Mapping[str, Any], shown: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path, entries in metadata.items():
        if not isinstance(entries, list):
            raise _refuse(shown, path, "must be a list of metadata entries")
        for entry in entries:
            if isinstance(entry, dict) and entry.get("type") == ACKNOWLEDGED:
                data = entry.get("data") or {}
                rules = (
                    data.keys()
                    if isinstance(data, dict)
                    else [str(_mapping(item, shown, path).get("id", "")) for item in data]
                )
                # "Annotation::AwsSolutions-IAM5[Resource::...]" -> "AwsSolutions-IAM5"
                counts.update(str(rule).split("::", 1)[-1].split("[")[0] for rule in rules)
    return counts


def _metadata(directory: Path, name: str, artifact: Mapping[str, Any], shown: str) -> tuple[Mapping[str, Any], str]:
    """Construct metadata lives in a side file in recent assemblies, inline in older ones."""
    side_file = artifact.get("additionalMetadataFile")
    if side_file:
        path = _inside(directory, side_file, shown, f"artifacts.{name}.additionalMetadataFile")
        if path.is_file():
            return _mapping(_json_file(path, str(side_file)), str(side_file), ""), str(side_file)
    return _mapping(artifact.get("metadata", {}), shown, f"artifacts.{name}.metadata"), shown


def _violations(directory: Path) -> tuple[str, ...]:
    report = directory / "validation-report.json"
    if not report.is_file():
        return ()
    shown = "validation-report.json"
    data = _mapping(_json_file(_inside(directory, report.name, shown, ""), shown), shown, "")
    try:
        return tuple(
            f"{violation['ruleName']}: {construct['constructPath']}"
            for plugin in data.get("pluginReports", [])
            for violation in plugin.get("violations", [])
            for construct in violation.get("violatingConstructs", [])
        )
    except (KeyError, TypeError, AttributeError):
        raise _refuse(shown, "pluginReports", "is not a cdk-nag validation report") from None


def _template(value: object, shown: str) -> Mapping[str, Any]:
    """A CloudFormation template as far as the readers rely on it: typed resources with mapping properties."""
    template = _mapping(value, shown, "")
    for logical_id, resource in _mapping(template.get("Resources", {}), shown, "Resources").items():
        where = f"Resources.{logical_id}"
        if not isinstance(_mapping(resource, shown, where).get("Type"), str):
            raise _refuse(shown, f"{where}.Type", "must be a resource type string")
        _mapping(resource.get("Properties") or {}, shown, f"{where}.Properties")
    return template


def read_assembly(directory: Path) -> Assembly:
    """The stacks of the cloud assembly in ``directory``; ``AssemblyError`` if it is not a readable one."""
    shown = str(directory / "manifest.json")
    manifest = _mapping(_json_file(_inside(directory, "manifest.json", shown, ""), shown), shown, "")
    artifacts = _mapping(manifest.get("artifacts", {}), shown, "artifacts")
    stacks = []
    for name, value in sorted(artifacts.items()):
        artifact = _mapping(value, shown, f"artifacts.{name}")
        if artifact.get("type") != "aws:cloudformation:stack":
            continue
        where = f"artifacts.{name}.properties.templateFile"
        template_file = _mapping(artifact.get("properties"), shown, f"artifacts.{name}.properties").get("templateFile")
        path = _inside(directory, template_file, shown, where)
        template = _template(_json_file(path, str(template_file)), str(template_file))
        environment = artifact.get("environment", "aws://unknown/unknown")
        if not isinstance(environment, str) or environment.count("/") < 2:
            raise _refuse(shown, f"artifacts.{name}.environment", "must be aws://ACCOUNT/REGION")
        _, account, region = environment.rsplit("/", 2)
        metadata, metadata_file = _metadata(directory, name, artifact, shown)
        stacks.append(
            SynthesizedStack(
                name=name,
                account=account,
                region=region,
                template=template,
                acknowledged=dict(_acknowledged(metadata, metadata_file)),
                template_file=str(template_file),
            )
        )
    return Assembly(directory=directory, stacks=tuple(stacks), nag_violations=_violations(directory))
