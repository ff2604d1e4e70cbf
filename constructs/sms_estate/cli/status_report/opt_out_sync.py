"""The opt-out sync section of ``status``: per synced list and region, count, last sync, drift, pending.

Why from the sync's table and not from the lists themselves: counting a list pages
``DescribeOptedOutNumbers`` at 1 request/s (100 numbers a page), minutes for a large list; the
reconciler already counts every list on each complete pass and records it with the drift (numbers on
one region's list and not on another's) in the home region's table, which one read returns
(``sms_runtime.opt_out_sync.status.read``, the same reader the reconciler's metrics come from).

Three outcomes, so one missing piece never hides the rest of the report: read; the table does not
exist (the environment is not deployed with the sync yet); the read was refused (kept as a
:class:`Refusal`, as the bulk section does, and ``status`` exits with its "partial" code). Numbers
never appear here: the table keys are hashes and the section shows counts only.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from botocore.exceptions import ClientError

from sms_estate.cli.status_report.refusal import Refusal
from sms_estate.cli.status_report.table import table
from sms_estate.yaml_app.config.model import Environment
from sms_estate.yaml_app.opt_out_sync_settings import sync_settings
from sms_runtime.opt_out_sync import status as sync_status
from sms_runtime.opt_out_sync.settings import SyncSettings

ClientFactory = Callable[[str], Any]

READ, NOT_DEPLOYED, NOT_READABLE = "read", "not-deployed", "not-readable"
# A last sync older than this many intervals means the reconciler is not running (or cannot finish a pass).
STALE_INTERVALS = 2


@dataclass(frozen=True)
class SyncRow:
    """One list in one region, as the reconciler last recorded it, and what ``status`` notes about it."""

    recorded: sync_status.ListRegionStatus
    note: str

    @property
    def count(self) -> int | None:
        """Numbers on the list at its last complete pass (none before a first one)."""
        return self.recorded.count if self.recorded.last_sync is not None else None


@dataclass(frozen=True)
class OptOutSyncStatus:
    """The sync of one environment: where its table is, and a row per (list, region) when it was read."""

    table: str
    home_region: str
    regions: tuple[str, ...]
    interval_minutes: int
    state: str
    rows: tuple[SyncRow, ...] = ()
    refusal: Refusal | None = None

    @property
    def refused(self) -> bool:
        return self.state == NOT_READABLE


def collect_opt_out_sync(
    environment: Environment, dynamodb_client_for: ClientFactory, *, now: float
) -> OptOutSyncStatus | None:
    """The sync's state, or None when ``environment`` declares no ``opt_out_sync``.

    ``dynamodb_client_for(region)`` returns a boto3 client with the caller's credentials; only the home
    region's is asked for. Errors other than a refused or missing table (no credentials, no network)
    are raised for the command to report in one line.
    """
    settings = sync_settings(environment)
    if settings is None:
        return None
    base = OptOutSyncStatus(
        settings.table, settings.home_region, settings.regions, settings.interval_minutes, NOT_DEPLOYED
    )
    try:
        statuses = sync_status.read(settings, dynamodb=dynamodb_client_for(settings.home_region))
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
            return base
        return replace(base, state=NOT_READABLE, refusal=Refusal.of("dynamodb", error))
    return replace(base, state=READ, rows=tuple(_row(settings, s, now) for s in statuses))


def _row(settings: SyncSettings, status: sync_status.ListRegionStatus, now: float) -> SyncRow:
    if status.error:
        note = f"last run failed: {status.error}"
    elif status.last_run is None:
        note = "the reconciler has not run yet"
    elif status.last_sync is None:
        note = "no complete pass yet"
    elif now - status.last_sync > STALE_INTERVALS * settings.interval_minutes * 60:
        note = f"stale: no complete pass for over {STALE_INTERVALS} intervals; is the reconciler running?"
    else:
        note = ""
    return SyncRow(status, note)


def when(epoch: float | None) -> str:
    """``2026-12-05 04:10 UTC``, or ``never``: minutes are as precise as a schedule in minutes needs."""
    if epoch is None:
        return "never"
    return datetime.datetime.fromtimestamp(epoch, datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _number(value: int | None) -> str:
    return "-" if value is None else str(value)


def sync_lines(sync: OptOutSyncStatus) -> list[str]:
    """The section's lines: a heading naming table and regions, then one row per list and region."""
    lines = [
        "== opt-out sync ==",
        "",
        f"Opt-outs kept as one set across {', '.join(sync.regions)} (table {sync.table} in {sync.home_region},"
        f" reconciled every {sync.interval_minutes} min; drift = numbers on another region's list, not this one)",
    ]
    if sync.state == NOT_DEPLOYED:
        return [*lines, f"  not deployed yet: no table {sync.table} in {sync.home_region}"]
    if sync.refusal is not None:
        return [*lines, f"  not readable: {sync.refusal.summary}"]
    if not sync.rows:
        return [*lines, "  (the reconciler has not run yet)"]
    headers = ["LIST", "REGION", "OPTED OUT", "LAST SYNC", "DRIFT", "PENDING", "NOTE"]
    return lines + table(headers, [_cells(row) for row in sync.rows])


def _cells(row: SyncRow) -> list[str]:
    recorded = row.recorded
    return [
        recorded.list,
        recorded.region,
        _number(row.count),
        when(recorded.last_sync),
        _number(recorded.drift),
        str(recorded.pending),
        row.note,
    ]


def sync_as_mapping(sync: OptOutSyncStatus) -> dict[str, Any]:
    """The ``opt_out_sync`` member of ``status --json``: ``last_sync`` in epoch seconds (null: never)."""
    return {
        "table": sync.table,
        "home_region": sync.home_region,
        "regions": list(sync.regions),
        "interval_minutes": sync.interval_minutes,
        "state": sync.state,
        "refusal": sync.refusal.as_mapping() if sync.refusal else None,
        "lists": [_row_json(row) for row in sync.rows],
    }


def _row_json(row: SyncRow) -> dict[str, Any]:
    recorded = row.recorded
    return {
        "list": recorded.list,
        "region": recorded.region,
        "count": row.count,
        "last_sync": recorded.last_sync,
        "drift": recorded.drift,
        "pending": recorded.pending,
        "error": recorded.error,
        "note": row.note,
    }
