"""Environment config: YAML file -> schema check -> semantic checks -> typed model.

``load_environment`` is the only entry point the rest of the package uses. Every problem in a file is
collected and raised together as a :class:`sms_estate.yaml_app.errors.ConfigError` before any construct is
built, so a bad config never produces a partial app.

The names are resolved on first use: every construct module imports ``sms_estate.yaml_app.config.model``, and
that must not drag in the loader's YAML, JSON Schema and lint modules (0.17 s), which ``app.py``
imports only in the forked process that checks the config (``sms_estate.yaml_app.config.prefetch``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sms_estate.yaml_app.config.loader import list_environments, load_environment, project_config_dir
    from sms_estate.yaml_app.config.model import Environment

__all__ = ["Environment", "list_environments", "load_environment", "project_config_dir"]

_HOME = {
    "list_environments": "sms_estate.yaml_app.config.loader",
    "load_environment": "sms_estate.yaml_app.config.loader",
    "project_config_dir": "sms_estate.yaml_app.config.loader",
    "Environment": "sms_estate.yaml_app.config.model",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name]), name)
