"""The checked-in picture ``docs/dashboard.svg`` is what the code draws from today's body."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _renderer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("render_dashboard", ROOT / "tools" / "render_dashboard.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_dashboard_svg_is_up_to_date() -> None:
    renderer = _renderer()
    drawn = renderer.render_svg(renderer.dashboard_body(renderer.spec_for("prod", "us-east-1")))
    assert (ROOT / "docs" / "dashboard.svg").read_text(encoding="utf-8") == drawn, (
        "regenerate with: python tools/render_dashboard.py"
    )
    for title in ("Registrations by status", "Phone numbers by status", "Needs attention now"):
        assert title in drawn
