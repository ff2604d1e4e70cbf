"""The one way this package declares a Lambda function running ``custom_resources/`` (``sms_runtime``).

The custom-resource handlers, the bulk rollout's row step and starter, and the registration tracker
all run the same asset on the same runtime; declaring them in one place keeps their runtime,
architecture, memory and log retention from drifting apart.

Every function gets its own log group with a retention, and its role may write to that group alone
(``logs:CreateLogStream``, ``logs:PutLogEvents`` on the group's ARN): the handlers' decision lines
(``sms_runtime.decision_log``) are the only record of what a deploy bought, released or submitted, so a
role that cannot write them must not exist. ``tests/yaml_app/stacks/test_function_logging.py`` walks every
synthesized template for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

RUNTIME_DIR = Path(__file__).resolve().parents[2] / "custom_resources"
ASSET_EXCLUDES = ["**/__pycache__", "**/*.pyc", "*.egg-info", "**/*.egg-info", ".mypy_cache", ".pytest_cache"]


def runtime_code() -> lambda_.Code:
    """The ``custom_resources`` folder as a Lambda asset (stdlib + boto3 code only, no caches)."""
    return lambda_.Code.from_asset(str(RUNTIME_DIR), exclude=ASSET_EXCLUDES)


def runtime_function(
    scope: Construct,
    construct_id: str,
    *,
    handler: str,
    role: iam.IRole,
    timeout: cdk.Duration,
    description: str,
    code: lambda_.Code | None = None,
    log_group: logs.ILogGroup | None = None,
    environment: Mapping[str, str] | None = None,
    layers: Sequence[lambda_.ILayerVersion] | None = None,
) -> lambda_.Function:
    """Python 3.14 on arm64, 256 MB; without ``log_group``, a ``<id>Logs`` group kept one year.

    ``role`` is granted writing to the log group either way (CDK skips an imported role, which must
    then allow it itself).
    """
    group = log_group or logs.LogGroup(scope, f"{construct_id}Logs", retention=logs.RetentionDays.ONE_YEAR)
    group.grant_write(role)
    return lambda_.Function(
        scope,
        construct_id,
        runtime=lambda_.Runtime.PYTHON_3_14,
        architecture=lambda_.Architecture.ARM_64,
        handler=handler,
        code=code or runtime_code(),
        role=role,
        timeout=timeout,
        memory_size=256,
        log_group=group,
        environment=dict(environment) if environment else None,
        layers=list(layers) if layers else None,
        description=description,
    )
