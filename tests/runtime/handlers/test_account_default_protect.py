"""``Custom::SmsAccountDefaultProtectConfiguration`` through the CloudFormation harness, against the fake account.

The protect configurations are CloudFormation's (``AWS::SMSVOICE::ProtectConfiguration``): each test puts them
in the fake account first, as the stack would have created them before this resource (which references one).
"""

from __future__ import annotations

import json

import botocore.session
import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness
from fakes.sms_api import _require_output_shape

from sms_runtime.contract import ACCOUNT_DEFAULT_PROTECT_TYPE as TYPE
from sms_runtime.contract import AccountDefaultProtectAttrs, AccountDefaultProtectProps

OURS, OTHER, BEFORE = "protect-ours", "protect-other", "protect-before"
PREFIX = "sms-estate:account-default-protect-configuration:previous="


def _props(protect_id: str = OURS) -> dict[str, str]:
    return {AccountDefaultProtectProps.PROTECT_CONFIGURATION_ID: protect_id}


def _writes(aws: FakeAws) -> list[tuple[str, dict[str, object]]]:
    return [(call.action, dict(call.params)) for call in aws.sms.write_calls()]


@pytest.fixture
def configs(aws: FakeAws) -> FakeAws:
    for protect_id in (OURS, OTHER, BEFORE):
        aws.sms.put_protect_configuration(protect_id)
    return aws


@pytest.fixture
def deployed(configs: FakeAws, cfn: CloudFormationHarness) -> CloudFormationHarness:
    """An account whose default was BEFORE, then set to ours by a first deploy; the calls list starts empty."""
    configs.sms.account_default_protect = BEFORE
    outcome = cfn.create("Default", TYPE, _props())
    assert outcome.ok, outcome.reason
    configs.sms.calls.clear()
    return cfn


def test_create_records_the_previous_default_and_sets_ours(configs: FakeAws, cfn: CloudFormationHarness) -> None:
    configs.sms.account_default_protect = BEFORE
    outcome = cfn.create("Default", TYPE, _props())
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == PREFIX + BEFORE
    assert outcome.data == {
        AccountDefaultProtectAttrs.PROTECT_CONFIGURATION_ID: OURS,
        AccountDefaultProtectAttrs.PREVIOUS_DEFAULT: BEFORE,
    }
    assert _writes(configs) == [("SetAccountDefaultProtectConfiguration", {"ProtectConfigurationId": OURS})]
    assert configs.sms.account_default_protect == OURS


def test_create_when_ours_already_is_the_default_writes_nothing(configs: FakeAws, cfn: CloudFormationHarness) -> None:
    configs.sms.account_default_protect = OURS
    outcome = cfn.create("Default", TYPE, _props())
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == PREFIX + OURS
    assert _writes(configs) == []
    assert cfn.delete("Default").ok  # it was the default before: it stays so
    assert _writes(configs) == [] and configs.sms.account_default_protect == OURS


def test_an_unchanged_deploy_writes_nothing(configs: FakeAws, deployed: CloudFormationHarness) -> None:
    outcome = deployed.update("Default", _props())
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == PREFIX + BEFORE
    assert _writes(configs) == []
    assert [call.action for call in configs.sms.calls if call.outcome == "ok"] == ["DescribeProtectConfigurations"]


def test_a_change_sets_the_other_configuration_and_keeps_the_recorded_previous(
    configs: FakeAws, deployed: CloudFormationHarness
) -> None:
    outcome = deployed.update("Default", _props(OTHER))
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == PREFIX + BEFORE  # in place: never a replacement
    assert _writes(configs) == [("SetAccountDefaultProtectConfiguration", {"ProtectConfigurationId": OTHER})]
    assert configs.sms.account_default_protect == OTHER
    assert deployed.delete("Default").ok
    assert configs.sms.account_default_protect == BEFORE  # what the account had before the first deploy


def test_delete_restores_the_previous_default(configs: FakeAws, deployed: CloudFormationHarness) -> None:
    outcome = deployed.delete("Default")
    assert outcome.ok, outcome.reason
    assert _writes(configs) == [("SetAccountDefaultProtectConfiguration", {"ProtectConfigurationId": BEFORE})]
    assert configs.sms.account_default_protect == BEFORE
    assert OURS in configs.sms.protect_configurations  # the configuration itself is CloudFormation's


