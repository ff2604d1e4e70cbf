"""Alarms on the tracker's gauges (and on the tracker itself), all notifying the status topic.

Why these: REQUIRES_UPDATES reads like an unfinished form but is a denial; a registration still
CREATED/SUBMITTED a day after submission has not reached a reviewer; a PENDING number whose
registration was never submitted bills every month for nothing. A tracker that fails is silent, so
its errors alarm too.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from constructs import Construct

from sms_estate.tracking.dashboard import SPEND_METRIC, SPEND_NAMESPACE
from sms_runtime.tracking import metrics

SPEND_WARNING_FRACTION = 0.8


def alarm_name_prefix(environment: str, region: str) -> str:
    """Alarm names start with this; the topic policy's ``aws:SourceArn`` matches exactly these."""
    return f"SmsEstate-{environment}-{region}-"


def add_alarms(
    scope: Construct,
    *,
    environment: str,
    region: str,
    topic: sns.ITopic,
    function: lambda_.IFunction,
    poll_minutes: int,
    pending_hours: float,
    spend_limit_usd: float | None,
) -> list[cloudwatch.Alarm]:
    """The tracking alarms; each alarm action publishes to ``topic``."""
    prefix = alarm_name_prefix(environment, region)
    period = cdk.Duration.minutes(poll_minutes)
    dims = {"Environment": environment, "Region": region}

    def gauge(name: str) -> cloudwatch.Metric:
        return cloudwatch.Metric(
            namespace=metrics.NAMESPACE, metric_name=name, dimensions_map=dims, statistic="Maximum", period=period
        )

    specs: list[tuple[str, cloudwatch.IMetric, float, int, str]] = [
        (
            metrics.REQUIRING_UPDATES,
            gauge(metrics.REQUIRING_UPDATES),
            1,
            1,
            "A registration was DENIED (REQUIRES_UPDATES). The reasons are in the status notification "
            "and in `sms-estate status`; fix the config keys it names and redeploy.",
        ),
        (
            metrics.OVERDUE_FOR_REVIEW,
            gauge(metrics.OVERDUE_FOR_REVIEW),
            1,
            1,
            f"A registration is still CREATED/SUBMITTED more than {pending_hours:g} hours after submission; "
            "it normally reaches REVIEWING within 24 hours. Check it in the console or open a support case.",
        ),
        (
            metrics.PENDING_UNSUBMITTED,
            gauge(metrics.PENDING_UNSUBMITTED),
            1,
            2,
            "A phone number is PENDING because its registration was never submitted: it bills monthly and "
            "cannot send. Set submit: true on its registration (or release the number).",
        ),
        (
            "TrackerErrors",
            function.metric_errors(period=period, statistic="Sum"),
            1,
            1,
            "The registration status tracker failed; denials may go unnoticed until it runs again. See its logs.",
        ),
    ]
    if spend_limit_usd:
        threshold = round(spend_limit_usd * SPEND_WARNING_FRACTION, 2)
        specs.append(
            (
                "SpendNearLimit",
                cloudwatch.Metric(
                    namespace=SPEND_NAMESPACE,
                    metric_name=SPEND_METRIC,
                    statistic="Maximum",
                    period=cdk.Duration.hours(1),
                ),
                threshold,
                1,
                f"Monthly SMS spend passed {SPEND_WARNING_FRACTION:.0%} of the {spend_limit_usd:g} USD limit; "
                "sending stops at the limit. Request an increase in time.",
            )
        )
    alarms = []
    for name, metric, threshold, periods, description in specs:
        alarm = cloudwatch.Alarm(
            scope,
            f"{name}Alarm",
            alarm_name=f"{prefix}{name}",
            alarm_description=description,
            metric=metric,
            threshold=threshold,
            evaluation_periods=periods,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING
            if name in ("TrackerErrors", "SpendNearLimit")
            else cloudwatch.TreatMissingData.MISSING,
        )
        alarm.add_alarm_action(actions.SnsAction(topic))
        alarms.append(alarm)
    return alarms
