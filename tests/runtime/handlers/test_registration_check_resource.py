"""``Custom::SmsRegistrationCheck`` on every path CloudFormation takes: it checks, it never writes.

The check stands between a registration's values and the numbers bought for it (the numbers depend on
it in the template). So: a value the *live* definitions refuse fails the Create before anything is
bought; an Update checks again without replacing the resource; a rollback Update, the Delete after a
failed Create, a stack Delete and a stack recreated under the same name all succeed without an SMS
write; a retried request answers the same.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import STACK_ID, CloudFormationHarness, cfn_strings
from fakes.samples import OPT_IN_FIELD, TFN_FIELDS

from sms_runtime.contract import REGISTRATION_CHECK_TYPE, RegistrationCheckProps
from sms_runtime.handlers.registration_check import PHYSICAL_ID_PREFIX
from sms_runtime.registration.definition_snapshots import snapshot_path

TFN = "US_TOLL_FREE_REGISTRATION"
DETAILS = "messagingUseCase.useCaseDetails"
RECREATED_STACK_ID = STACK_ID.rsplit("/", 1)[0] + "/99999999-8888-7777-6666-555555555555"


def check_props(**fields: Any) -> dict[str, Any]:
    return {
        RegistrationCheckProps.REGISTRATION_TYPE: TFN,
        RegistrationCheckProps.FIELDS: {**TFN_FIELDS, **fields},
        RegistrationCheckProps.ATTACHMENT_FILES: {OPT_IN_FIELD: "opt-in.png"},
    }


def _decisions(captured: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith('{"log":"sms-estate.decision"')]


def _only_reads(aws: FakeAws) -> bool:
    return aws.sms.write_calls() == [] and all(c.action.startswith("Describe") for c in aws.sms.calls)


def _live_rule_wants_longer_details(aws: FakeAws) -> None:
    """The live API now asks 200+ characters of use-case details; the shipped snapshot does not."""
    items = json.loads(snapshot_path(TFN).read_text(encoding="utf-8"))["RegistrationFieldDefinitions"]
    rule = {
        "Conditions": [
            {
                "DependsOnFieldPath": "messagingUseCase.useCaseCategory",
                "Operator": "IN",
                "Values": ["ACCOUNT_NOTIFICATIONS"],
            }
        ],
        "RuleBehavior": "REQUIRED",
        "ConditionalValidation": {"MinLength": 200},
    }
    for item in items:
        if item["FieldPath"] == DETAILS:
            item["ConditionalBehavior"] = {"Rules": [rule], "DefaultBehavior": "OPTIONAL"}
    aws.sms.put_field_definitions(TFN, items)


def test_valid_values_pass_with_a_physical_id_of_the_logical_id_and_no_write(
    aws: FakeAws, cfn: CloudFormationHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome = cfn.create("Check", REGISTRATION_CHECK_TYPE, check_props())
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == PHYSICAL_ID_PREFIX + "Check"
    assert aws.sms.calls_to("DescribeRegistrationFieldDefinitions")  # the live definitions were read
    assert _only_reads(aws)
    decisions = _decisions(capsys.readouterr().out)
    [on_event] = [d for d in decisions if d["step"] == "onEvent"]
    assert on_event["actions"] == ["registration-values-valid"] and on_event["outcome"] == "success"
    assert str(TFN_FIELDS[DETAILS]) not in json.dumps(decisions)  # a decision never carries a field value


def test_a_value_the_live_definitions_refuse_fails_the_create_and_its_rollback_delete_succeeds(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    _live_rule_wants_longer_details(aws)
    props = check_props(**{"messagingUseCase.useCaseCategory": "ACCOUNT_NOTIFICATIONS"})
    failed = cfn.create("Check", REGISTRATION_CHECK_TYPE, props)
    assert not failed.ok
    assert f"{DETAILS}: Use case details needs at least 200 characters" in failed.reason
    assert str(TFN_FIELDS[DETAILS]) not in failed.reason  # the value itself is never quoted
    assert cfn.status("Check") == "CREATE_FAILED"
    assert cfn.rollback_failed_create("Check", REGISTRATION_CHECK_TYPE, failed, props).ok
    assert _only_reads(aws)


def test_too_long_a_value_fails_even_against_the_snapshot_rules(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    outcome = cfn.create("Check", REGISTRATION_CHECK_TYPE, check_props(**{DETAILS: "x" * 501}))
    assert not outcome.ok and DETAILS in outcome.reason
    assert _only_reads(aws)


def test_an_update_checks_again_in_place_and_a_refused_update_rolls_back_cleanly(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    assert cfn.create("Check", REGISTRATION_CHECK_TYPE, check_props()).ok
    reads = len(aws.sms.calls_to("DescribeRegistrationFieldDefinitions"))
    edited = check_props(**{DETAILS: TFN_FIELDS[DETAILS] + " Customers opt in at checkout."})
    updated = cfn.update("Check", edited)
    assert updated.ok and updated.physical_id == PHYSICAL_ID_PREFIX + "Check"  # no replacement, no clean-up
    assert len(aws.sms.calls_to("DescribeRegistrationFieldDefinitions")) > reads  # checked again
    refused = cfn.update("Check", check_props(**{DETAILS: "x" * 501}))
    assert not refused.ok
    assert cfn.last_rollback is not None and cfn.last_rollback.ok  # back to the values checked before
    assert cfn.resources["Check"].properties[RegistrationCheckProps.FIELDS] == cfn_strings(
        edited[RegistrationCheckProps.FIELDS]
    )
    assert _only_reads(aws)


def test_a_stack_update_that_fails_elsewhere_rolls_the_check_back_without_a_write(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    assert cfn.create("Check", REGISTRATION_CHECK_TYPE, check_props()).ok
    edited = check_props(**{DETAILS: TFN_FIELDS[DETAILS] + " Customers opt in at checkout."})
    update = cfn.update_stack([("Check", edited)], fail_after=True)
    assert update.outcomes[0].ok
    assert update.rolled_back_cleanly
    assert [r.physical_id for r in update.rollbacks] == [PHYSICAL_ID_PREFIX + "Check"]
    assert _only_reads(aws)


def test_a_rollback_succeeds_even_when_the_live_rules_changed_since(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    """The old values may no longer pass (a rule tightened meanwhile): rolling back to them must not fail."""
    old = check_props(**{"messagingUseCase.useCaseCategory": "ACCOUNT_NOTIFICATIONS"})
    assert cfn.create("Check", REGISTRATION_CHECK_TYPE, old).ok
    _live_rule_wants_longer_details(aws)
    longer = check_props(**{"messagingUseCase.useCaseCategory": "ACCOUNT_NOTIFICATIONS", DETAILS: "d" * 220})
    update = cfn.update_stack([("Check", longer)], fail_after=True)
    assert update.outcomes[0].ok, update.outcomes[0].reason
    assert update.rolled_back_cleanly, [r.reason for r in update.rollbacks]
    assert _only_reads(aws)


def test_delete_the_stack_delete_and_a_retry_make_no_sms_call(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    assert cfn.create("Check", REGISTRATION_CHECK_TYPE, check_props()).ok
    again = cfn.retry_last()
    assert again.ok and again.physical_id == PHYSICAL_ID_PREFIX + "Check"
    calls = len(aws.sms.calls)
    assert all(o.ok for o in cfn.delete_stack())
    assert len(aws.sms.calls) == calls


def test_a_stack_recreated_under_the_same_name_checks_afresh(aws: FakeAws) -> None:
    first = CloudFormationHarness(aws)
    assert first.create("Check", REGISTRATION_CHECK_TYPE, check_props()).ok
    assert all(o.ok for o in first.delete_stack())
    reads = len(aws.sms.calls_to("DescribeRegistrationFieldDefinitions"))
    _live_rule_wants_longer_details(aws)
    second = CloudFormationHarness(aws, stack_id=RECREATED_STACK_ID)
    props = check_props(**{"messagingUseCase.useCaseCategory": "ACCOUNT_NOTIFICATIONS"})
    refused = second.create("Check", REGISTRATION_CHECK_TYPE, props)
    assert not refused.ok and "needs at least 200 characters" in refused.reason  # no answer reused
    assert len(aws.sms.calls_to("DescribeRegistrationFieldDefinitions")) > reads
    assert _only_reads(aws)
