"""``Custom::SmsSpendLimits`` through the CloudFormation harness, against the fake account's spend limits.

The fake's new account: every kind enforces 1 USD with no override, and allows at most 100 USD.
"""

from __future__ import annotations

import json
from typing import Any

import botocore.session
import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import STACK_ID, CloudFormationHarness
from fakes.sms_api import _require_output_shape

from sms_runtime.contract import SPEND_LIMITS_TYPE as TYPE
from sms_runtime.contract import SpendLimitsAttrs, SpendLimitsProps
from sms_runtime.handlers import spend_limits

ALL_NONE = "sms-estate:spend-limits:text=none,voice=none,media=none,notify=none,rcs=none"
MODEL = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")


def _props(**limits: int) -> dict[str, int]:
    names = {
        "text": SpendLimitsProps.TEXT,
        "voice": SpendLimitsProps.VOICE,
        "media": SpendLimitsProps.MEDIA,
        "notify": SpendLimitsProps.NOTIFY,
        "rcs": SpendLimitsProps.RCS,
    }
    return {names[kind]: value for kind, value in limits.items()}


def _overrides(aws: FakeAws) -> dict[str, int | None]:
    return {kind: limit.override for kind, limit in aws.sms.spend_limits.items()}


def _writes(aws: FakeAws) -> list[tuple[str, dict[str, object]]]:
    return [(call.action, dict(call.params)) for call in aws.sms.write_calls()]


@pytest.fixture
def deployed(aws: FakeAws, cfn: CloudFormationHarness) -> CloudFormationHarness:
    """An account whose voice limit was overridden to 20 by hand; the stack then sets text 50 and voice 40."""
    aws.sms.put_spend_limit("VOICE", override=20)
    outcome = cfn.create("Limits", TYPE, _props(text=50, voice=40))
    assert outcome.ok, outcome.reason
    aws.sms.calls.clear()
    return cfn


