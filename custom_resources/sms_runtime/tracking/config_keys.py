"""Where a registration lives in the environment's config file, so advice can name the key to edit.

The construct passes, per registration in this region, its index in ``registrations:`` and which
field paths are attachments (those are ``attachments.<path>`` in the config, not ``fields.<path>``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ConfigEntry:
    """One ``registrations[<index>]`` entry of the config file."""

    name: str
    index: int
    attachments: frozenset[str] = frozenset()

    def key_for(self, field_path: str) -> str:
        section = "attachments" if field_path in self.attachments else "fields"
        return f"registrations[{self.index}].{section}.{field_path}"


@dataclass(frozen=True)
class ConfigIndex:
    """The config file's path and its registrations by name and by registration ID."""

    config_file: str = ""
    by_name: Mapping[str, ConfigEntry] = field(default_factory=dict)
    names_by_id: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, config_file: str, registrations_json: str, ids_json: str = "") -> ConfigIndex:
        """Parse the construct's environment variables (JSON); tolerant of empty values."""
        raw = json.loads(registrations_json or "{}")
        entries = {
            name: ConfigEntry(name, int(item["index"]), frozenset(item.get("attachments", [])))
            for name, item in raw.items()
        }
        raw_ids = json.loads(ids_json or "{}") or {}
        pairs = raw_ids.items() if isinstance(raw_ids, dict) else raw_ids  # the construct sends [[id, name]]
        ids = {str(k): str(v) for k, v in pairs}
        return cls(config_file, entries, ids)

    def entry(self, registration_id: str, tags: Mapping[str, str]) -> ConfigEntry | None:
        """The config entry for a registration: by the ID the construct passed, else by its tags."""
        name = self.names_by_id.get(registration_id) or name_from_tags(tags, self.by_name)
        return self.by_name.get(name) if name else None


def name_from_tags(tags: Mapping[str, str], names: Iterable[str]) -> str | None:
    """Which config name a resource's tags point at, or None.

    Tags checked, in order: ``sms-estate:registration`` (a config name), ``Name``, then
    ``sms-estate:logical-id`` (the custom resource's CloudFormation logical ID, which embeds the
    config name with punctuation removed: ``Registration-harborline-east`` ->
    ``Registrationharborlineeast1A2B3C4D``). The longest embedded name wins, so ``east`` never
    shadows ``harborline-east``.
    """
    known = set(names)
    for key in ("sms-estate:registration", "Name"):
        if tags.get(key) in known:
            return tags[key]
    logical = tags.get("sms-estate:logical-id") or tags.get("Name") or ""
    embedded = [n for n in known if _squash(n) and _squash(n) in logical]
    return max(embedded, key=len) if embedded else None


def _squash(name: str) -> str:
    return "".join(c for c in name if c.isalnum())
