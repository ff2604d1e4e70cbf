"""``sms-estate status ENV [--json]``: every number and registration of an environment, read-only.

Why a command when the tracker notifies: notifications go to whoever subscribed; this answers "where
is everything right now?" for anyone with read access, across all the environment's regions.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

import boto3
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError, NoRegionError

from sms_estate.config import load_environment
from sms_estate.errors import Problem, UserFacingError
from sms_estate.status_report import collect, render_json, render_table
from sms_runtime.sms_client import single_attempt_config

NAME = "status"
HELP = "List every phone number and registration of an environment, per region, with denial reasons (read-only)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("environment", help="environment name (config/<name>.yaml) or a config file path")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def sms_client(region: str) -> Any:
    """A read-only caller's SMS client for ``region`` (credentials from the usual AWS chain)."""
    return boto3.client("pinpoint-sms-voice-v2", region_name=region, config=single_attempt_config())


def run(args: argparse.Namespace) -> int:
    environment = load_environment(args.environment)
    source = f"{environment.source.parent.name}/{environment.source.name}"
    try:
        status = collect(environment, sms_client, now=time.time())
    except NoCredentialsError:
        raise UserFacingError(
            [Problem(source, "", "no AWS credentials found: set AWS_PROFILE (or run `aws sso login`) and retry")]
        ) from None
    except (EndpointConnectionError, NoRegionError) as error:
        raise UserFacingError([Problem(source, "", f"cannot reach the SMS API: {error}")]) from None
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        message = error.response.get("Error", {}).get("Message", "")
        raise UserFacingError([Problem(source, "", f"the SMS API refused the read ({code}): {message}")]) from None
    sys.stdout.write(render_json(status) + "\n" if args.json else render_table(status))
    return 0
