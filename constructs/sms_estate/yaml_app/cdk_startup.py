"""Start the CDK runtime for ``app.py``: aws_cdk's Python modules import on one core while Node loads cdk-nag.

Why: importing ``aws_cdk`` starts jsii's Node process and loads aws-cdk-lib; ``cdk_nag`` then has Node
load its own assembly (about 0.2 s, spent in Node while Python waits on jsii's pipe). The aws_cdk
submodules the constructs use (``aws_lambda`` alone pulls in ``aws_ec2``, ``aws_s3`` and more) are
large generated Python modules, about 0.3 s of pure-Python imports that never talk to Node (none
sends a jsii request when imported: their classes register with jsii's Python-side type map only).
So a thread imports them while the main thread waits for cdk-nag: the two costs overlap on the
machine's two cores instead of adding up. Nothing else changes: the same modules end up imported and
the templates are the same bytes.

Safety: the thread only imports aws_cdk submodules and only while the main thread imports nothing but
``cdk_nag`` (which needs ``aws_cdk`` and ``constructs`` alone, both imported before the thread starts);
the main thread joins it before importing anything else, so no two threads ever import one module, and
no jsii request is ever sent from two threads at once. A submodule that fails to import in the thread
(whatever the error) is left out of ``sys.modules`` and imported again by the first module that needs it,
which raises the error where it always did; the thread itself prints nothing.
"""

from __future__ import annotations

import importlib
import threading

# The aws_cdk submodules the package's constructs import (tests/yaml_app/test_cdk_startup.py keeps the list
# complete); their own dependencies (aws_ec2, aws_ecr, ...) come with them. Not ``aws_stepfunctions``: only
# environments with ``bulk`` load it (``sms_estate.yaml_app.bulk``), and every other synth skips its cost.
CDK_SUBMODULES = (
    "aws_lambda",
    "aws_cloudwatch",
    "aws_cloudwatch_actions",
    "aws_dynamodb",
    "aws_events",
    "aws_events_targets",
    "aws_iam",
    "aws_kinesisfirehose",
    "aws_kms",
    "aws_logs",
    "aws_s3",
    "aws_s3_assets",
    "aws_smsvoice",
    "aws_sns",
    "aws_sns_subscriptions",
    "aws_ssm",
    "custom_resources",
    "interfaces",
)


def start_cdk() -> None:
    """Import ``aws_cdk`` and ``cdk_nag`` (starting jsii), with :data:`CDK_SUBMODULES` imported alongside."""
    import aws_cdk  # noqa: F401  (starts jsii's Node process and loads aws-cdk-lib; the thread needs it)

    thread = threading.Thread(target=_import_submodules, name="sms-estate-cdk-imports", daemon=True)
    thread.start()
    try:
        import cdk_nag  # noqa: F401  (Node loads the cdk-nag assembly while the thread imports)
    finally:
        thread.join()


def _import_submodules() -> None:
    for name in CDK_SUBMODULES:
        try:
            importlib.import_module(f"aws_cdk.{name}")
        except Exception:  # any failure is raised again, once, by the import of the module that needs it
            continue
