"""Read YAML strictly and within bounds: duplicate keys, non-mapping documents, oversized files, deep
nesting and alias bombs are errors, not silent surprises or a crashed interpreter.

PyYAML keeps the last of two duplicate keys without a word; in a config that decides what is
deployed, a silently dropped key is lost data, so it is reported instead.

The loader builds on libyaml (``CSafeLoader``, in every PyYAML wheel the lock file allows) when it is
there: the pure-Python scanner spent about 1.5 s on a 300-registration bulk environment, libyaml about a
tenth of that. Both report the same marks, so errors name the same line and column (libyaml's wording
is sometimes plainer, e.g. a tab is "a character that cannot start any token").

Bounds (``sms_estate.yaml_app.config.limits``), each checked before the work it protects:

* the file is a regular file of at most ``MAX_CONFIG_BYTES`` (a FIFO would block the reader forever);
* nesting depth at most ``MAX_YAML_DEPTH``: libyaml's scanner costs O(depth) per token and its
  composer recurses in C, so 100,000 nested ``[`` took minutes and then crashed the interpreter;
* aliases add at most ``MAX_YAML_ALIAS_NODES`` nodes, counted as if expanded: the loaded objects share
  an aliased value, but the schema check, the error messages and the model walk it once per use, so ten
  nested levels of ten aliases ran out of memory.

Both structural bounds are decided first by a look at the raw text that is sound and costs well under
a millisecond per 100 KB: without a ``*`` there is no alias, and the depth is at most the number of
``[``/``{`` characters (flow collections) plus twice the deepest indentation of a line (block
collections nest only by indenting, or by ``- ``/``? ``/``: `` indicators at a line's start). Only a
file that this look cannot clear (the samples' shared ``fields: &...`` blocks, a deeply indented file)
gets an exact check: one pass over libyaml's events, which stops at the first event past a bound, so
it never reaches the depths where libyaml turns quadratic. That pass costs about 40% of a load, and
only for such files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    ScalarEvent,
    StreamEndEvent,
)

from sms_estate.yaml_app.bounded_files import read_regular_file
from sms_estate.yaml_app.config.limits import MAX_CONFIG_BYTES, MAX_YAML_ALIAS_NODES, MAX_YAML_DEPTH
from sms_estate.yaml_app.errors import ConfigError, Problem, UserFacingError

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # a PyYAML built without libyaml: the same checks, only slower
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


# Bytes that may make up a line's leading run of indentation and ``- ``/``? ``/``: `` indicators, which
# bounds the column where a block collection on that line can start. Any such run is made of these bytes
# only, so no run of N of them anywhere proves every line's run shorter than N (a run elsewhere, say in a
# comment, only costs the exact check), without defining lines the way libyaml does (it also breaks at
# \r, NEL, LS and PS). Translated as bytes, the search is a memchr-speed scan.
_LEAD_BYTES = bytes(1 if chr(code) in " \t?:-" else 0 for code in range(256))


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


class _BoundExceededError(Exception):
    """A structural bound was passed at ``mark``; ``message`` says which."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


def _clearly_within_bounds(raw: bytes) -> bool:
    """True when the raw bytes alone prove there is no alias and the depth is within the bound."""
    if b"*" in raw:
        return False
    flow = raw.count(b"[") + raw.count(b"{")
    widest_lead = (MAX_YAML_DEPTH - 3 - flow) // 2  # depth <= flow + 2 * lead + 3
    return widest_lead >= 0 and b"\x01" * (widest_lead + 1) not in raw.translate(_LEAD_BYTES)


def _check_events(text: str) -> None:
    """Exact depth and alias-expansion check over libyaml's events; raise at the first event past a bound.

    ``open_`` holds, per open collection, its anchor, the node count and depth where it started and the
    deepest depth seen inside it, so an anchored collection's expanded size and height are known when it
    closes, and an alias costs what expanding it in place would.
    """
    parser = _BaseLoader(text)
    try:
        depth = nodes = added = 0
        open_: list[list[Any]] = []
        expanded: dict[str, tuple[int, int]] = {}  # anchor -> (nodes, height) when expanded
        while True:
            event = parser.get_event()
            if isinstance(event, ScalarEvent | AliasEvent):
                size, height = (1, 1) if isinstance(event, ScalarEvent) else expanded.get(str(event.anchor), (0, 0))
                if isinstance(event, AliasEvent):
                    added += size
                    if added > MAX_YAML_ALIAS_NODES:
                        raise _BoundExceededError(
                            f"aliases expand to more than {MAX_YAML_ALIAS_NODES:,} nodes; write the values out",
                            event.start_mark,
                        )
                elif event.anchor is not None:
                    expanded[event.anchor] = (1, 1)
                nodes += size
                _reach(depth + height, open_, event)
            elif isinstance(event, CollectionStartEvent):
                depth += 1
                nodes += 1
                _reach(depth, open_, event)
                open_.append([event.anchor, nodes, depth, depth])
            elif isinstance(event, CollectionEndEvent):
                anchor, start, start_depth, deepest = open_.pop()
                if anchor is not None:
                    expanded[anchor] = (nodes - start + 1, deepest - start_depth + 1)
                if open_:
                    open_[-1][3] = max(open_[-1][3], deepest)
                depth -= 1
            elif isinstance(event, StreamEndEvent):
                return
    finally:
        parser.dispose()


def _reach(depth: int, open_: list[list[Any]], event: Any) -> None:
    if depth > MAX_YAML_DEPTH:
        raise _BoundExceededError(f"nesting is deeper than {MAX_YAML_DEPTH} levels", event.start_mark)
    if open_ and depth > open_[-1][3]:
        open_[-1][3] = depth


def _at(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        return read_regular_file(path, MAX_CONFIG_BYTES, shown=shown)
    except FileNotFoundError:
        raise ConfigError([Problem(shown, "", "file not found")]) from None
    except UserFacingError as error:
        raise ConfigError(error.problems) from None


def read_yaml_mapping(path: Path, *, display: str | None = None) -> dict[str, Any]:
    """Return the top-level mapping of ``path`` or raise a ConfigError naming the file."""
    shown = display or str(path)
    raw = _read_bytes(path, shown)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError([Problem(shown, "", f"cannot read file: {error}")]) from None
    try:
        if not _clearly_within_bounds(raw):
            _check_events(text)
        loader = _StrictLoader(text)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except _BoundExceededError as error:
        raise ConfigError([Problem(shown, "", f"{error.message} (at {_at(error.mark)})")]) from None
    except yaml.MarkedYAMLError as error:
        message = error.problem or str(error)
        raise ConfigError([Problem(shown, "", f"invalid YAML at {_at(error.problem_mark)}: {message}")]) from None
    except yaml.YAMLError as error:
        raise ConfigError([Problem(shown, "", f"invalid YAML: {error}")]) from None
    if data is None:
        raise ConfigError([Problem(shown, "", "file is empty; expected an environment mapping")])
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise ConfigError([Problem(shown, "", f"top level must be a mapping, found {kind}")])
    return data
