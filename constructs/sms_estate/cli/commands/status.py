"""``sms-estate status ENV [--json]``: every number and registration of an environment, read-only.

Why a command when the tracker notifies: notifications go to whoever subscribed; this answers "where
is everything right now?" for anyone with read access, across all the environment's regions. A 10DLC
chain (brand -> vetting score -> campaign -> numbers) and a Singapore sender ID registration -> sender ID
are shown link by link with what each waits for (``sms_estate.cli.status_report.chain``), since one
unapproved link holds up the rest. For an
environment with ``bulk``, it also answers "how far is the rollout?" from the shard ledgers
(``sms_estate.cli.status_report.bulk_progress``), which needs ``ssm:GetParametersByPath`` on
``/sms-estate/<env>/bulk-ledgers`` and ``dynamodb:Scan`` on the ledger tables. For an environment with
``opt_out_sync``, it shows each synced list's count, last sync, drift and pending copies per region from
the sync's table (``sms_estate.cli.status_report.opt_out_sync``), which needs read access to that table.

Exit codes: 0 everything was read; 2 nothing is printed: invalid config, no credentials, no network,
or the SMS API refused a read (the report is about the SMS resources, so it has no point without
them); 3 the report is printed but partial: AWS refused some bulk ledger read (a caller may read SMS
and not the ledgers), which the bulk section marks "not readable: <action> refused (<code>)" per
region or shard, ``--json`` as ``bulk_progress.all_readable: false``, and stderr says in one line.
Why 3 and not 0: a script must not take a partial rollout count for the whole one; why not 2: the
output is there and worth reading.

No network ends in seconds, not after the read budget: a run of connection failures stops the read
(``sms_estate.cli.status_report.collect.MAX_CONNECT_FAILURES``) and prints ``cannot reach the SMS API``;
an API that keeps throttling or failing until the budget is spent prints ``gave up``; both exit 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from typing import Any

import boto3
from botocore.config import Config

from sms_estate.cli.commands.aws_errors import UNREACHABLE, one_line_errors
from sms_estate.cli.status_report import BulkProgress, collect, collect_bulk, render_json, render_table
from sms_estate.cli.status_report.collect import READ_BUDGET_SECONDS, EndpointUnreachableError
from sms_estate.cli.status_report.opt_out_sync import collect_opt_out_sync
from sms_estate.yaml_app.config import load_environment
from sms_estate.yaml_app.errors import Problem, UserFacingError
from sms_runtime.sms_client import BudgetExhaustedError, single_attempt_config

NAME = "status"
HELP = (
    "List every phone number and registration of an environment, per region, with denial reasons, the 10DLC"
    " chain (brand, vetting score, campaign, numbers) and sender ID registrations with what each waits for,"
    " and the progress of a bulk rollout (read-only). Exit 0 all read, 2 nothing could be read,"
    " 3 printed but partial (some bulk ledger read refused)."
)

EXIT_PARTIAL = 3

# SSM and DynamoDB reads go through botocore's own retries (the SMS reads pace and retry in ``Api``).
_READ_CONFIG = Config(retries={"mode": "standard", "max_attempts": 5}, connect_timeout=10, read_timeout=30)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("environment", help="environment name (config/<name>.yaml) or a config file path")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def sms_client(region: str) -> Any:
    """A read-only caller's SMS client for ``region`` (credentials from the usual AWS chain)."""
    return boto3.client("pinpoint-sms-voice-v2", region_name=region, config=single_attempt_config())


def ssm_client(region: str) -> Any:
    """Finds the bulk shards' ledger tables (their names are generated, so the shards publish them)."""
    return boto3.client("ssm", region_name=region, config=_READ_CONFIG)


def dynamodb_client(region: str) -> Any:
    """Reads the bulk shards' ledgers."""
    return boto3.client("dynamodb", region_name=region, config=_READ_CONFIG)


def run(args: argparse.Namespace) -> int:
    environment = load_environment(args.environment)
    source = f"{environment.source.parent.name}/{environment.source.name}"
    try:
        with one_line_errors(source, "the SMS API", refused="the SMS API refused the read ({code}): {message}"):
            status = collect(environment, sms_client, now=time.time())
    except EndpointUnreachableError as error:
        raise UserFacingError([Problem(source, "", UNREACHABLE.format(service="the SMS API", error=error))]) from None
    except BudgetExhaustedError as error:
        message = f"gave up reading the SMS API after {READ_BUDGET_SECONDS:.0f} s of throttling or errors: {error}"
        raise UserFacingError([Problem(source, "", message)]) from None
    # A refused ledger read is reported inside the bulk section (``collect_bulk`` keeps it as data); the
    # ``refused`` template only covers a ``ClientError`` that escapes it.
    with one_line_errors(
        source, "SSM or DynamoDB", refused="reading bulk progress, {operation} was refused ({code}): {message}"
    ):
        status = replace(status, bulk=collect_bulk(environment, ssm_client, dynamodb_client))
    with one_line_errors(
        source, "DynamoDB", refused="reading the opt-out sync, {operation} was refused ({code}): {message}"
    ):
        status = replace(status, opt_out_sync=collect_opt_out_sync(environment, dynamodb_client, now=time.time()))
    sys.stdout.write(render_json(status) + "\n" if args.json else render_table(status))
    warnings = [_partial_warning(source, status.bulk)] if status.bulk is not None and status.bulk.refused else []
    if status.opt_out_sync is not None and status.opt_out_sync.refused:
        warnings.append(
            f"warning: {source}: partial output (exit {EXIT_PARTIAL}): the opt-out sync table read was refused,"
            " marked 'not readable' in the opt-out sync section"
        )
    for warning in warnings:
        print(warning, file=sys.stderr)
    return EXIT_PARTIAL if warnings else 0


def _partial_warning(source: str, bulk: BulkProgress) -> str:
    """One stderr line, so a partial report is noticed even when stdout goes to a file or a script."""
    refused = len(bulk.regions_not_readable) + sum(1 for s in bulk.shards if s.refusal is not None)
    return (
        f"warning: {source}: partial output (exit {EXIT_PARTIAL}): {refused} bulk ledger read(s) refused,"
        " marked 'not readable' in the bulk progress"
    )