def test_create_records_the_previous_state_before_writing_and_sets_the_values(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    aws.sms.put_spend_limit("VOICE", override=20)
    outcome = cfn.create("Limits", TYPE, _props(text=50, voice=40))
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == "sms-estate:spend-limits:text=none,voice=20,media=none,notify=none,rcs=none"
    assert outcome.data == {SpendLimitsAttrs.TEXT: "50", SpendLimitsAttrs.VOICE: "40"}
    assert [call.action for call in aws.sms.calls] == [
        "DescribeSpendLimits",
        "SetTextMessageSpendLimitOverride",
        "SetVoiceMessageSpendLimitOverride",
    ]
    assert _overrides(aws) == {"TEXT": 50, "VOICE": 40, "MEDIA": None, "NOTIFY": None, "RCS": None}


def test_a_value_already_live_is_not_written(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    aws.sms.put_spend_limit("TEXT", override=50)
    outcome = cfn.create("Limits", TYPE, _props(text=50, media=5))
    assert outcome.ok, outcome.reason
    assert outcome.physical_id.startswith("sms-estate:spend-limits:text=50,")
    assert _writes(aws) == [("SetMediaMessageSpendLimitOverride", {"MonthlyLimit": 5})]


def test_an_unchanged_deploy_writes_nothing(aws: FakeAws, deployed: CloudFormationHarness) -> None:
    outcome = deployed.update("Limits", _props(text=50, voice=40))
    assert outcome.ok, outcome.reason
    assert _writes(aws) == []
    assert [call.action for call in aws.sms.calls if call.outcome == "ok"] == ["DescribeSpendLimits"]


def test_a_change_writes_only_the_changed_kind_in_place(aws: FakeAws, deployed: CloudFormationHarness) -> None:
    before = deployed.resources["Limits"].physical_id
    outcome = deployed.update("Limits", _props(text=80, voice=40))
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == before  # no replacement: its clean-up Delete would undo the new values
    assert _writes(aws) == [("SetTextMessageSpendLimitOverride", {"MonthlyLimit": 80})]


def test_dropping_a_kind_restores_its_previous_state(aws: FakeAws, deployed: CloudFormationHarness) -> None:
    assert deployed.update("Limits", _props(voice=40)).ok
    assert _writes(aws) == [("DeleteTextMessageSpendLimitOverride", {})]  # text had no override before
    assert deployed.update("Limits", _props(text=50)).ok
    assert _writes(aws)[1:] == [
        ("SetTextMessageSpendLimitOverride", {"MonthlyLimit": 50}),
        ("SetVoiceMessageSpendLimitOverride", {"MonthlyLimit": 20}),  # voice's hand-set override comes back
    ]


def test_a_kind_added_later_is_restored_to_its_state_at_the_first_create(
    aws: FakeAws, deployed: CloudFormationHarness
) -> None:
    assert deployed.update("Limits", _props(text=50, voice=40, notify=7)).ok
    assert aws.sms.spend_limits["NOTIFY"].override == 7
    assert deployed.delete("Limits").ok
    assert _overrides(aws) == {"TEXT": None, "VOICE": 20, "MEDIA": None, "NOTIFY": None, "RCS": None}


def test_delete_restores_every_kind_as_it_was(aws: FakeAws, deployed: CloudFormationHarness) -> None:
    outcome = deployed.delete("Limits")
    assert outcome.ok, outcome.reason
    assert _writes(aws) == [
        ("DeleteTextMessageSpendLimitOverride", {}),
        ("SetVoiceMessageSpendLimitOverride", {"MonthlyLimit": 20}),
    ]
    assert _overrides(aws) == {"TEXT": None, "VOICE": 20, "MEDIA": None, "NOTIFY": None, "RCS": None}


def test_a_value_above_the_maximum_fails_before_any_write(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    outcome = cfn.create("Limits", TYPE, _props(voice=10, text=500))
    assert not outcome.ok
    assert (
        "spend_limits.text: 500 is above this account's maximum of 100 USD in us-east-1 "
        "(DescribeSpendLimits MaxLimit); ask for a quota increase"
    ) in outcome.reason
    assert _writes(aws) == []
    assert cfn.rollback_failed_create("Limits", TYPE, outcome, _props(voice=10, text=500)).ok
    assert _writes(aws) == []


def test_an_update_above_the_maximum_fails_before_any_write_and_rolls_back_to_nothing(
    aws: FakeAws, deployed: CloudFormationHarness
) -> None:
    aws.sms.put_spend_limit("MEDIA", max_limit=30)
    outcome = deployed.update("Limits", _props(text=60, voice=40, media=31))
    assert not outcome.ok
    assert "spend_limits.media: 31 is above this account's maximum of 30 USD" in outcome.reason
    assert deployed.last_rollback is not None and deployed.last_rollback.ok
    assert _writes(aws) == []


def test_a_rolled_back_update_restores_the_old_values_writing_only_what_differs(
    aws: FakeAws, deployed: CloudFormationHarness
) -> None:
    result = deployed.update_stack([("Limits", _props(text=90, media=3))], fail_after=True)
    assert result.rolled_back_cleanly
    assert _writes(aws) == [
        ("SetTextMessageSpendLimitOverride", {"MonthlyLimit": 90}),
        ("SetVoiceMessageSpendLimitOverride", {"MonthlyLimit": 20}),  # dropped: restored
        ("SetMediaMessageSpendLimitOverride", {"MonthlyLimit": 3}),
        # the rollback: the old properties again, and media (which they lack) restored
        ("SetTextMessageSpendLimitOverride", {"MonthlyLimit": 50}),
        ("SetVoiceMessageSpendLimitOverride", {"MonthlyLimit": 40}),
        ("DeleteMediaMessageSpendLimitOverride", {}),
    ]
    assert _overrides(aws) == {"TEXT": 50, "VOICE": 40, "MEDIA": None, "NOTIFY": None, "RCS": None}


@pytest.mark.parametrize("fault", ["ThrottlingException", "InternalServerException", "timeout"])
def test_transient_faults_on_the_writes_are_retried_to_the_same_state(
    aws: FakeAws, deployed: CloudFormationHarness, fault: str
) -> None:
    aws.sms.fail_next("SetTextMessageSpendLimitOverride", fault)
    aws.sms.fail_next("DeleteTextMessageSpendLimitOverride", fault)
    assert deployed.update("Limits", _props(text=70, voice=40)).ok
    assert deployed.delete("Limits").ok
    assert _overrides(aws) == {"TEXT": None, "VOICE": 20, "MEDIA": None, "NOTIFY": None, "RCS": None}


def test_a_create_whose_write_fails_puts_back_what_it_wrote_and_a_retry_converges(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    aws.sms.put_spend_limit("VOICE", override=20)
    aws.sms.fail_next("SetVoiceMessageSpendLimitOverride", "AccessDeniedException")
    failed = cfn.create("Limits", TYPE, _props(text=50, voice=40))
    assert not failed.ok
    assert _overrides(aws)["TEXT"] is None  # the text write was undone: the failed Create's Delete cannot
    assert cfn.rollback_failed_create("Limits", TYPE, failed, _props(text=50, voice=40)).ok
    again = cfn.create("Limits", TYPE, _props(text=50, voice=40))
    assert again.ok, again.reason
    assert again.physical_id == "sms-estate:spend-limits:text=none,voice=20,media=none,notify=none,rcs=none"
    assert cfn.delete("Limits").ok
    assert _overrides(aws) == {"TEXT": None, "VOICE": 20, "MEDIA": None, "NOTIFY": None, "RCS": None}


RECREATED_STACK_ID = STACK_ID.rsplit("/", 1)[0] + "/99999999-8888-7777-6666-555555555555"


def test_a_recreated_stack_records_what_it_finds_as_the_previous_state(aws: FakeAws) -> None:
    """The first stack's resource was retained (its Delete never ran): the new Create records our old
    values as "previous", so deleting the new stack leaves them, not the account's defaults."""
    first = CloudFormationHarness(aws)
    assert first.create("Limits", TYPE, _props(text=50)).ok
    first.resources.pop("Limits")  # RemovalPolicy.RETAIN: no Delete is sent
    second = CloudFormationHarness(aws, stack_id=RECREATED_STACK_ID)
    outcome = second.create("Limits", TYPE, _props(text=60))
    assert outcome.ok, outcome.reason
    assert outcome.physical_id.startswith("sms-estate:spend-limits:text=50,")
    assert second.delete("Limits").ok
    assert aws.sms.spend_limits["TEXT"].override == 50


def test_a_deleted_stack_then_recreated_starts_from_the_defaults(aws: FakeAws) -> None:
    first = CloudFormationHarness(aws)
    assert first.create("Limits", TYPE, _props(text=50)).ok
    assert all(outcome.ok for outcome in first.delete_stack())
    outcome = CloudFormationHarness(aws, stack_id=RECREATED_STACK_ID).create("Limits", TYPE, _props(text=60))
    assert outcome.physical_id == ALL_NONE


def test_each_step_logs_its_decision(
    aws: FakeAws, deployed: CloudFormationHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    deployed.update("Limits", _props(text=50, voice=40))
    deployed.update("Limits", _props(text=60))
    deployed.delete("Limits")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    on_event = [(line["requestType"], line["actions"]) for line in lines if line["step"] == "onEvent"]
    assert on_event == [
        ("Update", ["unchanged"]),
        ("Update", ["set-text-override", "set-voice-override"]),
        ("Delete", ["delete-text-override"]),
    ]


def test_the_kinds_are_the_model_s_and_each_has_its_set_and_delete_operations() -> None:
    assert [kind.api_name for kind in spend_limits.KINDS] == MODEL.shape_for("SpendLimitName").enum
    for kind in spend_limits.KINDS:
        assert MODEL.operation_model(kind.set_action()).input_shape.required_members == ["MonthlyLimit"]
        assert MODEL.operation_model(kind.delete_action()).output_shape is not None
    assert MODEL.shape_for("MonthlyLimit").metadata == {"min": 0, "max": spend_limits.MONTHLY_LIMIT_MAX}
    assert "REQUESTED_SPEND_LIMIT_HIGHER_THAN_SERVICE_LIMIT" in MODEL.shape_for("ValidationExceptionReason").enum


@pytest.mark.parametrize("kind", spend_limits.KINDS, ids=lambda kind: kind.key)
def test_each_kind_writes_through_its_own_operations(aws: FakeAws, cfn: CloudFormationHarness, kind: Any) -> None:
    assert cfn.create("Limits", TYPE, {kind.prop: 9}).ok
    assert cfn.delete("Limits").ok
    assert _writes(aws) == [(kind.set_action(), {"MonthlyLimit": 9}), (kind.delete_action(), {})]


def test_the_fake_answers_on_the_model_s_shapes(aws: FakeAws) -> None:
    _require_output_shape("DescribeSpendLimits", aws.sms.handle("DescribeSpendLimits", {}))
    _require_output_shape(
        "SetRcsMessageSpendLimitOverride", aws.sms.handle("SetRcsMessageSpendLimitOverride", {"MonthlyLimit": 4})
    )
    _require_output_shape(
        "DeleteRcsMessageSpendLimitOverride", aws.sms.handle("DeleteRcsMessageSpendLimitOverride", {})
    )
