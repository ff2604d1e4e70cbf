"""``Custom::SmsConfigurationSetDefaults`` through the CloudFormation harness, against the fake account.

The set itself is CloudFormation's (``AWS::SMSVOICE::ConfigurationSet``), so each test puts it in the
fake account first, as the stack would have created it before this resource (which ``Ref``s it).
"""

from __future__ import annotations

import json

import botocore.session
import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import STACK_ID, CloudFormationHarness

from sms_runtime.contract import CONFIGURATION_SET_DEFAULTS_TYPE as TYPE
from sms_runtime.contract import ConfigurationSetDefaultsAttrs, ConfigurationSetDefaultsProps
from sms_runtime.handlers import configuration_set_defaults

SET = "harborline-alerts"


def _props(message_type: str = "TRANSACTIONAL", name: str = SET) -> dict[str, str]:
    return {
        ConfigurationSetDefaultsProps.CONFIGURATION_SET_NAME: name,
        ConfigurationSetDefaultsProps.DEFAULT_MESSAGE_TYPE: message_type,
    }


def _live(aws: FakeAws, name: str = SET) -> str | None:
    value = aws.sms.configuration_sets[name].get("DefaultMessageType")
    return None if value is None else str(value)


def _writes(aws: FakeAws) -> list[tuple[str, dict[str, object]]]:
    return [(call.action, dict(call.params)) for call in aws.sms.write_calls()]


@pytest.fixture
def deployed(aws: FakeAws, cfn: CloudFormationHarness) -> CloudFormationHarness:
    """A set with its default created by a first deploy; the calls list starts empty after it."""
    aws.sms.put_configuration_set(SET)
    outcome = cfn.create("Defaults", TYPE, _props("TRANSACTIONAL"))
    assert outcome.ok, outcome.reason
    aws.sms.calls.clear()
    return cfn


