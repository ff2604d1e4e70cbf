"""Where this repository's sample project lives, for tests that read or copy its files.

The package finds ``cdk.json`` and ``config/`` from the working directory at call time
(``sms_estate.yaml_app.cdk_json.project_dir``); tests that copy the samples somewhere else name the
repository's own copies here instead of asking the package.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = REPO_ROOT / "config"
