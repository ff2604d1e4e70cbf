"""How the tools run a CDK synthesis in a child process: offline, with the project's pinned Node tools.

Shared by ``sms-estate synth-all`` (``cdk synth`` per environment) and the diff (``app.py`` per
revision, ``sms_estate.cli.diff.revisions``), so the diff's engine depends on this module, not on a
CLI command.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sms_estate.yaml_app.cdk_json import project_dir


def offline_environment(project: Path | None = None) -> dict[str, str]:
    """The subprocess environment: venv Node first, then the CLI pinned in ``project`` (default: the one
    run from), nothing that reaches for the network or AWS."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join(
        [str(Path(sys.executable).parent), str((project or project_dir()) / "node_modules" / ".bin"), env["PATH"]]
    )
    env.update(
        CDK_DISABLE_CLI_TELEMETRY="1",
        CDK_DISABLE_VERSION_CHECK="1",
        AWS_EC2_METADATA_DISABLED="true",
        JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION="1",
    )
    return env
