"""CDK entry point: ``cdk synth -c env=prod`` (default ``dev``). Composition only.

A config error prints ``file: path.to.key: message`` lines and exits 2 before any construct exists.
"""

from __future__ import annotations

import sys

import aws_cdk as cdk

from sms_estate.app_builder import add_environment, new_app
from sms_estate.config import load_environment
from sms_estate.errors import UserFacingError


def main() -> int:
    probe = cdk.App()  # only to read `-c env=...`; the real app is built with the repo's context
    name = str(probe.node.try_get_context("env") or "dev")
    try:
        environment = load_environment(name)
    except UserFacingError as error:
        print(error.render(), file=sys.stderr)
        return error.exit_code
    for warning in environment.warnings:
        print(f"warning: {warning.render()}", file=sys.stderr)
    app = new_app()
    add_environment(app, environment)
    app.synth()
    return 0


if __name__ == "__main__":
    sys.exit(main())
