"""The top-level ``constructs/`` folder must never shadow the ``constructs`` library.

Checked in the three ways the package runs: inside pytest, as ``python app.py`` and via ``cdk synth``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import constructs
from support.repo_paths import REPO_ROOT

from sms_estate.cli.commands.synth_all import cdk_synth
from sms_estate.cli.synthesis import offline_environment

PROBE = "import constructs, sys; print(constructs.__file__); print(hasattr(constructs, 'Construct'))"


def _is_library(path: str) -> bool:
    return "site-packages" in path and path.endswith("constructs/__init__.py")


def test_under_pytest_constructs_is_the_library() -> None:
    assert _is_library(str(constructs.__file__))
    assert hasattr(constructs, "Construct")


def test_from_the_repo_root_constructs_is_the_library() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    path, has_construct = result.stdout.split()
    assert _is_library(path) and has_construct == "True"


def test_python_app_py_synthesizes(tmp_path: Path) -> None:
    env = {**offline_environment(), "CDK_OUTDIR": str(tmp_path), "CDK_CONTEXT_JSON": json.dumps({"env": "dev"})}
    result = subprocess.run(
        [sys.executable, "app.py"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "SmsEstate-dev-us-east-1.template.json").is_file()


def test_python_app_py_with_a_broken_config_prints_its_errors_and_exits_2(tmp_path: Path) -> None:
    broken = REPO_ROOT / "tests" / "yaml_app" / "config" / "broken" / "several-errors-at-once.yaml"
    assert broken.is_file()  # the errors below must be this file's, not "no such file"
    env = {**offline_environment(), "CDK_OUTDIR": str(tmp_path), "CDK_CONTEXT_JSON": json.dumps({"env": str(broken)})}
    result = subprocess.run(
        [sys.executable, "-O", "app.py"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    for expected in ("regions[0]: 'ma-north-1' is not a region", "configuration_sets[1]: duplicate name 'a'"):
        assert expected in result.stderr
    assert not list(tmp_path.glob("*.template.json"))


def test_python_app_py_runs_jsii_on_the_bundled_node_whatever_node_is_on_path(tmp_path: Path) -> None:
    """With only the system Node (20, end of life) on PATH, app.py still runs jsii on Node 24."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    probe = fake_bin / "node"  # a `node` that fails loudly if jsii ever starts it
    probe.write_text("#!/bin/sh\necho 'PATH node was used' >&2\nexit 97\n")
    probe.chmod(0o755)
    out = tmp_path / "out"
    env = {
        **offline_environment(),
        "PATH": f"{fake_bin}:/usr/bin:/bin",
        "CDK_OUTDIR": str(out),
        "CDK_CONTEXT_JSON": json.dumps({"env": "dev"}),
    }
    env.pop("JSII_NODE", None)
    result = subprocess.run(
        [sys.executable, "app.py"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "PATH node was used" not in result.stderr and "end-of-life" not in result.stderr
    assert (out / "SmsEstate-dev-us-east-1.template.json").is_file()


def test_cdk_synth_with_the_pinned_cli_synthesizes(tmp_path: Path) -> None:
    cdk_synth("dev", tmp_path)
    template = json.loads((tmp_path / "SmsEstate-dev-us-east-1.template.json").read_text())
    assert any(r["Type"] == "AWS::SMSVOICE::ConfigurationSet" for r in template["Resources"].values())
