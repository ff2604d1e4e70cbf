"""Where ``status`` finds the bulk rollout ledgers: the shard stacks' SSM parameters, one region at a time.

Each shard stack publishes its ledger table's (generated) name at
``/sms-estate/<env>/bulk-ledgers/<region>-<k>/table`` in its own region
(``RegistrationShardStack``; a synth test pins that this module builds the same name).

Why one ``GetParametersByPath`` under ``/sms-estate/<env>/bulk-ledgers/`` per region rather than one
``GetParameter`` per shard the config expects:

- cost: a page holds 10 parameters, so a region's shards cost ``ceil(shards / 10)`` requests (one for
  the usual ``shards <= 10``) instead of one request per shard;
- completeness: it also finds shards that are deployed but that the config no longer fills (their rows
  were removed or renamed; CDK does not delete their stacks and the ledger table is retained), whose
  rows are still part of the rollout's history. The config still says which shards *should* exist, so
  a shard missing from the listing is reported as not deployed yet (``sms_estate.cli.status_report.bulk_progress``).

Only one permission is needed besides the DynamoDB reads: ``ssm:GetParametersByPath`` on that path.
"""

from __future__ import annotations

from typing import Any

LEDGER_PATH = "/sms-estate/{environment}/bulk-ledgers"
LEDGER_ATTRIBUTE = "table"


def ledger_path(environment: str) -> str:
    """The path every shard's ledger parameter of ``environment`` lives under (no trailing slash)."""
    return LEDGER_PATH.format(environment=environment)


def ledger_parameter_name(environment: str, region: str, shard: int) -> str:
    """``/sms-estate/<env>/bulk-ledgers/<region>-<k>/table``: the parameter shard ``k`` of ``region`` writes."""
    return f"{ledger_path(environment)}/{region}-{shard}/{LEDGER_ATTRIBUTE}"


def find_ledger_tables(ssm: Any, environment: str, region: str) -> dict[int, str]:
    """``{shard index: ledger table name}`` for every shard of ``environment`` deployed in ``ssm``'s region.

    Parameters under the path that do not have the shard shape, or name another region, are ignored:
    they are not ours to interpret.
    """
    tables: dict[int, str] = {}
    pages = ssm.get_paginator("get_parameters_by_path").paginate(Path=ledger_path(environment), Recursive=True)
    for page in pages:
        for parameter in page.get("Parameters", []):
            shard = _shard_of(parameter["Name"], environment, region)
            if shard is not None:
                tables[shard] = parameter["Value"]
    return tables


def _shard_of(name: str, environment: str, region: str) -> int | None:
    shard_part, _, attribute = name.removeprefix(ledger_path(environment) + "/").partition("/")
    shard_region, _, index = shard_part.rpartition("-")
    if attribute != LEDGER_ATTRIBUTE or shard_region != region or not index.isdigit():
        return None
    return int(index)
