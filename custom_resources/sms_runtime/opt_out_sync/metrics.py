"""The reconciler's gauges, as Embedded Metric Format lines on the tracking namespace.

Why EMF (as the tracking Lambda): CloudWatch extracts the metrics from the log line, so there is no
PutMetricData call to permit or to fail. Every (list, region) is emitted on every run, zeros included:
a run that emits nothing is what the drift alarm (missing data = breaching) is meant to catch.
"""

from __future__ import annotations

from collections.abc import Iterable

from sms_runtime.opt_out_sync.reconcile import LinkStatus
from sms_runtime.opt_out_sync.settings import (
    METRIC_COPIES,
    METRIC_DRIFT,
    METRIC_OPTED_OUT,
    METRIC_SYNC_AGE,
    SyncSettings,
)
from sms_runtime.tracking.metrics import emf_document


def emf_lines(settings: SyncSettings, links: Iterable[LinkStatus], *, now: float) -> list[str]:
    """One EMF document per (list, region) with count, drift, copies and seconds since the last full pass."""
    lines = []
    for link in links:
        values = {METRIC_DRIFT: link.drift, METRIC_COPIES: link.puts + link.deletes}
        if link.count is not None:
            values[METRIC_OPTED_OUT] = link.count
        if link.last_complete_at is not None:
            values[METRIC_SYNC_AGE] = max(0, round(now - link.last_complete_at))
        dimensions = {"Environment": settings.environment, "OptOutList": link.list, "Region": link.region}
        lines.append(emf_document(now, dimensions, values))
    return lines
