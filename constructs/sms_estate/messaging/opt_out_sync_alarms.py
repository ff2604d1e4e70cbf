"""The opt-out sync's drift alarms and dashboard widgets (home region): what says the lists disagree.

Why these: a number on one region's list and not another's is a person who said STOP and may be texted
after a failover. Drift while a pass is under way is normal; drift that outlasts one sync interval is
not, so each list alarms on its largest drift over the regions for two consecutive periods of the
interval. Missing data breaches: a reconciler that stopped publishing is as bad as one that finds drift.
The metrics are published by the reconciler (``sms_runtime.opt_out_sync``) with the dimensions
``settings.DIMENSIONS``.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_sns as sns
from constructs import Construct

from sms_estate.tracking.alarms import alarm_name_prefix
from sms_runtime.opt_out_sync.settings import (
    METRIC_COPIES,
    METRIC_DRIFT,
    METRIC_NAMESPACE,
    METRIC_OPTED_OUT,
    METRIC_SYNC_AGE,
    SyncSettings,
)

DRIFT_EVALUATION_PERIODS = 2
_WIDTH = 24
_THIRD = 8


def sync_metric(
    settings: SyncSettings, metric_name: str, opt_out_list: str, region: str, *, statistic: str = "Maximum"
) -> cloudwatch.Metric:
    """One (list, region) series the reconciler publishes, over one sync interval."""
    return cloudwatch.Metric(
        namespace=METRIC_NAMESPACE,
        metric_name=metric_name,
        dimensions_map={"Environment": settings.environment, "OptOutList": opt_out_list, "Region": region},
        statistic=statistic,
        period=cdk.Duration.minutes(settings.interval_minutes),
        label=region,
    )


def drift_alarm_name(settings: SyncSettings, opt_out_list: str) -> str:
    """Starts with the tracking alarms' prefix, so the tracking topic (and its key) accept the alarm."""
    return f"{alarm_name_prefix(settings.environment, settings.home_region)}OptOutDrift-{opt_out_list}"


def add_drift_alarms(
    scope: Construct, settings: SyncSettings, alarm_topic: sns.ITopic | None
) -> list[cloudwatch.Alarm]:
    """Per synced list: the largest drift over the regions > 0 for two intervals; missing data breaches."""
    alarms = []
    period = cdk.Duration.minutes(settings.interval_minutes)
    for opt_out_list in settings.lists:
        per_region = {
            f"r{index}": sync_metric(settings, METRIC_DRIFT, opt_out_list, region)
            for index, region in enumerate(settings.regions)
        }
        alarm = cloudwatch.Alarm(
            scope,
            f"DriftAlarm-{opt_out_list}",
            alarm_name=drift_alarm_name(settings, opt_out_list),
            alarm_description=(
                f"Opt-out list {opt_out_list} has disagreed across {', '.join(settings.regions)} for longer than "
                f"the {settings.interval_minutes}-minute sync interval, or the reconciler stopped reporting: a "
                f"person who opted out in one region may be texted from another. See `sms-estate status "
                f"{settings.environment}` and the reconciler's logs; `sms-estate opt-outs sync "
                f"{settings.environment}` reconciles at once."
            ),
            metric=cloudwatch.MathExpression(
                expression=f"MAX([{', '.join(per_region)}])",
                using_metrics=per_region,
                period=period,
                label=f"{opt_out_list}: largest drift over the regions",
            ),
            threshold=0,
            evaluation_periods=DRIFT_EVALUATION_PERIODS,
            datapoints_to_alarm=DRIFT_EVALUATION_PERIODS,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.BREACHING,
        )
        if alarm_topic is not None:
            alarm.add_alarm_action(actions.SnsAction(alarm_topic))
        alarms.append(alarm)
    return alarms


def sync_widgets(settings: SyncSettings, alarms: list[cloudwatch.Alarm]) -> list[list[cloudwatch.IWidget]]:
    """Rows of widgets: a header with the alarms, then per list its count, drift, copies and age per region."""
    header: list[cloudwatch.IWidget] = [
        cloudwatch.TextWidget(
            markdown=(
                f"## Opt-out sync: {settings.environment} across {', '.join(settings.regions)}\n"
                f"Every list's copies converge every {settings.interval_minutes} minutes ({settings.mode}). "
                f"Details: `sms-estate status {settings.environment}`."
            ),
            width=_WIDTH,
            height=2,
        )
    ]
    rows = [header]
    if alarms:
        rows.append([cloudwatch.AlarmStatusWidget(title="Opt-out drift alarms", alarms=alarms, width=_WIDTH)])
    for opt_out_list in settings.lists:

        def series(metric_name: str, statistic: str = "Maximum", name: str = opt_out_list) -> list[cloudwatch.IMetric]:
            return [sync_metric(settings, metric_name, name, r, statistic=statistic) for r in settings.regions]

        rows.append(
            [
                cloudwatch.GraphWidget(
                    title=f"{opt_out_list}: opted-out numbers", left=series(METRIC_OPTED_OUT), width=_THIRD
                ),
                cloudwatch.GraphWidget(
                    title=f"{opt_out_list}: drift (numbers missing from a region)",
                    left=series(METRIC_DRIFT),
                    left_y_axis=cloudwatch.YAxisProps(min=0),
                    width=_THIRD,
                ),
                cloudwatch.GraphWidget(
                    title=f"{opt_out_list}: copies (left) and seconds since sync (right)",
                    left=series(METRIC_COPIES, "Sum"),
                    right=series(METRIC_SYNC_AGE),
                    width=_THIRD,
                ),
            ]
        )
    return rows
