"""``app.py``'s start of the CDK runtime (``sms_estate.yaml_app.cdk_startup``) and what a synth imports.

The thread that imports aws_cdk's submodules is safe only while none of them sends a jsii request when
imported, and it is only useful while its list names what the constructs import: both are checked
here, against the installed aws-cdk-lib and the package's own source. A synth must not import boto3
either (the handlers' SDK; about 0.15 s that no template needs).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sms_estate.yaml_app.cdk_startup import CDK_SUBMODULES

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "constructs" / "sms_estate"


BULK = PACKAGE / "yaml_app" / "bulk"  # imported only for environments with ``bulk``


def _imported_cdk_submodules() -> set[str]:
    """Every ``aws_cdk.X`` the construct package's modules import (``from aws_cdk import X``, ``aws_cdk.X``),
    but for the bulk rollout's modules, which only environments with ``bulk`` load."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if path.is_relative_to(BULK):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module == "aws_cdk":
                found.update(alias.name for alias in node.names if alias.name[0].islower())
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aws_cdk."):
                found.add(str(node.module).split(".")[1])
            elif isinstance(node, ast.Import):
                found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("aws_cdk."))
    return found


def test_the_startup_list_is_what_the_constructs_import() -> None:
    assert set(CDK_SUBMODULES) == _imported_cdk_submodules()


_PROBE = """
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
from sms_estate.yaml_app.node_runtime import use_bundled_node
use_bundled_node()
from jsii._kernel.providers import process
sent = []
def counting(name):
    original = getattr(process.ProcessProvider, name)
    def call(self, request, *args, **kwargs):
        sent.append(name)
        return original(self, request, *args, **kwargs)
    return call
for name in ("load", "create", "invoke", "get", "set", "sinvoke", "sget", "sset", "callbacks", "complete"):
    setattr(process.ProcessProvider, name, counting(name))
import aws_cdk
from sms_estate.yaml_app.cdk_startup import CDK_SUBMODULES
before = len(sent)
for name in CDK_SUBMODULES:
    importlib.import_module(f"aws_cdk.{name}")
print(json.dumps({"requests": sent[before:]}))
"""


@pytest.mark.slow
def test_importing_the_cdk_submodules_sends_no_jsii_request() -> None:
    """The premise of importing them on a thread while the main thread talks to Node."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(ROOT)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["requests"] == []


@pytest.mark.slow
def test_a_synth_through_app_py_does_not_import_boto3(tmp_path: Path) -> None:
    """``python app.py`` for dev: it synthesizes, and neither boto3 nor the bulk-only Step Functions module
    enters the process."""
    script = "import sys\nimport app\ncode = app.main()\nprint('boto3' in sys.modules, 'aws_cdk.aws_stepfunctions' in sys.modules, code)\n"
    env = {**os.environ, "CDK_CONTEXT_JSON": json.dumps({"env": "dev"}), "CDK_OUTDIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, cwd=ROOT, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "0"]  # no boto3; Step Functions only for bulk
    assert (tmp_path / "SmsEstate-dev-us-east-1.template.json").is_file()
