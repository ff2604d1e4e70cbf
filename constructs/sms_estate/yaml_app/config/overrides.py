"""Per-region overrides: resources are declared once and patched for one region.

``region_overrides.<region>.<kind>.<name>`` holds keys that replace the declared ones in that region
only (lists are replaced whole, so an override never half-merges event destinations). The merged
document of each region goes through the same semantic checks as the declared one, so an override
cannot sneak in a sixth destination or a dangling reference.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from sms_estate.yaml_app.config.semantic import Doc, Findings


def regional_document(doc: Doc, region: str, out: Findings) -> dict[str, Any]:
    """``doc`` as it applies in ``region``; unknown names are reported into ``out``."""
    merged = copy.deepcopy(dict(doc))
    merged.pop("region_overrides", None)
    patches: Mapping[str, Mapping[str, Mapping[str, Any]]] = doc.get("region_overrides", {}).get(region, {})
    for kind, by_name in patches.items():
        items = {item["name"]: item for item in merged.get(kind, [])}
        for name, patch in by_name.items():
            if name not in items:
                out.error(
                    f"region_overrides.{region}.{kind}.{name}",
                    f"no {kind[:-1].replace('_', ' ')} named {name!r} is declared",
                )
                continue
            items[name].update(copy.deepcopy(dict(patch)))
    return merged


def check_override_regions(doc: Doc, out: Findings) -> None:
    for region in doc.get("region_overrides", {}):
        if region not in doc["regions"]:
            out.error(
                f"region_overrides.{region}", f"{region!r} is not one of this environment's regions {doc['regions']}"
            )
