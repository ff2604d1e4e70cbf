"""``sms-estate status ENV [--json]``: every number and registration of an environment, read-only.

Why a command when the tracker notifies: notifications go to whoever subscribed; this answers "where
is everything right now?" for anyone with read access, across all the environment's regions. For an
environment with ``bulk``, it also answers "how far is the rollout?" from the shard ledgers
(``sms_estate.status_report.bulk_progress``), which needs ``ssm:GetParametersByPath`` on
``/sms-estate/<env>/bulk-ledgers`` and ``dynamodb:Scan`` on the ledger tables.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
)

from sms_estate.config import load_environment
from sms_estate.errors import Problem, UserFacingError
from sms_estate.status_report import collect, collect_bulk, render_json, render_table
from sms_runtime.sms_client import single_attempt_config

NAME = "status"
HELP = (
    "List every phone number and registration of an environment, per region, with denial reasons,"
    " and the progress of a bulk rollout (read-only)."
)

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
    with _one_line_errors(source, "the SMS API", "the SMS API refused the read ({code}): {message}"):
        status = collect(environment, sms_client, now=time.time())
    with _one_line_errors(
        source, "SSM or DynamoDB", "reading bulk progress, {operation} was refused ({code}): {message}"
    ):
        status = replace(status, bulk=collect_bulk(environment, ssm_client, dynamodb_client))
    sys.stdout.write(render_json(status) + "\n" if args.json else render_table(status))
    return 0


@contextmanager
def _one_line_errors(source: str, service: str, refused: str) -> Iterator[None]:
    """Turn what the caller can fix (credentials, network, permissions) into one line and exit 2.

    ``refused`` formats a ``ClientError`` with ``code``, ``message`` and ``operation``.
    """
    try:
        yield
    except NoCredentialsError:
        raise UserFacingError(
            [Problem(source, "", "no AWS credentials found: set AWS_PROFILE (or run `aws sso login`) and retry")]
        ) from None
    except (EndpointConnectionError, NoRegionError) as error:
        raise UserFacingError([Problem(source, "", f"cannot reach {service}: {error}")]) from None
    except ClientError as error:
        details = error.response.get("Error", {})
        message = refused.format(
            code=details.get("Code", ""), message=details.get("Message", ""), operation=error.operation_name
        )
        raise UserFacingError([Problem(source, "", message)]) from None
    except BotoCoreError as error:  # expired SSO token, partial credentials, timeouts: still one line
        raise UserFacingError([Problem(source, "", f"cannot read from {service}: {error}")]) from None
