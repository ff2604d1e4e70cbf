"""Loads the lint's word and domain lists from ``data/`` once per process.

Lists live in JSON so they can be reviewed and extended without touching rule code.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from typing import Any


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The parsed ``data/<name>.json`` object."""
    text = importlib.resources.files("sms_runtime.lint").joinpath("data", f"{name}.json").read_text("utf-8")
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"lint data file {name}.json must hold a JSON object")
    return data


@functools.cache
def words(name: str, key: str) -> tuple[str, ...]:
    """A list of strings from ``data/<name>.json``."""
    return tuple(str(item) for item in load(name)[key])
