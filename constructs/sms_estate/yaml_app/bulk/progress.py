"""Progress of bulk rollouts, for the ``status`` command: rows done / total, by status.

The ledger of each shard (a DynamoDB table, ``sms_runtime.bulk.ledger``) holds one record per row;
this only counts them. ``read_ledgers`` reads the tables of an environment's shard stacks with a
caller-supplied client, so ``status`` decides how it finds tables and credentials.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sms_runtime.bulk.ledger import DONE, FAILED, STATUSES, DynamoLedger, RowRecord


@dataclass(frozen=True)
class Progress:
    """``done`` counts rows that need no more work (DONE or FAILED); ``failed`` lists why rows stopped."""

    total: int
    done: int
    by_status: Mapping[str, int]
    failed: tuple[tuple[str, str], ...]  # (row, reason)

    def render(self) -> str:
        counts = ", ".join(f"{self.by_status[s]} {s.lower()}" for s in STATUSES if self.by_status.get(s))
        return f"{self.done}/{self.total} rows done ({counts or 'no rows'})"


def summarize(records: Iterable[RowRecord]) -> Progress:
    """Count ``records`` by status; the registration status reached is in each DONE row's ``detail``."""
    rows = list(records)
    by_status = Counter(row.status for row in rows)
    return Progress(
        total=len(rows),
        done=by_status[DONE] + by_status[FAILED],
        by_status={status: by_status[status] for status in STATUSES if by_status[status]},
        failed=tuple(sorted((row.key, row.detail) for row in rows if row.status == FAILED)),
    )


def read_ledgers(dynamodb: Any, tables: Iterable[str]) -> list[RowRecord]:
    """Every row record in ``tables`` (the ``Rollout/Ledger`` tables of the shard stacks)."""
    return [record for table in tables for record in DynamoLedger(dynamodb, table).records()]
