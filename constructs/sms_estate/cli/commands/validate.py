"""``sms-estate validate ENV``: check a config without synthesizing anything.

Exit codes: 0 valid (warnings are printed), 2 invalid config.
"""

from __future__ import annotations

import argparse

from sms_estate.yaml_app.config import load_environment

NAME = "validate"
HELP = "Validate config/<ENV>.yaml (schema, references, service rules, quotas) and print what it declares."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("env", metavar="ENV", help="environment name (config/ENV.yaml) or a path to a YAML file")


def run(args: argparse.Namespace) -> int:
    environment = load_environment(args.env)
    for warning in environment.warnings:
        print(f"warning: {warning.render()}")
    counts = {
        "configuration set": len(environment.configuration_sets),
        "opt-out list": len(environment.opt_out_lists),
        "pool": len(environment.pools),
        "phone number": len(environment.phone_numbers),
        "registration": len(environment.registrations),
    }
    declared = ", ".join(f"{count} {kind}{'' if count == 1 else 's'}" for kind, count in counts.items())
    print(
        f"{environment.name}: valid; account {environment.account}, regions {', '.join(environment.regions)}; {declared}"
    )
    return 0
