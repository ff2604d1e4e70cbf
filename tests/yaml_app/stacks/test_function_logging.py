"""Every Lambda function of every synthesized template can write its own logs, kept for a set time.

Walked: every stack of the sample environments (dev, staging, prod) and of a small bulk environment
(shard stacks with the rollout's row-step and starter functions). The walk (``log_walk``) reads the
template JSON, so a function added by any construct is checked; the mutations below show it catches
each kind of loss.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import pytest
from support.bulk_estates import imported_environment
from support.log_walk import lambda_functions, logging_problems

from sms_estate.cli.assembly import Assembly, read_assembly
from sms_estate.yaml_app.app_builder import build_app
from sms_estate.yaml_app.config import load_environment

BULK_ROWS = 6
BULK_SHARDS = 2


@pytest.fixture(scope="module")
def bulk_assembly(tmp_path_factory: pytest.TempPathFactory) -> Assembly:
    directory = tmp_path_factory.mktemp("bulk-logging")
    config = imported_environment(directory / "config", BULK_ROWS, shards=BULK_SHARDS)
    app, _ = build_app([load_environment(config)], outdir=str(directory / "cdk.out"))
    app.synth()
    return read_assembly(directory / "cdk.out")


def _templates(assembly: Assembly) -> dict[str, Mapping[str, Any]]:
    return {stack.name: stack.template for stack in assembly.stacks}


def test_every_function_of_the_sample_environments_can_write_its_own_logs(sample_assembly: Assembly) -> None:
    templates = _templates(sample_assembly)
    messaging = [t for name, t in templates.items() if not name.endswith("-review-state")]  # one parameter, no code
    functions = sum(len(lambda_functions(t)) for t in messaging)
    assert functions >= 6 * len(messaging)  # provider pair, framework trio and the tracker in each
    assert {name: logging_problems(t) for name, t in templates.items()} == {name: [] for name in templates}


def test_every_function_of_a_bulk_environment_can_write_its_own_logs(bulk_assembly: Assembly) -> None:
    templates = _templates(bulk_assembly)
    assert len(templates) > 1  # the messaging stack and shard stacks
    handlers = {
        str(resource["Properties"]["Handler"])
        for template in templates.values()
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::Lambda::Function" and "Handler" in resource["Properties"]
    }
    assert {"sms_runtime.bulk.entry.advance_row", "sms_runtime.bulk.entry.on_event"} <= handlers
    assert {name: logging_problems(t) for name, t in templates.items()} == {name: [] for name in templates}


def test_the_walk_finds_a_missing_grant_a_missing_retention_and_a_missing_group(sample_assembly: Assembly) -> None:
    template = sample_assembly.stacks[0].template
    resources = template["Resources"]
    function_id = next(k for k in lambda_functions(template) if "OnEvent" in k and "framework" not in k)
    group_id = resources[function_id]["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]

    no_grant = copy.deepcopy(template)
    for resource in no_grant["Resources"].values():
        if resource["Type"] == "AWS::IAM::Policy":
            document = resource["Properties"]["PolicyDocument"]
            document["Statement"] = [s for s in document["Statement"] if "logs:PutLogEvents" not in s["Action"]]
    assert any(p.startswith(f"{function_id}: role") for p in logging_problems(no_grant))

    conditioned = copy.deepcopy(template)
    for resource in conditioned["Resources"].values():
        if resource["Type"] == "AWS::IAM::Policy":
            for statement in resource["Properties"]["PolicyDocument"]["Statement"]:
                if "logs:PutLogEvents" in statement["Action"]:
                    statement["Condition"] = {"Bool": {"aws:SecureTransport": "false"}}
    assert any(p.startswith(f"{function_id}: role") for p in logging_problems(conditioned))

    forever = copy.deepcopy(template)
    del forever["Resources"][group_id]["Properties"]["RetentionInDays"]
    assert f"{function_id}: log group {group_id} keeps logs forever (no RetentionInDays)" in logging_problems(forever)

    ungrouped = copy.deepcopy(template)
    del ungrouped["Resources"][function_id]["Properties"]["LoggingConfig"]
    assert f"{function_id}: no log group of its own in LoggingConfig" in logging_problems(ungrouped)
