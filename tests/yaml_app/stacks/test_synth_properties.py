"""Whole-assembly properties: cdk-nag is enforced, cfn-lint is clean, synthesis is deterministic."""

from __future__ import annotations

import json
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3
from conftest import synthesize

from sms_estate.cli.assembly import Assembly
from sms_estate.cli.template_lint import template_errors
from sms_estate.yaml_app.app_builder import CFN_VALIDATION_CONTEXT, new_app


def test_sample_estate_has_no_open_nag_findings_and_only_reviewed_acknowledgements(sample_assembly: Assembly) -> None:
    assert sample_assembly.nag_violations == ()
    acknowledged = {rule for stack in sample_assembly.stacks for rule in stack.acknowledged}
    # A new kind of acknowledgement must be added here on purpose, after review of its reason.
    assert acknowledged == {
        "AwsSolutions-IAM4",  # Provider framework functions: AWSLambdaBasicExecutionRole
        "AwsSolutions-IAM5",  # log-stream wildcards, Firehose L2, API actions without resource scoping
        "AwsSolutions-S1",  # the access-log bucket itself
        "AwsSolutions-SF1",  # Provider waiter state machine logging
        "AwsSolutions-SF2",  # Provider waiter state machine X-Ray
    }


def test_an_unacknowledged_nag_finding_fails_synthesis(tmp_path: Path) -> None:
    app = new_app(outdir=str(tmp_path))
    stack = cdk.Stack(app, "Careless", env=cdk.Environment(account="123456789012", region="us-east-1"))
    s3.Bucket(stack, "Plain")  # no TLS enforcement, no access logs
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()
    report = json.loads((tmp_path / "validation-report.json").read_text())
    rules = {v["ruleName"] for plugin in report["pluginReports"] for v in plugin["violations"]}
    assert {"AwsSolutions-S1", "AwsSolutions-S10"} <= rules


def test_two_synths_of_the_same_config_are_byte_identical(tmp_path: Path, sample_assembly: Assembly) -> None:
    again = synthesize(tmp_path / "again")
    first_dir, second_dir = sample_assembly.directory, again.directory
    names = sorted(p.name for p in first_dir.glob("*.template.json"))
    assert names == sorted(p.name for p in second_dir.glob("*.template.json")) and names
    for name in names:
        assert (first_dir / name).read_bytes() == (second_dir / name).read_bytes(), name


def test_cfn_lint_reports_no_errors_on_any_template(sample_assembly: Assembly) -> None:
    templates = sorted(sample_assembly.directory.glob("*.template.json"))
    assert len(templates) == len(sample_assembly.stacks)
    assert template_errors(sample_assembly) == []


def test_the_template_check_reports_a_cfn_lint_error(tmp_path: Path, sample_assembly: Assembly) -> None:
    """The main job's cfn-lint pass can fail: a template with an unknown property is an error."""
    stack = sample_assembly.stacks[0]
    template = json.loads(json.dumps(stack.template))
    resource = next(iter(template["Resources"].values()))
    resource["Properties"] = {**resource.get("Properties", {}), "NotARealProperty": "x"}
    (tmp_path / stack.template_file).write_text(json.dumps(template))
    broken = Assembly(directory=tmp_path, stacks=(stack,), nag_violations=())
    errors = template_errors(broken)
    assert len(errors) == 1 and errors[0].startswith(f"{stack.name}: E3002") and "NotARealProperty" in errors[0]


def test_cdk_builtin_template_validation_is_off_unless_the_context_turns_it_on(tmp_path: Path) -> None:
    """It only warns and costs ~0.9 s per synth (see new_app); the context key brings it back."""
    for flag, expected in ((None, []), ("true", [("CloudFormation Validate", 1)])):
        out = tmp_path / str(flag)
        app = new_app(outdir=str(out), context={CFN_VALIDATION_CONTEXT: flag} if flag else None)
        cdk.Stack(app, "Empty", env=cdk.Environment(account="123456789012", region="us-east-1"))
        app.synth()
        report = out / "validation-report.json"
        plugins = json.loads(report.read_text())["pluginReports"] if report.exists() else []
        assert [(p["pluginName"], len(p["violations"])) for p in plugins] == expected


LOGICAL_IDS = Path(__file__).with_name("logical_ids.json")


def test_logical_ids_of_the_sample_stacks_do_not_change_unnoticed(sample_assembly: Assembly) -> None:
    """A changed logical ID makes CloudFormation replace the resource (a new SSM parameter with the same
    name even fails the deploy), so a package change that renames one must be deliberate: this list is
    the reviewed record. After an intended change, update tests/yaml_app/stacks/logical_ids.json and say why."""
    pinned = json.loads(LOGICAL_IDS.read_text())
    actual = {stack.template_file: sorted(stack.resources) for stack in sample_assembly.stacks}
    assert actual == pinned