def test_create_sets_the_default_message_type(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    aws.sms.put_configuration_set(SET)
    outcome = cfn.create("Defaults", TYPE, _props("PROMOTIONAL"))
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == f"sms-estate:configuration-set-defaults:{SET}"
    assert outcome.data == {
        ConfigurationSetDefaultsAttrs.CONFIGURATION_SET_NAME: SET,
        ConfigurationSetDefaultsAttrs.DEFAULT_MESSAGE_TYPE: "PROMOTIONAL",
    }
    assert _writes(aws) == [("SetDefaultMessageType", {"ConfigurationSetName": SET, "MessageType": "PROMOTIONAL"})]
    assert _live(aws) == "PROMOTIONAL"


def test_an_unchanged_deploy_writes_nothing(aws: FakeAws, deployed: CloudFormationHarness) -> None:
    outcome = deployed.update("Defaults", _props("TRANSACTIONAL"))
    assert outcome.ok, outcome.reason
    assert _writes(aws) == []
    assert [call.action for call in aws.sms.calls] == ["DescribeConfigurationSets"]
    assert _live(aws) == "TRANSACTIONAL"


def test_a_change_writes_the_new_type_once(aws: FakeAws, deployed: CloudFormationHarness) -> None:
    outcome = deployed.update("Defaults", _props("PROMOTIONAL"))
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == f"sms-estate:configuration-set-defaults:{SET}"  # in place
    assert _writes(aws) == [("SetDefaultMessageType", {"ConfigurationSetName": SET, "MessageType": "PROMOTIONAL"})]
    assert _live(aws) == "PROMOTIONAL"


def test_an_update_repairs_a_default_changed_outside_the_stack(aws: FakeAws, deployed: CloudFormationHarness) -> None:
    aws.sms.configuration_sets[SET].pop("DefaultMessageType")  # someone ran DeleteDefaultMessageType by hand
    assert deployed.update("Defaults", _props("TRANSACTIONAL")).ok
    assert _writes(aws) == [("SetDefaultMessageType", {"ConfigurationSetName": SET, "MessageType": "TRANSACTIONAL"})]


def test_delete_restores_the_api_default(aws: FakeAws, deployed: CloudFormationHarness) -> None:
    outcome = deployed.delete("Defaults")
    assert outcome.ok, outcome.reason
    assert _writes(aws) == [("DeleteDefaultMessageType", {"ConfigurationSetName": SET})]
    assert _live(aws) is None
    assert SET in aws.sms.configuration_sets  # the set itself is CloudFormation's, untouched


def test_delete_of_a_set_without_default_or_already_gone_writes_nothing(
    aws: FakeAws, deployed: CloudFormationHarness
) -> None:
    aws.sms.configuration_sets[SET].pop("DefaultMessageType")
    assert deployed.delete("Defaults").ok
    aws.sms.put_configuration_set("other")
    assert deployed.create("Other", TYPE, _props(name="other")).ok
    aws.sms.calls.clear()
    aws.sms.delete_configuration_set("other")  # the stack deleted the set too
    assert deployed.delete("Other").ok
    assert _writes(aws) == []


def test_a_renamed_set_gets_the_default_and_the_old_one_is_cleaned_up(
    aws: FakeAws, deployed: CloudFormationHarness
) -> None:
    aws.sms.put_configuration_set("harborline-alerts-2")
    outcome = deployed.update("Defaults", _props("TRANSACTIONAL", name="harborline-alerts-2"))
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == "sms-estate:configuration-set-defaults:harborline-alerts-2"
    assert _live(aws, "harborline-alerts-2") == "TRANSACTIONAL"
    assert _live(aws) is None  # the replaced resource's Delete restored the old set's default
    assert [action for action, _params in _writes(aws)] == ["SetDefaultMessageType", "DeleteDefaultMessageType"]


def test_a_rolled_back_change_writes_the_old_type_back(aws: FakeAws, deployed: CloudFormationHarness) -> None:
    result = deployed.update_stack([("Defaults", _props("PROMOTIONAL"))], fail_after=True)
    assert result.rolled_back_cleanly
    assert _live(aws) == "TRANSACTIONAL"
    assert [params["MessageType"] for _action, params in _writes(aws)] == ["PROMOTIONAL", "TRANSACTIONAL"]


def test_an_unknown_message_type_fails_before_any_call(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    aws.sms.put_configuration_set(SET)
    outcome = cfn.create("Defaults", TYPE, _props("MARKETING"))
    assert not outcome.ok
    assert "DefaultMessageType must be one of TRANSACTIONAL, PROMOTIONAL" in outcome.reason
    assert aws.sms.calls == []


def test_a_missing_set_fails_the_create(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    outcome = cfn.create("Defaults", TYPE, _props())
    assert not outcome.ok
    assert "ResourceNotFoundException" in outcome.reason


def test_each_step_logs_its_decision(
    aws: FakeAws, deployed: CloudFormationHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    deployed.update("Defaults", _props("TRANSACTIONAL"))
    deployed.update("Defaults", _props("PROMOTIONAL"))
    deployed.delete("Defaults")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    on_event = [(line["requestType"], line["actions"]) for line in lines if line["step"] == "onEvent"]
    assert on_event == [
        ("Update", ["unchanged"]),
        ("Update", ["set-default-message-type"]),
        ("Delete", ["delete-default-message-type"]),
    ]


def test_the_message_types_are_the_api_s_enum() -> None:
    model = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
    assert tuple(model.shape_for("MessageType").enum) == configuration_set_defaults.MESSAGE_TYPES


# ----- the failure paths CloudFormation takes -----------------------------------------------------

RECREATED_STACK_ID = STACK_ID.rsplit("/", 1)[0] + "/99999999-8888-7777-6666-555555555555"


def test_the_rollback_delete_of_a_failed_create_writes_nothing(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    failed = cfn.create("Defaults", TYPE, _props())  # the set does not exist
    assert not failed.ok
    assert cfn.rollback_failed_create("Defaults", TYPE, failed, _props()).ok
    assert _writes(aws) == []


def test_a_failed_first_deploy_restores_the_default_before_the_set_goes(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    aws.sms.put_configuration_set(SET)
    assert cfn.create("Defaults", TYPE, _props("PROMOTIONAL")).ok
    assert all(outcome.ok for outcome in cfn.roll_back_stack_create())
    assert _live(aws) is None
    assert [action for action, _params in _writes(aws)] == ["SetDefaultMessageType", "DeleteDefaultMessageType"]


def test_a_retried_create_answers_the_same_and_leaves_one_default(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    aws.sms.put_configuration_set(SET)
    first = cfn.create("Defaults", TYPE, _props("PROMOTIONAL"))
    again = cfn.retry_last()
    assert again.ok and (again.physical_id, again.data) == (first.physical_id, first.data)
    assert _live(aws) == "PROMOTIONAL"
    assert {params["MessageType"] for _action, params in _writes(aws)} == {"PROMOTIONAL"}


def test_a_stack_deleted_and_recreated_under_the_same_name_sets_the_default_again(aws: FakeAws) -> None:
    aws.sms.put_configuration_set(SET)
    first = CloudFormationHarness(aws)
    assert first.create("Defaults", TYPE, _props("PROMOTIONAL")).ok
    assert all(outcome.ok for outcome in first.delete_stack())
    aws.sms.delete_configuration_set(SET)  # the stack's AWS::SMSVOICE::ConfigurationSet goes with it
    aws.sms.put_configuration_set(SET)  # and the recreated stack creates it again, without a default
    aws.sms.calls.clear()
    second = CloudFormationHarness(aws, stack_id=RECREATED_STACK_ID)
    outcome = second.create("Defaults", TYPE, _props("TRANSACTIONAL"))
    assert outcome.ok, outcome.reason
    assert _writes(aws) == [("SetDefaultMessageType", {"ConfigurationSetName": SET, "MessageType": "TRANSACTIONAL"})]
    assert _live(aws) == "TRANSACTIONAL"
