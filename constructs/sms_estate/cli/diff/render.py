"""The report as text (a terminal), Markdown (a pull-request comment) or JSON (tools).

All three list the same items in the same order; only the layout differs. Every destructive line
shows its acknowledgement ID so a reviewer can copy it.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sms_estate.cli.diff.report import Item, Report
from sms_estate.cli.diff.rules import Severity
from sms_estate.yaml_app.stacks.naming import stack_name

_WIDTH = max(len(s.value) for s in Severity)


def message(item: Item) -> str:
    """The finding, naming the stack when it is not the region's main stack (e.g. a registration shard)."""
    change = item.consequence.change
    text = item.consequence.finding.message
    return text if change.stack == stack_name(change.environment, change.region) else f"{text} (stack {change.stack})"


def _ack(item: Item) -> str:
    change_id = item.consequence.finding.ack_id
    if not change_id or item.consequence.severity is not Severity.DESTRUCTIVE:
        return ""
    return f"acknowledged: {change_id} ({item.acknowledged_by})" if item.acknowledged_by else f"ack: {change_id}"


def text_line(item: Item) -> str:
    """``DESTRUCTIVE  prod us-east-1  phone number x will be RELEASED (...)  [ack: release:...]``."""
    change = item.consequence.change
    line = f"{item.consequence.severity.value.upper():<{_WIDTH}}  {change.environment} {change.region}  "
    line += message(item)
    ack = _ack(item)
    return f"{line}  [{ack}]" if ack else line


def render_text(report: Report) -> str:
    lines = [f"sms-estate diff: {report.base} -> {report.head}"]
    lines += [text_line(item) for item in report.items]
    lines.append(f"summary: {report.headline()}")
    if report.blocking:
        lines.append(
            "blocked: acknowledge each destructive change in config/<env>.yaml (acknowledge: [{change: ID, "
            "reason: ...}]) or pass --ack ID"
        )
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _markdown_row(item: Item) -> str:
    severity = item.consequence.severity
    change_id = item.consequence.finding.ack_id if severity is Severity.DESTRUCTIVE else None
    if change_id and item.acknowledged_by:
        ack = f"acknowledged `{change_id}`: {_cell(item.acknowledged_by)}"
    else:
        ack = f"needed: `{change_id}`" if change_id else ""
    return f"| **{severity.value.upper()}** | {_cell(message(item))} | {ack} |"


def render_markdown(report: Report) -> str:
    """A headline counting classes, then per environment and region a table; info lines fold away."""
    verdict = "blocked: a destructive change is not acknowledged" if report.blocking else "nothing blocks"
    lines = ["### SMS estate diff", "", f"`{report.base}` → `{report.head}`: **{report.headline()}** ({verdict})"]
    for env, region, items in report.groups():
        notable = [i for i in items if i.consequence.severity is not Severity.INFO]
        info = [i for i in items if i.consequence.severity is Severity.INFO]
        lines += ["", f"#### {env} · {region}", ""]
        if notable:
            lines += ["| Class | Change | Acknowledgement |", "|---|---|---|", *map(_markdown_row, notable), ""]
        if info:
            lines += [f"<details><summary>{len(info)} other change(s)</summary>", ""]
            lines += [f"- {message(item)}" for item in info]
            lines += ["", "</details>"]
    if report.blocking:
        lines += [
            "",
            "To proceed, add each needed ID with a reason to the environment's config "
            "(`acknowledge: [{change: ID, reason: ...}]`), or pass `--ack ID`.",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_json(report: Report) -> str:
    counts = report.counts()
    data = {
        "base": report.base,
        "head": report.head,
        "summary": {s.value: counts[s] for s in Severity} | {"unacknowledged_destructive": report.blocking},
        "exit_code": report.exit_code,
        "changes": [
            {
                "environment": item.consequence.change.environment,
                "region": item.consequence.change.region,
                "stack": item.consequence.change.stack,
                "class": item.consequence.severity.value,
                "rule": item.consequence.rule.id,
                "change": item.consequence.change.kind,
                "resource_type": item.consequence.change.resource_type,
                "logical_id": item.consequence.change.current.logical_id,
                "name": item.consequence.change.name,
                "message": item.consequence.finding.message,
                "ack_id": item.consequence.finding.ack_id,
                "acknowledged_by": item.acknowledged_by,
            }
            for item in report.items
        ],
    }
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
