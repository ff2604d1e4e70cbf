"""The environment file's JSON Schema and the ECMA 262 meaning of its regexes.

Why a module of its own: the loader validates with both, and the cross-service contract checks
(``contracts``), which the loader runs, read both too. Kept here, below both, neither imports the
other back (``tests/test_architecture.py`` refuses import cycles).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from sms_runtime.opt_out_sync import settings as sync


def package_schema() -> dict[str, Any]:
    """The environment file's JSON Schema (Draft 2020-12), as shipped in the package."""
    text = resources.files("sms_estate.yaml_app.config").joinpath("schema.json").read_text(encoding="utf-8")
    schema = dict(json.loads(text))
    _fill_sync_constants(schema)
    return schema


def _fill_sync_constants(schema: dict[str, Any]) -> None:
    """``opt_out_sync``'s modes, interval bounds and defaults, from the settings the Lambda reads.

    Why filled in here rather than written in ``schema.json``: the reconciler refuses a mode it does not
    know and the alarm math assumes the interval bounds; a hand-kept copy in the schema could accept a
    value the deployed function then rejects. The same constants, one definition.
    """
    keys = schema["properties"]["opt_out_sync"]["properties"]
    keys["mode"].update(enum=list(sync.SYNC_MODES), default=sync.DEFAULT_MODE)
    keys["interval_minutes"].update(
        minimum=sync.MIN_INTERVAL_MINUTES, maximum=sync.MAX_INTERVAL_MINUTES, default=sync.DEFAULT_INTERVAL_MINUTES
    )


def ecma_regex(pattern: str) -> re.Pattern[str]:
    """``pattern`` (a JSON Schema regex, ECMA 262) compiled for Python with ECMA's meaning of ``$``.

    Why: Python's ``$`` also matches before a final newline, so ``"^[0-9]{12}$"`` accepted
    ``"111111111111\\n"`` and an invalid account reached synth. In ECMA 262 (without the ``m`` flag)
    ``$`` matches only at the end, which is Python's ``\\Z``; every ``$`` outside a character class
    and not escaped is rewritten to it. ``^`` already means the start alone in both.
    """
    return _ecma_regex(pattern)


@cache
def _ecma_regex(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    escaped = in_class = False
    class_opened = -1  # index in ``pattern`` just past ``[`` (or ``[^``): a ``]`` there is literal
    for index, char in enumerate(pattern):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            if char == "^" and index == class_opened:
                class_opened += 1
            in_class = char != "]" or index == class_opened
        elif char == "[":
            in_class, class_opened = True, index + 1
        elif char == "$":
            out.append(r"\Z")
            continue
        out.append(char)
    return re.compile("".join(out))
