"""Session fixtures: synthesize the sample environments once, in-process, and share the result.

jsii synthesis costs seconds, so tests read one cloud assembly instead of building apps themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sms_estate.app_builder import build_app
from sms_estate.assembly import Assembly, read_assembly
from sms_estate.config import list_environments, load_environment

SAMPLE_ENVIRONMENTS = ("dev", "staging", "prod")


def synthesize(out: Path, names: tuple[str, ...] = SAMPLE_ENVIRONMENTS) -> Assembly:
    app, _ = build_app([load_environment(name) for name in names], outdir=str(out))
    app.synth()
    return read_assembly(out)


@pytest.fixture(scope="session")
def sample_assembly(tmp_path_factory: pytest.TempPathFactory) -> Assembly:
    """Every sample environment, synthesized once with cdk-nag attached."""
    assert tuple(list_environments()) == tuple(sorted(SAMPLE_ENVIRONMENTS))
    return synthesize(tmp_path_factory.mktemp("sample-assembly"))
