"""Per list and region: how many opted out, when last reconciled, and how far the regions drift apart.

Read from the sync's table only (no SMS calls): ``sms-estate status`` shows it without spending the
1/s DescribeOptedOutNumbers quota the reconciler needs. Drift here is the number of writes still owed
into the region (copies or opt-ins not yet landed there): the numbers on one list but not another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sms_runtime.opt_out_sync.settings import SyncSettings
from sms_runtime.opt_out_sync.store import Store, Watermark, queue_key, watermark_key


@dataclass(frozen=True)
class ListRegionStatus:
    """One synced list in one region. ``drift`` and ``count`` are None until a first complete pass."""

    list: str
    region: str
    count: int | None
    last_sync: float | None
    drift: int | None
    pending: int
    error: str
    last_run: float | None = None


def read(settings: SyncSettings, *, dynamodb: Any) -> list[ListRegionStatus]:
    """Every (list, region) of ``settings``, in settings order (the table must exist: DynamoDB errors propagate)."""
    store = Store(dynamodb, settings.table)
    rows: list[ListRegionStatus] = []
    for opt_out_list in settings.lists:
        for region in settings.regions:
            mark = Watermark.from_body(store.get(watermark_key(opt_out_list, region)).body)
            pending = len(store.get(queue_key(opt_out_list, region)).body.get("hashes", []))
            complete = mark.last_complete_at is not None
            rows.append(
                ListRegionStatus(
                    list=opt_out_list,
                    region=region,
                    count=mark.count,
                    last_sync=mark.last_complete_at,
                    drift=pending if complete else None,
                    pending=pending,
                    error=mark.error,
                    last_run=mark.last_run_at,
                )
            )
    return rows
