"""Read YAML strictly: duplicate keys and non-mapping documents are errors, not silent surprises.

PyYAML keeps the last of two duplicate keys without a word; in a config that decides what is
deployed, a silently dropped key is lost data, so it is reported instead.

The loader builds on libyaml (``CSafeLoader``, in every PyYAML wheel the lock file allows) when it is
there: the pure-Python scanner spent about 1.5 s on a 300-registration bulk environment, libyaml about a
tenth of that. Both report the same marks, so errors name the same line and column (libyaml's wording
is sometimes plainer, e.g. a tab is "a character that cannot start any token").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sms_estate.errors import ConfigError, Problem

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # a PyYAML built without libyaml: the same checks, only slower
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _StrictLoader(_BaseLoader):
    """SafeLoader that refuses duplicate mapping keys."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            line = key_node.start_mark.line + 1
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (line {line})", key_node.start_mark
            )
        seen.add(key)
    mapping: dict[Any, Any] = loader.construct_mapping(node, deep=deep)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml_mapping(path: Path, *, display: str | None = None) -> dict[str, Any]:
    """Return the top-level mapping of ``path`` or raise a ConfigError naming the file."""
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([Problem(shown, "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError([Problem(shown, "", f"cannot read file: {error}")]) from None
    try:
        data = yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        message = error.problem or str(error)
        raise ConfigError([Problem(shown, "", f"invalid YAML at {where}: {message}")]) from None
    except yaml.YAMLError as error:
        raise ConfigError([Problem(shown, "", f"invalid YAML: {error}")]) from None
    if data is None:
        raise ConfigError([Problem(shown, "", "file is empty; expected an environment mapping")])
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise ConfigError([Problem(shown, "", f"top level must be a mapping, found {kind}")])
    return data
