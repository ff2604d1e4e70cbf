"""``sms-estate plan ENV``: the quota increases to request before deploying ENV (read-only).

Exit codes: 0 everything fits, 1 some limit is short (the increases are listed), 2 invalid config or
no access to the account (no credentials, access denied).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

import boto3

from sms_estate.cli.commands.aws_errors import UNREACHABLE, one_line_errors
from sms_estate.yaml_app.bulk.account_limits import LimitCheck, plan
from sms_estate.yaml_app.config import load_environment

NAME = "plan"
HELP = "Compare what config/<ENV>.yaml needs per region with the account's limits; list quota increases to request."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("env", metavar="ENV", help="environment name (config/ENV.yaml) or a path to a YAML file")
    parser.add_argument("--json", action="store_true", help="print the plan as JSON")


def sms_client(region: str) -> Any:
    """A real client for ``region`` (tests serve it from the fakes through boto3's default session)."""
    return boto3.client("pinpoint-sms-voice-v2", region_name=region)


def run(args: argparse.Namespace) -> int:
    environment = load_environment(args.env)
    with one_line_errors(
        environment.name,
        "the SMS API",
        refused="DescribeAccountLimits failed: {code}: {error}",
        no_credentials="no AWS credentials: plan reads DescribeAccountLimits in the account",
        other=UNREACHABLE,
    ):
        checks = plan(environment, sms_client)
    print(_json(checks) if args.json else _table(environment.name, environment.account, checks))
    return 1 if any(check.increase for check in checks) else 0


def _json(checks: Sequence[LimitCheck]) -> str:
    return json.dumps(
        [
            {
                "region": c.region,
                "limit": c.name,
                "needed": c.needed,
                "used": c.used,
                "max": c.maximum,
                "reported": c.reported,
                "increase": c.increase,
                "request_max": c.requested_maximum,
            }
            for c in checks
        ],
        indent=2,
    )


def _table(name: str, account: str, checks: Sequence[LimitCheck]) -> str:
    lines = [f"{'region':<12} {'limit':<20} {'config':>7} {'in use':>7} {'max':>6}  verdict"]
    for c in checks:
        marker = "" if c.reported else " (default; not reported)"
        verdict = f"SHORT: request max {c.requested_maximum} (+{c.increase})" if c.increase else "fits"
        lines.append(f"{c.region:<12} {c.name:<20} {c.needed:>7} {c.used:>7} {c.maximum:>6}  {verdict}{marker}")
    short = [c for c in checks if c.increase]
    if short:
        lines.append(f"\n{name} (account {account}) needs {len(short)} quota increase(s) before deploying:")
        lines += [f"  - {c.region}: {c.name} to at least {c.requested_maximum}" for c in short]
    else:
        lines.append(f"\n{name} (account {account}) fits the account's limits in every region.")
    return "\n".join(lines)