def test_delete_without_a_previous_default_leaves_none(configs: FakeAws, cfn: CloudFormationHarness) -> None:
    assert cfn.create("Default", TYPE, _props()).physical_id == PREFIX + "none"
    configs.sms.calls.clear()
    assert cfn.delete("Default").ok
    assert _writes(configs) == [("DeleteAccountDefaultProtectConfiguration", {})]
    assert configs.sms.account_default_protect is None


def test_delete_when_the_previous_default_is_gone_removes_the_default(
    configs: FakeAws, deployed: CloudFormationHarness
) -> None:
    configs.sms.delete_protect_configuration(BEFORE)
    assert deployed.delete("Default").ok
    assert [action for action, _ in _writes(configs)] == ["DeleteAccountDefaultProtectConfiguration"]
    assert configs.sms.account_default_protect is None


def test_delete_leaves_a_default_changed_outside_the_stack(configs: FakeAws, deployed: CloudFormationHarness) -> None:
    configs.sms.account_default_protect = OTHER  # someone set another default by hand since
    assert deployed.delete("Default").ok
    assert _writes(configs) == []
    assert configs.sms.account_default_protect == OTHER


def test_a_rolled_back_change_sets_ours_back(configs: FakeAws, deployed: CloudFormationHarness) -> None:
    result = deployed.update_stack([("Default", _props(OTHER))], fail_after=True)
    assert result.rolled_back_cleanly
    assert configs.sms.account_default_protect == OURS
    assert [params["ProtectConfigurationId"] for _, params in _writes(configs)] == [OTHER, OURS]
    assert deployed.resources["Default"].physical_id == PREFIX + BEFORE


def test_a_rolled_back_first_deploy_restores_the_account(configs: FakeAws, deployed: CloudFormationHarness) -> None:
    outcomes = deployed.roll_back_stack_create()
    assert all(outcome.ok for outcome in outcomes)
    assert configs.sms.account_default_protect == BEFORE


def test_a_recreated_stack_ends_where_the_account_began(configs: FakeAws, deployed: CloudFormationHarness) -> None:
    assert all(outcome.ok for outcome in deployed.delete_stack())
    assert configs.sms.account_default_protect == BEFORE
    again = CloudFormationHarness(configs)
    assert again.create("Default", TYPE, _props()).physical_id == PREFIX + BEFORE
    assert again.delete("Default").ok
    assert configs.sms.account_default_protect == BEFORE


def test_a_missing_configuration_fails_the_create(configs: FakeAws, cfn: CloudFormationHarness) -> None:
    outcome = cfn.create("Default", TYPE, _props("protect-missing"))
    assert not outcome.ok
    assert "ResourceNotFoundException" in outcome.reason
    assert configs.sms.account_default_protect is None


def test_each_step_logs_its_decision(
    configs: FakeAws, deployed: CloudFormationHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    deployed.update("Default", _props())
    deployed.update("Default", _props(OTHER))
    deployed.delete("Default")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    on_event = [(line["requestType"], line["actions"]) for line in lines if line["step"] == "onEvent"]
    assert on_event == [
        ("Update", ["unchanged"]),
        ("Update", ["set-account-default"]),
        ("Delete", ["restore-previous-default"]),
    ]


def test_the_fake_answers_in_botocore_shapes(configs: FakeAws) -> None:
    configs.sms.account_default_protect = OURS
    answer = configs.sms.handle(
        "DescribeProtectConfigurations", {"Filters": [{"Name": "account-default", "Values": ["true"]}]}
    )
    _require_output_shape("DescribeProtectConfigurations", answer)
    assert [item["ProtectConfigurationId"] for item in answer["ProtectConfigurations"]] == [OURS]
    for action, params in (
        ("SetAccountDefaultProtectConfiguration", {"ProtectConfigurationId": OTHER}),
        ("DeleteAccountDefaultProtectConfiguration", {}),
    ):
        _require_output_shape(action, configs.sms.handle(action, params))
    model = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
    assert model.operation_model("DeleteAccountDefaultProtectConfiguration").input_shape.members == {}
