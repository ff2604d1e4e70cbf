"""The bulk section of ``status``'s table: one line per shard, a total, and the rows that failed.

Why a cap on the failed rows: a rollout of hundreds of rows can fail dozens at once (a shared field
wrong in every row); the shard table must stay on screen. ``--json`` carries every row.
"""

from __future__ import annotations

from sms_estate.cli.status_report.bulk_progress import BulkProgress, ShardProgress
from sms_estate.cli.status_report.table import table
from sms_estate.yaml_app.bulk.progress import Progress
from sms_runtime.bulk.ledger import STATUSES

FAILED_ROWS_SHOWN = 20
REASON_WIDTH = 160  # one screen line per failed row; the full message is in --json


def bulk_lines(bulk: BulkProgress, environment: str) -> list[str]:
    """The section's lines: a heading, the shard table with a TOTAL line, then failed rows (capped).

    A block of its own after the regions' blocks, because its total spans regions. A region whose
    ledger parameters could not be listed gets one line (shard "-"), after the shards that were found.
    """
    headers = ["REGION", "SHARD", "DONE/TOTAL", *STATUSES, "NOTE"]
    rows = [_shard_cells(shard) for shard in bulk.shards]
    rows += [[region.region, "-", *_no_counts(), region.note] for region in bulk.regions_not_readable]
    unread = f"not counted: {bulk.rows_not_read} rows of shards not read" if bulk.rows_not_read else ""
    rows.append(["TOTAL", "", *_counts(bulk.total), unread])
    lines = [
        "== bulk rollout ==",
        "",
        "Rows per shard (done = DONE or FAILED: the workflow has nothing left to do for the row)",
    ]
    lines += table(headers, rows)
    return lines + _failed_lines(bulk, environment)


def _shard_cells(shard: ShardProgress) -> list[str]:
    counts = _counts(shard.progress) if shard.progress else _no_counts()
    return [shard.region, str(shard.index), *counts, shard.note]


def _no_counts() -> list[str]:
    return ["-"] * (1 + len(STATUSES))


def _counts(progress: Progress) -> list[str]:
    return [f"{progress.done}/{progress.total}", *(str(progress.by_status.get(s, 0)) for s in STATUSES)]


def _failed_lines(bulk: BulkProgress, environment: str) -> list[str]:
    failed = [
        (f"{shard.region}/{shard.index}", row, reason)
        for shard in bulk.shards
        if shard.progress
        for row, reason in shard.progress.failed
    ]
    if not failed:
        return []
    lines = ["", f"Failed rows ({len(failed)})"]
    lines += table(
        ["SHARD", "ROW", "REASON"], [[where, row, _short(reason)] for where, row, reason in failed[:FAILED_ROWS_SHOWN]]
    )
    if len(failed) > FAILED_ROWS_SHOWN:
        more = len(failed) - FAILED_ROWS_SHOWN
        lines.append(f"  ... and {more} more failed rows: `sms-estate status {environment} --json` lists every one")
    return lines


def _short(reason: str) -> str:
    text = " ".join(reason.split()) or "(no reason recorded)"
    return text if len(text) <= REASON_WIDTH else text[: REASON_WIDTH - 3] + "..."
