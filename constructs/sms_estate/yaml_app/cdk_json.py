"""The repository root and the context block of its ``cdk.json``, without importing the CDK.

Light on purpose: ``app.py`` reads the context before ``aws_cdk`` is imported (to fork the config
check, ``sms_estate.yaml_app.config.prefetch``), and ``app_builder`` gives the same context to every App.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[3]


def cdk_json_context(root: Path = REPO_ROOT) -> dict[str, Any]:
    """The ``context`` block of cdk.json (feature flags and package settings)."""
    data = json.loads((root / "cdk.json").read_text(encoding="utf-8"))
    return dict(data.get("context", {}))
