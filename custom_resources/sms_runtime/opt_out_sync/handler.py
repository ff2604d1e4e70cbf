"""Lambda entry points of the opt-out sync: the scheduled reconciler and the two-way fast path.

Module path strings the construct uses: ``sms_runtime.opt_out_sync.handler.reconcile_handler`` and
``sms_runtime.opt_out_sync.handler.inbound_handler``. Both read :class:`SyncSettings` from the
environment and build one SMS client per region (single attempt: ``sms_client.Api`` retries) and the
home region's DynamoDB client, once per cold start, after checking the runtime's botocore knows every
call (:func:`sms_runtime.api_contract.require_supported`).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from typing import Any

import boto3

from sms_runtime import api_contract, decision_log
from sms_runtime.opt_out_sync import fast_path, reconcile
from sms_runtime.opt_out_sync.metrics import emf_lines
from sms_runtime.opt_out_sync.settings import SyncSettings
from sms_runtime.sms_client import SystemClock, lambda_budget, single_attempt_config

_DEFAULT_BUDGET_SECONDS = 240.0  # without a Lambda context (local runs)


@functools.cache
def clients(home_region: str, regions: tuple[str, ...]) -> tuple[dict[str, Any], Any]:
    """SMS clients per region and the table's DynamoDB client (cached per cold start)."""
    sms = {
        region: boto3.client("pinpoint-sms-voice-v2", region_name=region, config=single_attempt_config())
        for region in regions
    }
    dynamodb = boto3.client("dynamodb", region_name=home_region)
    api_contract.require_supported({api_contract.SMS: sms[home_region], api_contract.DYNAMODB: dynamodb})
    return sms, dynamodb


def reconcile_handler(event: Mapping[str, Any], context: Any) -> dict[str, Any]:
    """The scheduled run: reconcile within the invocation's time, then emit the gauges."""
    settings = SyncSettings.from_environment(os.environ)
    sms, dynamodb = clients(settings.home_region, settings.regions)
    clock = SystemClock()
    report = reconcile.run(
        settings,
        sms=sms,
        dynamodb=dynamodb,
        clock=clock,
        budget_seconds=lambda_budget(context, _DEFAULT_BUDGET_SECONDS),
    )
    for line in emf_lines(settings, report.links, now=clock.epoch()):
        print(line, flush=True)
    summary = {
        "action": "opt-out-reconcile",
        "settled": report.settled,
        "budgetExhausted": report.budget_exhausted,
        "copies": sum(link.puts for link in report.links),
        "optIns": sum(link.deletes for link in report.links),
        "pending": sum(link.pending for link in report.links),
        "errors": sorted(f"{lst}/{region}:{code}" for (lst, region), code in report.errors.items()),
    }
    decision_log.write(summary)
    return summary


def inbound_handler(event: Mapping[str, Any], context: Any) -> dict[str, Any]:
    """SNS delivery of two-way messages received in this function's region."""
    del context  # one message copies to a few regions: well inside any timeout the construct sets
    settings = SyncSettings.from_environment(os.environ)
    sms, dynamodb = clients(settings.home_region, settings.regions)
    region = os.environ["AWS_REGION"]
    outcomes = fast_path.handle(event, settings, region=region, sms=sms, dynamodb=dynamodb, clock=SystemClock())
    return {"outcomes": [{"result": o.result, "list": o.list, "pending": list(o.pending)} for o in outcomes]}
