"""Draw the dashboard layout as SVG (``docs/dashboard.svg``) from the body the stack deploys.

Usage: ``python tools/render_dashboard.py [ENV] [REGION] [OUT]`` (default: prod us-east-1
docs/dashboard.svg). The body comes from ``sms_estate.tracking.dashboard.dashboard_body`` with the
environment's config, so the picture cannot drift from the code. Standard library only; the chart
areas show the layout, the legend and the reference lines, not live data.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from sms_estate.tracking.alarms import alarm_name_prefix
from sms_estate.tracking.dashboard import DashboardSpec, dashboard_body, delivery_namespace
from sms_estate.yaml_app.config import load_environment

CELL_W, CELL_H, PAD = 46, 34, 6
PALETTE = ("#1f77b4", "#2ca02c", "#ff7f0e", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
ALARMS = (
    "RegistrationsRequiringUpdates",
    "RegistrationsOverdueForReview",
    "PhoneNumbersPendingUnsubmitted",
    "TrackerErrors",
)


def spec_for(environment_name: str, region: str) -> DashboardSpec:
    """The spec the stack builds for ``environment_name`` in ``region`` (alarm ARNs spelled out)."""
    environment = load_environment(environment_name)
    settings = environment.tracking
    names = [*ALARMS, *(("SpendNearLimit",) if settings.spend_limit_usd else ())]
    prefix = alarm_name_prefix(environment.name, region)
    in_region = environment.in_region(region)
    has_logs = any(d.type == "cloudwatch_logs" for c in in_region.configuration_sets for d in c.event_destinations)
    return DashboardSpec(
        environment=environment.name,
        region=region,
        delivery_namespace=delivery_namespace(environment.name),
        has_delivery_logs=has_logs,
        alarm_arns=[f"arn:aws:cloudwatch:{region}:{environment.account}:alarm:{prefix}{n}" for n in names],
        spend_limit_usd=settings.spend_limit_usd,
        config_file=f"{environment.source.parent.name}/{environment.source.name}",
    )


def render_svg(body: dict[str, Any]) -> str:
    widgets = body["widgets"]
    rows = max(w["y"] + w["height"] for w in widgets)
    width, height = 24 * CELL_W + PAD, rows * CELL_H + PAD
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="Helvetica, Arial, sans-serif">',
        f'<rect width="{width}" height="{height}" fill="#f2f3f3"/>',
    ]
    for widget in widgets:
        parts.extend(_widget(widget))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _widget(widget: dict[str, Any]) -> list[str]:
    x, y = widget["x"] * CELL_W + PAD, widget["y"] * CELL_H + PAD
    w, h = widget["width"] * CELL_W - PAD, widget["height"] * CELL_H - PAD
    props = widget["properties"]
    out = [f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="3" fill="#ffffff" stroke="#d5dbdb"/>']
    if widget["type"] == "text":
        for i, line in enumerate(_markdown_lines(props["markdown"], w)):
            size, weight = (16, "bold") if i == 0 else (12, "normal")
            out.append(_text(x + 10, y + 22 + i * 18, line, size, weight))
        return out
    out.append(_text(x + 10, y + 20, props["title"], 13, "bold"))
    if widget["type"] == "alarm":
        for i, arn in enumerate(props["alarms"]):
            cx = x + 14 + (i % 3) * (w // 3)
            cy = y + 44 + (i // 3) * 22
            out.append(f'<circle cx="{cx}" cy="{cy - 4}" r="5" fill="#2ca02c"/>')
            out.append(_text(cx + 10, cy, arn.rsplit(":", 1)[-1], 11))
        return out
    labels = [row[-1]["label"] for row in props["metrics"]]
    colors = [row[-1].get("color", PALETTE[i % len(PALETTE)]) for i, row in enumerate(props["metrics"])]
    if props["view"] == "singleValue":
        step = w // len(labels)
        for i, label in enumerate(labels):
            out.append(_text(x + 12 + i * step, y + 66, "0", 30, "bold", "#16191f"))
            out.append(_text(x + 12 + i * step, y + 90, label, 11, "normal", "#545b64"))
        return out
    chart_x, chart_y, chart_w, chart_h = x + 40, y + 32, w - 60, h - 80
    out.append(
        f'<rect x="{chart_x}" y="{chart_y}" width="{chart_w}" height="{chart_h}" fill="#fafafa" stroke="#eaeded"/>'
    )
    if props["view"] == "bar":
        bar = chart_w / max(1, len(labels))
        for i, color in enumerate(colors):
            bar_h = chart_h * (0.25 + 0.6 * ((i * 37) % 10) / 10)
            out.append(
                f'<rect x="{chart_x + i * bar + 3:.1f}" y="{chart_y + chart_h - bar_h:.1f}" width="{bar - 6:.1f}" '
                f'height="{bar_h:.1f}" fill="{color}" opacity="0.8"/>'
            )
    else:
        for i, color in enumerate(colors):
            level = chart_y + chart_h * (0.85 - 0.08 * i)
            out.append(
                f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{chart_x},{level:.1f} '
                f'{chart_x + chart_w},{level:.1f}"/>'
            )
    for line in props.get("annotations", {}).get("horizontal", []):
        level = chart_y + chart_h * (0.15 if line["label"] == "Spend limit" else 0.32)
        out.append(
            f'<line x1="{chart_x}" y1="{level:.1f}" x2="{chart_x + chart_w}" y2="{level:.1f}" '
            f'stroke="{line["color"]}" stroke-dasharray="6 4"/>'
        )
        out.append(
            _text(
                chart_x + chart_w - 150,
                level - 4,
                f"{line['label']}: {line['value']:g} USD",
                10,
                "normal",
                line["color"],
            )
        )
    legend_y, cursor = y + h - 36, x + 12
    for label, color in zip(labels, colors, strict=True):
        if cursor + 12 + 6.5 * len(label) > x + w:
            legend_y, cursor = legend_y + 16, x + 12
        out.append(f'<rect x="{cursor}" y="{legend_y - 8}" width="9" height="9" fill="{color}"/>')
        out.append(_text(cursor + 13, legend_y, label, 10, "normal", "#545b64"))
        cursor += int(24 + 6.2 * len(label))
    return out


def _markdown_lines(markdown: str, width: int) -> list[str]:
    lines: list[str] = []
    for raw in markdown.replace("**", "").replace("`", "").splitlines():
        text = raw.lstrip("# ").strip()
        limit = max(20, width // 7)
        while len(text) > limit:
            cut = text.rfind(" ", 0, limit)
            lines.append(text[:cut])
            text = text[cut + 1 :]
        lines.append(text)
    return lines


def _text(x: float, y: float, text: str, size: int, weight: str = "normal", color: str = "#16191f") -> str:
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" font-weight="{weight}" fill="{color}">{escape(text)}</text>'
    )


def main(argv: list[str]) -> int:
    environment = argv[0] if argv else "prod"
    region = argv[1] if len(argv) > 1 else load_environment(environment).regions[0]
    out = Path(argv[2]) if len(argv) > 2 else Path(__file__).resolve().parents[1] / "docs" / "dashboard.svg"
    out.write_text(render_svg(dashboard_body(spec_for(environment, region))), encoding="utf-8")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
