"""Read a synthesized cloud assembly (``cdk.out``): stacks, templates, acknowledged nag findings.

Shared by the main job's summary and by the diff command, which compare what was synthesized
rather than re-deriving it from config.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def _acknowledged(metadata: Mapping[str, Any]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for entries in metadata.values():
        for entry in entries:
            if entry.get("type") == ACKNOWLEDGED:
                data = entry.get("data") or {}
                rules = data.keys() if isinstance(data, dict) else [str(item.get("id", "")) for item in data]
                # "Annotation::AwsSolutions-IAM5[Resource::...]" -> "AwsSolutions-IAM5"
                counts.update(str(rule).split("::", 1)[-1].split("[")[0] for rule in rules)
    return counts


def _metadata(directory: Path, artifact: Mapping[str, Any]) -> Mapping[str, Any]:
    """Construct metadata lives in a side file in recent assemblies, inline in older ones."""
    side_file = artifact.get("additionalMetadataFile")
    if side_file and (directory / side_file).is_file():
        return dict(json.loads((directory / side_file).read_text(encoding="utf-8")))
    return dict(artifact.get("metadata", {}))


def _violations(directory: Path) -> tuple[str, ...]:
    report = directory / "validation-report.json"
    if not report.is_file():
        return ()
    data = json.loads(report.read_text(encoding="utf-8"))
    return tuple(
        f"{violation['ruleName']}: {construct['constructPath']}"
        for plugin in data.get("pluginReports", [])
        for violation in plugin.get("violations", [])
        for construct in violation.get("violatingConstructs", [])
    )


def read_assembly(directory: Path) -> Assembly:
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    stacks = []
    for name, artifact in sorted(manifest.get("artifacts", {}).items()):
        if artifact.get("type") != "aws:cloudformation:stack":
            continue
        template_file = str(artifact["properties"]["templateFile"])
        template = json.loads((directory / template_file).read_text(encoding="utf-8"))
        _, account, region = str(artifact.get("environment", "aws://unknown/unknown")).rsplit("/", 2)
        stacks.append(
            SynthesizedStack(
                name=name,
                account=account,
                region=region,
                template=template,
                acknowledged=dict(_acknowledged(_metadata(directory, artifact))),
                template_file=template_file,
            )
        )
    return Assembly(directory=directory, stacks=tuple(stacks), nag_violations=_violations(directory))
