"""Bulk rollout progress for ``status``: rows done / total per region and shard, from the shard ledgers.

Why in ``status`` and not only in the Step Functions console: an execution's history shows one
execution of one shard; the ledgers hold every row's outcome across executions and shards, and
``sms_estate.yaml_app.bulk.progress.summarize`` counts them the same way for any set of rows.

Four outcomes per shard, so one missing piece never hides the others: the ledger was read; the
shard is in the config but has published no ledger parameter (its stack is not deployed yet); the
parameter names a table that does not exist (deleted by hand, or a stack half-created); the Scan of
its table was refused (an IAM policy may allow some ledger tables and not others). A refused listing
of a region's parameters marks that whole region not readable (which shards it has is unknown).

Why refusals are data and not errors: ``status`` has already read the SMS registrations and numbers,
which a caller without the ledger permissions still wants; the command prints everything and exits
with its "partial" code. What no read could survive (no credentials, no network: botocore errors
other than a ``ClientError``) is still raised, for the caller to report as one line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from sms_estate.cli.status_report.ledger_tables import find_ledger_tables, ledger_parameter_name
from sms_estate.cli.status_report.refusal import Refusal
from sms_estate.yaml_app.bulk.progress import Progress, read_ledgers, summarize
from sms_estate.yaml_app.bulk.sharding import shards_in
from sms_estate.yaml_app.config.model import Environment
from sms_runtime.bulk.ledger import RowRecord

ClientFactory = Callable[[str], Any]

READ, NOT_DEPLOYED, TABLE_MISSING, NOT_READABLE = "read", "not-deployed", "table-missing", "not-readable"


@dataclass(frozen=True)
class ShardProgress:
    """One shard's state; ``progress`` is None unless ``state`` is READ, and ``note`` says why."""

    region: str
    index: int
    state: str
    rows_in_config: int  # 0 for a deployed shard the config no longer fills
    table: str = ""
    parameter: str = ""
    progress: Progress | None = None
    refusal: Refusal | None = None  # set when ``state`` is NOT_READABLE

    @property
    def note(self) -> str:
        if self.refusal is not None:
            return f"not readable: {self.refusal.summary}"
        if self.state == NOT_DEPLOYED:
            return f"not deployed yet: {self.rows_in_config} rows in config, no parameter {self.parameter}"
        if self.state == TABLE_MISSING:
            return f"ledger table {self.table} not found (named by {self.parameter})"
        return "" if self.rows_in_config else "no rows in config any more"


@dataclass(frozen=True)
class RegionNotReadable:
    """A region whose ledger parameters could not be listed: its shards (and their tables) are unknown."""

    region: str
    rows_in_config: int
    refusal: Refusal

    @property
    def note(self) -> str:
        rows = f"; {self.rows_in_config} rows in config" if self.rows_in_config else ""
        return f"not readable: {self.refusal.summary}{rows}"


@dataclass(frozen=True)
class BulkProgress:
    """Every shard of every region, and one count over all the ledgers read."""

    shards: tuple[ShardProgress, ...]
    total: Progress
    regions_not_readable: tuple[RegionNotReadable, ...] = ()

    @property
    def rows_not_read(self) -> int:
        """Rows of shards whose ledger could not be read: not in ``total`` (no ledger holds them)."""
        in_shards = sum(s.rows_in_config for s in self.shards if s.progress is None)
        return in_shards + sum(r.rows_in_config for r in self.regions_not_readable)

    @property
    def refused(self) -> bool:
        """Whether AWS refused some read: the progress shown is partial for a reason the caller can fix."""
        return bool(self.regions_not_readable) or any(s.state == NOT_READABLE for s in self.shards)


def collect_bulk(
    environment: Environment, ssm_client_for: ClientFactory, dynamodb_client_for: ClientFactory
) -> BulkProgress | None:
    """The progress of ``environment``'s bulk rollout, or None when its config has no ``bulk`` section.

    ``*_client_for(region)`` return boto3 clients with the caller's credentials.
    """
    if environment.bulk is None:
        return None
    shards: list[ShardProgress] = []
    records: list[RowRecord] = []
    not_readable: list[RegionNotReadable] = []
    for region in environment.regions:
        expected = {shard.index: len(shard.registrations) for shard in shards_in(environment, region)}
        try:
            tables = find_ledger_tables(ssm_client_for(region), environment.name, region)
        except ClientError as error:
            not_readable.append(RegionNotReadable(region, sum(expected.values()), Refusal.of("ssm", error)))
            continue
        for shard, shard_records in _shards(environment, region, expected, tables, dynamodb_client_for(region)):
            shards.append(shard)
            records += shard_records
    return BulkProgress(tuple(shards), summarize(records), tuple(not_readable))


def _shards(
    environment: Environment, region: str, expected: dict[int, int], tables: dict[int, str], dynamodb: Any
) -> Iterable[tuple[ShardProgress, list[RowRecord]]]:
    """Each shard the config expects or that published a ledger: read, not deployed, missing or refused."""
    for index in sorted(expected.keys() | tables.keys()):
        parameter = ledger_parameter_name(environment.name, region, index)
        rows, table = expected.get(index, 0), tables.get(index)
        if table is None:
            yield ShardProgress(region, index, NOT_DEPLOYED, rows, parameter=parameter), []
            continue
        try:
            records = read_ledgers(dynamodb, [table])
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
                yield ShardProgress(region, index, TABLE_MISSING, rows, table, parameter), []
            else:
                refusal = Refusal.of("dynamodb", error)
                yield ShardProgress(region, index, NOT_READABLE, rows, table, parameter, refusal=refusal), []
            continue
        yield ShardProgress(region, index, READ, rows, table, parameter, summarize(records)), records


def bulk_as_mapping(bulk: BulkProgress) -> dict[str, Any]:
    """The ``bulk_progress`` member of ``status --json``: every failed row, no cap (scripts want all).

    ``all_readable`` is false when AWS refused a read; ``refusal`` (per shard or in ``regions_not_readable``)
    says which action, with AWS's code and full message.
    """
    return {
        "all_readable": not bulk.refused,
        "total": _progress_json(bulk.total, with_failed=False),  # the failed rows are listed per shard
        "rows_in_shards_not_read": bulk.rows_not_read,
        "regions_not_readable": [
            {
                "region": region.region,
                "state": NOT_READABLE,
                "rows_in_config": region.rows_in_config,
                "note": region.note,
                "refusal": region.refusal.as_mapping(),
            }
            for region in bulk.regions_not_readable
        ],
        "shards": [
            {
                "region": shard.region,
                "shard": shard.index,
                "state": shard.state,
                "rows_in_config": shard.rows_in_config,
                "ledger_table": shard.table or None,
                "parameter": shard.parameter,
                "note": shard.note,
                "progress": _progress_json(shard.progress) if shard.progress else None,
                "refusal": shard.refusal.as_mapping() if shard.refusal else None,
            }
            for shard in bulk.shards
        ],
    }


def _progress_json(progress: Progress, *, with_failed: bool = True) -> dict[str, Any]:
    counts = {"done": progress.done, "total": progress.total, "by_status": dict(progress.by_status)}
    if not with_failed:
        return counts
    return {**counts, "failed": [{"row": row, "reason": reason} for row, reason in progress.failed]}
