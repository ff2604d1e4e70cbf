"""The protect settings section of ``status``: the account default protect configuration and override counts.

Shown only for an environment that declares them (``account_default`` or ``number_overrides`` on a protect
configuration): the default is the account's, so another environment of the same account would show a
setting it did not ask for. Read through the handlers' own readers
(``sms_runtime.handlers.account_default_protect.live_default``, ``protect_number_overrides.live_overrides``),
so ``status`` and the deploy agree; configurations are matched to the config by their ``Name`` tag. Counts
only, never numbers: a status report is pasted into tickets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sms_estate.yaml_app.config.model import ProtectConfiguration
from sms_runtime.handlers.account_default_protect import live_default
from sms_runtime.handlers.protect_number_overrides import live_overrides
from sms_runtime.sms_client import Api
from sms_runtime.tracking.snapshot import read_tags


@dataclass(frozen=True)
class OverrideCount:
    """One configuration's declared overrides: how many are live (unexpired) and how many it declares."""

    configuration: str
    live: int
    declared: int


@dataclass(frozen=True)
class ProtectSettingsStatus:
    """``default``: the live default's name (its ID when untagged), None: no default; ``wanted``: the config's."""

    wanted_default: str | None
    default: str | None
    overrides: tuple[OverrideCount, ...]


def read_protect_settings(api: Api, declared: Sequence[ProtectConfiguration]) -> ProtectSettingsStatus | None:
    """Nothing (and no call) when no protect configuration declares a default or overrides."""
    wanted = next((p.name for p in declared if p.account_default), None)
    with_overrides = [p for p in declared if p.number_overrides]
    if wanted is None and not with_overrides:
        return None
    names = {
        str(info["ProtectConfigurationId"]): read_tags(api, str(info["ProtectConfigurationArn"])).get("Name", "")
        for info in api.pages("DescribeProtectConfigurations", "ProtectConfigurations")
    }
    ids = {name: protect_id for protect_id, name in names.items() if name}
    default_id = live_default(api) if wanted is not None else None
    counts = []
    for p in with_overrides:
        live = live_overrides(api, ids[p.name]) if p.name in ids else {}
        counts.append(
            OverrideCount(p.name, sum(1 for o in p.number_overrides if o.destination in live), len(p.number_overrides))
        )
    default = None if default_id is None else names.get(default_id) or default_id
    return ProtectSettingsStatus(wanted, default, tuple(counts))


def protect_settings_lines(status: ProtectSettingsStatus | None) -> list[str]:
    """The region's lines (nothing when the config declares no protect settings)."""
    if status is None:
        return []
    lines = [""]
    if status.wanted_default is not None:
        note = (
            ""
            if status.default == status.wanted_default
            else f" (config: {status.wanted_default}; deploy, or see who changed it)"
        )
        lines.append(f"account default protect configuration: {status.default or 'none'}{note}")
    for count in status.overrides:
        note = "" if count.live == count.declared else " (some expired, or not deployed)"
        lines.append(
            f"protect configuration {count.configuration}: {count.live} of {count.declared} number overrides live{note}"
        )
    return lines


def protect_settings_as_mapping(status: ProtectSettingsStatus | None) -> dict[str, Any]:
    """The region's ``--json`` key, present only when the config declares protect settings."""
    if status is None:
        return {}
    section: dict[str, Any] = {
        "number_overrides": {c.configuration: {"live": c.live, "declared": c.declared} for c in status.overrides}
    }
    if status.wanted_default is not None:
        section["account_default"] = {"live": status.default, "configured": status.wanted_default}
    return {"protect_settings": section}
