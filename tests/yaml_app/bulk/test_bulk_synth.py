"""300 imported registrations synthesize into shard stacks that each stay under CloudFormation's limits."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

from support.bulk_estates import ROWS, SHARDS, BulkEstate

from sms_estate.cli.assembly import SynthesizedStack
from sms_estate.cli.status_report.ledger_tables import ledger_parameter_name
from sms_estate.cli.template_lint import template_errors
from sms_estate.yaml_app.bulk.shard_key import shard_of, shard_stack_name
from sms_estate.yaml_app.config.limits import STACK_RESOURCE_LIMIT
from sms_estate.yaml_app.config.shard_checks import (
    CHUNK_PAYLOAD_BUDGET,
    PHONE_NUMBER_RESOURCES,
    SHARD_OVERHEAD,
    row_payload,
)
from sms_runtime.contract import BULK_ROWS_TYPE, PHONE_NUMBER_TYPE, REGISTRATION_TYPE, BulkRowKeys, BulkRowsProps

TEMPLATE_BYTES_LIMIT = 800 * 1024  # well under CloudFormation's 1 MB


def _rows(stack: SynthesizedStack) -> list[dict[str, Any]]:
    """The rollout rows a shard stack deploys (from its rows resources)."""
    return [
        row
        for resource in stack.resources.values()
        if resource["Type"] == BULK_ROWS_TYPE
        for row in resource["Properties"][BulkRowsProps.ROWS]
    ]


def _shard_stacks(estate: BulkEstate) -> dict[str, int]:
    """Shard stack name -> number of registrations in it."""
    return {stack.name: len(_rows(stack)) for stack in estate.assembly.stacks if "-registrations-" in stack.name}


def test_300_rows_make_one_stack_per_shard_and_none_in_the_messaging_stacks(bulk_300: BulkEstate) -> None:
    shards = _shard_stacks(bulk_300)
    assert sorted(shards) == [shard_stack_name("bulk", "us-east-1", k) for k in range(SHARDS)]
    assert sum(shards.values()) == ROWS
    for name in shards:  # numbers are bought by the deploy; registrations are rows of the workflow
        types = bulk_300.assembly.stack(name).resource_types()
        assert types[PHONE_NUMBER_TYPE] == shards[name] and types[REGISTRATION_TYPE] == 0
    for name in ("SmsEstate-bulk-us-east-1", "SmsEstate-bulk-us-west-2"):
        types = bulk_300.assembly.stack(name).resource_types()
        assert types[REGISTRATION_TYPE] == 0 and types[PHONE_NUMBER_TYPE] == 0


def test_each_registration_sits_in_the_shard_its_name_hashes_to(bulk_300: BulkEstate) -> None:
    expected = Counter(
        shard_stack_name("bulk", "us-east-1", shard_of(r.name, SHARDS)) for r in bulk_300.environment.registrations
    )
    assert _shard_stacks(bulk_300) == dict(expected)


def test_every_shard_stays_under_the_resource_and_template_limits(bulk_300: BulkEstate) -> None:
    for stack in bulk_300.assembly.stacks:
        size = len(json.dumps(stack.template, separators=(",", ":")))
        assert len(stack.resources) < STACK_RESOURCE_LIMIT, stack.name
        assert size < TEMPLATE_BYTES_LIMIT, (stack.name, size)


def test_the_capacity_estimate_is_never_below_what_a_shard_synthesizes_to(bulk_300: BulkEstate) -> None:
    """The config check counts resources from constants; the real template must not exceed them."""
    for name, registrations in _shard_stacks(bulk_300).items():
        actual = len(bulk_300.assembly.stack(name).resources)
        estimate = SHARD_OVERHEAD + PHONE_NUMBER_RESOURCES * registrations
        assert actual <= estimate <= actual + 12, (name, actual, estimate)  # 12: rows resources not all used


def test_no_rows_resource_gets_near_the_custom_resource_payload_limit(bulk_300: BulkEstate) -> None:
    """An update sends old and new properties, asynchronously (256 KB): each rows resource stays under half."""
    by_name = {r.name: r for r in bulk_300.environment.registrations}
    for stack in bulk_300.assembly.stacks:
        for resource in stack.resources.values():
            if resource["Type"] != BULK_ROWS_TYPE:
                continue
            actual = len(json.dumps(resource["Properties"], separators=(",", ":")))
            estimate = sum(
                row_payload(by_name[row[BulkRowKeys.KEY]].raw) for row in resource["Properties"][BulkRowsProps.ROWS]
            )
            assert actual <= estimate <= CHUNK_PAYLOAD_BUDGET, (stack.name, actual, estimate)


def _without_runtime_code(template: Mapping[str, Any]) -> dict[str, Any]:
    """The template minus the Lambda code's asset key: it hashes ``custom_resources/``, not the config."""
    copy = json.loads(json.dumps(template))
    for resource in copy["Resources"].values():
        resource.get("Properties", {}).get("Code", {}).pop("S3Key", None)
    return dict(copy)


def test_adding_a_row_changes_exactly_one_stack(bulk_300: BulkEstate, bulk_301: BulkEstate) -> None:
    before = {stack.name: _without_runtime_code(stack.template) for stack in bulk_300.assembly.stacks}
    after = {stack.name: _without_runtime_code(stack.template) for stack in bulk_301.assembly.stacks}
    changed = sorted(name for name in after if before.get(name) != after[name] and "-registrations-" in name)
    new_row = bulk_301.environment.registrations[-1].name
    assert changed == [shard_stack_name("bulk", "us-east-1", shard_of(new_row, SHARDS))]


def test_shard_stacks_deploy_after_their_messaging_stack_and_pass_cdk_nag(bulk_300: BulkEstate) -> None:
    manifest = json.loads((bulk_300.assembly.directory / "manifest.json").read_text())
    for name in _shard_stacks(bulk_300):
        assert "SmsEstate-bulk-us-east-1" in manifest["artifacts"][name]["dependencies"]
    assert bulk_300.assembly.nag_violations == ()


def test_every_shard_runs_the_same_runtime_code_asset(bulk_300: BulkEstate) -> None:
    """What the one-stack comparison above ignores is the same in every shard, so it hides no row."""
    keys = {
        resource["Properties"]["Code"]["S3Key"]
        for stack in bulk_300.assembly.stacks
        if "-registrations-" in stack.name
        for resource in stack.resources.values()
        if resource["Type"] == "AWS::Lambda::Function"
    }
    assert len(keys) == 2  # the sms_runtime handlers, and the CDK Provider framework's own code


def test_each_shard_publishes_where_status_finds_its_progress(bulk_300: BulkEstate) -> None:
    for name in _shard_stacks(bulk_300):
        region, _, index = name.removeprefix("SmsEstate-bulk-").partition("-registrations-")
        expected = ledger_parameter_name("bulk", region, int(index))  # what ``status`` looks for
        assert expected == f"/sms-estate/bulk/bulk-ledgers/{region}-{index}/table"
        parameters = [
            r["Properties"]
            for r in bulk_300.assembly.stack(name).resources.values()
            if r["Type"] == "AWS::SSM::Parameter" and r["Properties"]["Name"] == expected
        ]
        assert len(parameters) == 1 and "Ref" in parameters[0]["Value"]


def test_cfn_lint_reports_no_errors_on_any_bulk_template(bulk_300: BulkEstate) -> None:
    """The shard stacks too (their rollout state machine is a hand-written ASL document)."""
    assert len(bulk_300.assembly.stacks) > SHARDS  # the messaging stacks and every shard
    assert template_errors(bulk_300.assembly) == []
