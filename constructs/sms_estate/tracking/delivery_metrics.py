"""Metric filters that turn SMS event records in CloudWatch Logs into delivery metrics.

The event destination writes one JSON record per event (``eventType``, ``messageStatus``...). Four
filters per log group: delivered, failed, blocked (counts) and every text event by ``messageStatus``
(a dimension taken from the record), which is what "failed and blocked, by reason" plots.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from aws_cdk import aws_logs as logs
from constructs import Construct

from sms_estate.tracking.dashboard import (
    BLOCKED,
    BLOCKED_EVENT_TYPES,
    BY_STATUS,
    DELIVERED,
    FAILED,
    FAILED_EVENT_TYPES,
    STATUS_DIMENSION,
)


def _any_event_type(event_types: Sequence[str]) -> logs.IFilterPattern:
    return logs.FilterPattern.any(*(logs.FilterPattern.string_value("$.eventType", "=", t) for t in event_types))


@functools.cache
def _patterns() -> dict[str, logs.IFilterPattern]:
    """The filter patterns, built once per process: the same for every log group, and each part of a
    pattern is a jsii round trip (about 60 per sample environment when built per log group)."""
    return {
        DELIVERED: logs.FilterPattern.string_value("$.eventType", "=", "TEXT_DELIVERED"),
        FAILED: _any_event_type(FAILED_EVENT_TYPES),
        BLOCKED: _any_event_type(BLOCKED_EVENT_TYPES),
        BY_STATUS: logs.FilterPattern.string_value("$.eventType", "=", "TEXT_*"),
    }


def add_delivery_metric_filters(scope: Construct, log_group_arns: Iterable[str], namespace: str) -> int:
    """Add the filters to each log group (an ARN, with or without the ``:*`` suffix); returns how many."""
    count = 0
    for index, log_group_arn in enumerate(log_group_arns):
        arn = log_group_arn.removesuffix(":*")
        group = logs.LogGroup.from_log_group_arn(scope, f"DeliveryLogs{index}", arn)
        patterns = _patterns()
        for metric_name in (DELIVERED, FAILED, BLOCKED):
            logs.MetricFilter(
                scope,
                f"{metric_name}Filter{index}",
                log_group=group,
                filter_pattern=patterns[metric_name],
                metric_namespace=namespace,
                metric_name=metric_name,
                metric_value="1",
            )
        logs.MetricFilter(
            scope,
            f"{BY_STATUS}Filter{index}",
            log_group=group,
            filter_pattern=patterns[BY_STATUS],
            metric_namespace=namespace,
            metric_name=BY_STATUS,
            metric_value="1",
            dimensions={STATUS_DIMENSION: "$.messageStatus"},
        )
        count += 1
    return count
