"""The per-environment, per-region CloudWatch dashboard body, generated as plain data.

Why a pure function rather than CDK widget classes: the same body feeds the stack, the test that
asserts its widgets and metric names, and ``tools/render_dashboard.py`` which draws the checked-in
picture, so what people see in the docs is what gets deployed. Layout, top to bottom: what needs
attention now, registrations and numbers, message delivery, spend.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sms_runtime.tracking import metrics

TRACKING_NAMESPACE = metrics.NAMESPACE
SPEND_NAMESPACE = "AWS/SMSVoice"
SPEND_METRIC = "TextMessageMonthlySpend"
DELIVERED, FAILED, BLOCKED, BY_STATUS = "TextDelivered", "TextFailed", "TextBlocked", "TextEventsByStatus"
STATUS_DIMENSION = "MessageStatus"
# Event types (EventType enum) that end a message's life badly, split the way people triage them.
FAILED_EVENT_TYPES = (
    "TEXT_INVALID",
    "TEXT_INVALID_MESSAGE",
    "TEXT_UNREACHABLE",
    "TEXT_CARRIER_UNREACHABLE",
    "TEXT_TTL_EXPIRED",
    "TEXT_UNKNOWN",
)
BLOCKED_EVENT_TYPES = ("TEXT_BLOCKED", "TEXT_CARRIER_BLOCKED", "TEXT_SPAM", "TEXT_PROTECT_BLOCKED")
# messageStatus values (user guide, event record attributes) shown in "by reason".
FAILURE_STATUSES = (
    "INVALID",
    "INVALID_MESSAGE",
    "UNREACHABLE",
    "CARRIER_UNREACHABLE",
    "TTL_EXPIRED",
    "UNKNOWN",
    "BLOCKED",
    "CARRIER_BLOCKED",
    "SPAM",
    "UNROUTABLE",
)
_WIDTH = 24
_HALF = 12


@dataclass(frozen=True)
class DashboardSpec:
    """Everything the body depends on (strings may be CDK tokens when built inside a stack)."""

    environment: str
    region: str
    delivery_namespace: str
    has_delivery_logs: bool
    alarm_arns: Sequence[str] = ()
    spend_limit_usd: float | None = None
    config_file: str = ""


def delivery_namespace(environment: str) -> str:
    """Where the log metric filters publish: one namespace per environment, region-scoped by CloudWatch."""
    return f"SmsEstate/{environment}/TextEvents"


def dashboard_body(spec: DashboardSpec, extra_rows: Sequence[Sequence[Mapping[str, Any]]] = ()) -> dict[str, Any]:
    """The dashboard body as CloudWatch expects it (``{"widgets": [...]}``), in reading order.

    ``extra_rows`` (widget bodies, without positions) follow at the bottom, one row each, left to right:
    what other constructs of the region add (the opt-out sync's drift, counts and copies).
    """
    dims = ["Environment", spec.environment, "Region", spec.region]
    widgets: list[dict[str, Any]] = []
    y = 0

    def place(kind: str, width: int, height: int, properties: dict[str, Any], x: int = 0) -> None:
        widgets.append({"type": kind, "x": x, "y": y, "width": width, "height": height, "properties": properties})

    header = (
        f"# SMS estate: {spec.environment} in {spec.region}\n"
        "Registration review takes days to weeks. **REQUIRES_UPDATES means denied**: the reasons are on the "
        "denied version and in the status notification. Details: `sms-estate status "
        f"{spec.environment}`" + (f"; config: `{spec.config_file}`" if spec.config_file else "") + "."
    )
    place("text", _WIDTH, 2, {"markdown": header})
    y += 2
    if spec.alarm_arns:
        place(
            "alarm", _WIDTH, 3, {"title": "Alarms", "alarms": list(spec.alarm_arns), "sortBy": "stateUpdatedTimestamp"}
        )
        y += 3
    place(
        "metric",
        _HALF,
        5,
        _metric_props(
            "Needs attention now",
            [
                [TRACKING_NAMESPACE, metrics.REQUIRING_UPDATES, *dims, {"label": "Denied (REQUIRES_UPDATES)"}],
                [TRACKING_NAMESPACE, metrics.OVERDUE_FOR_REVIEW, *dims, {"label": "Waiting for review too long"}],
                [TRACKING_NAMESPACE, metrics.PENDING_UNSUBMITTED, *dims, {"label": "Numbers PENDING, unsubmitted"}],
            ],
            spec.region,
            view="singleValue",
            stat="Maximum",
        ),
    )
    place("metric", _HALF, 5, _spend_props(spec), x=_HALF)
    y += 5
    place(
        "metric",
        _HALF,
        6,
        _by_status("Registrations by status", metrics.REGISTRATIONS, metrics.REGISTRATION_STATUSES, dims, spec.region),
    )
    place(
        "metric",
        _HALF,
        6,
        _by_status("Phone numbers by status", metrics.PHONE_NUMBERS, metrics.NUMBER_STATUSES, dims, spec.region),
        x=_HALF,
    )
    y += 6
    if spec.has_delivery_logs:
        namespace = spec.delivery_namespace
        place(
            "metric",
            _HALF,
            6,
            _metric_props(
                "Text messages: delivered, failed, blocked (per hour)",
                [
                    [namespace, DELIVERED, {"label": "Delivered", "color": "#2ca02c"}],
                    [namespace, FAILED, {"label": "Failed", "color": "#ff7f0e"}],
                    [namespace, BLOCKED, {"label": "Blocked", "color": "#d62728"}],
                ],
                spec.region,
                view="timeSeries",
                stat="Sum",
                period=3600,
            ),
        )
        place(
            "metric",
            _HALF,
            6,
            _metric_props(
                "Failed and blocked, by reason (messageStatus, per hour)",
                [[namespace, BY_STATUS, STATUS_DIMENSION, s, {"label": s}] for s in FAILURE_STATUSES],
                spec.region,
                view="bar",
                stat="Sum",
                period=3600,
            ),
            x=_HALF,
        )
    else:
        place(
            "text",
            _WIDTH,
            2,
            {
                "markdown": "### Message delivery\nNo CloudWatch Logs event destination in this region: add one "
                "to a configuration set to see delivered, failed and blocked messages here."
            },
        )
    y = max((w["y"] + w["height"] for w in widgets), default=0)
    for row in extra_rows:
        x = 0
        for widget in row:
            widgets.append({**widget, "x": x, "y": y})
            x += int(widget["width"])
        y += max((int(w["height"]) for w in row), default=0)
    return {"widgets": widgets}


def _metric_props(
    title: str,
    metric_rows: list[list[Any]],
    region: str,
    *,
    view: str,
    stat: str,
    period: int = 3600,
    stacked: bool = False,
) -> dict[str, Any]:
    props: dict[str, Any] = {
        "title": title,
        "region": region,
        "view": view,
        "stat": stat,
        "period": period,
        "metrics": metric_rows,
    }
    if view == "timeSeries":
        props["stacked"] = stacked
        props["yAxis"] = {"left": {"min": 0}}
    return props


def _by_status(title: str, metric: str, statuses: Sequence[str], dims: list[str], region: str) -> dict[str, Any]:
    rows: list[list[Any]] = [[TRACKING_NAMESPACE, metric, *dims, "Status", s, {"label": s}] for s in statuses]
    return _metric_props(title, rows, region, view="timeSeries", stat="Maximum", stacked=True)


def _spend_props(spec: DashboardSpec) -> dict[str, Any]:
    props = _metric_props(
        "Monthly SMS spend (USD) against the spend limit",
        [[SPEND_NAMESPACE, SPEND_METRIC, {"label": "Text message spend this month"}]],
        spec.region,
        view="timeSeries",
        stat="Maximum",
        period=3600,
    )
    if spec.spend_limit_usd:
        props["annotations"] = {
            "horizontal": [
                {"label": "Spend limit", "value": spec.spend_limit_usd, "color": "#d62728"},
                {"label": "80% of limit", "value": round(spec.spend_limit_usd * 0.8, 2), "color": "#ff7f0e"},
            ]
        }
    return props


def metric_names(body: dict[str, Any]) -> set[tuple[str, str]]:
    """Every (namespace, metric name) the body plots; what tests and the renderer list."""
    found = set()
    for widget in body["widgets"]:
        for row in widget["properties"].get("metrics", []):
            found.add((str(row[0]), str(row[1])))
    return found
