"""``Custom::SmsProtectNumberOverrides`` through the CloudFormation harness, against the fake account.

The protect configuration is CloudFormation's: each test puts it in the fake account first.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import botocore.session
import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import STACK_ID, CloudFormationHarness
from fakes.sms_api import _require_output_shape

from sms_runtime.contract import PROTECT_NUMBER_OVERRIDES_TYPE as TYPE
from sms_runtime.contract import NumberOverrideKeys, ProtectNumberOverridesAttrs, ProtectNumberOverridesProps
from sms_runtime.handlers import protect_number_overrides

CONFIG = "protect-ours"
ALICE, BOB, CAROL, FOREIGN = "+12065550100", "+12065550111", "+447700900123", "+12065550199"
LATER = "2027-01-31T00:00:00Z"


def _entry(number: str, action: str = "BLOCK", expires: str | None = None) -> dict[str, str]:
    entry = {NumberOverrideKeys.DESTINATION_PHONE_NUMBER: number, NumberOverrideKeys.ACTION: action}
    if expires:
        entry[NumberOverrideKeys.EXPIRATION_TIMESTAMP] = expires
    return entry


def _props(*entries: dict[str, str], protect_id: str = CONFIG) -> dict[str, object]:
    return {
        ProtectNumberOverridesProps.PROTECT_CONFIGURATION_ID: protect_id,
        ProtectNumberOverridesProps.OVERRIDES: list(entries),
    }


def _writes(aws: FakeAws) -> list[tuple[str, str]]:
    return [(call.action, str(call.params["DestinationPhoneNumber"])) for call in aws.sms.write_calls()]


def _actions(aws: FakeAws, protect_id: str = CONFIG) -> dict[str, str]:
    return {number: entry["Action"] for number, entry in aws.sms.live_overrides(protect_id).items()}


@pytest.fixture
def deployed(aws: FakeAws, cfn: CloudFormationHarness) -> CloudFormationHarness:
    """ALICE blocked and BOB allowed until LATER by a first deploy, next to a FOREIGN override put by hand."""
    aws.clock.sleep(0)  # the fake's epoch starts well before LATER
    aws.sms.put_protect_configuration(CONFIG)
    aws.sms.handle(
        "PutProtectConfigurationRuleSetNumberOverride",
        {"ProtectConfigurationId": CONFIG, "DestinationPhoneNumber": FOREIGN, "Action": "ALLOW"},
    )
    outcome = cfn.create("Overrides", TYPE, _props(_entry(ALICE), _entry(BOB, "ALLOW", LATER)))
    assert outcome.ok, outcome.reason
    aws.sms.calls.clear()
    return cfn


def test_create_puts_every_declared_override(aws: FakeAws, deployed: CloudFormationHarness) -> None:
    assert _actions(aws) == {ALICE: "BLOCK", BOB: "ALLOW", FOREIGN: "ALLOW"}
    bob = aws.sms.live_overrides(CONFIG)[BOB]
    assert bob["ExpirationTimestamp"] == datetime(2027, 1, 31, tzinfo=UTC).timestamp()
    created = deployed.resources["Overrides"]
    assert created.physical_id == f"sms-estate:protect-number-overrides:{CONFIG}"
    assert created.data == {
        ProtectNumberOverridesAttrs.PROTECT_CONFIGURATION_ID: CONFIG,
        ProtectNumberOverridesAttrs.OVERRIDE_COUNT: "2",
    }


def test_an_unchanged_deploy_writes_nothing(aws: FakeAws, deployed: CloudFormationHarness) -> None:
    outcome = deployed.update("Overrides", _props(_entry(ALICE), _entry(BOB, "ALLOW", LATER)))
    assert outcome.ok, outcome.reason
    assert _writes(aws) == []


def test_a_change_puts_what_differs_and_deletes_only_what_it_declared(
    aws: FakeAws, deployed: CloudFormationHarness
) -> None:
    outcome = deployed.update("Overrides", _props(_entry(ALICE, "ALLOW"), _entry(CAROL)))
    assert outcome.ok, outcome.reason
    assert _writes(aws) == [
        ("PutProtectConfigurationRuleSetNumberOverride", ALICE),
        ("PutProtectConfigurationRuleSetNumberOverride", CAROL),
        ("DeleteProtectConfigurationRuleSetNumberOverride", BOB),
    ]
    assert _actions(aws) == {ALICE: "ALLOW", CAROL: "BLOCK", FOREIGN: "ALLOW"}  # the foreign one stays


def test_delete_removes_the_declared_ones_and_never_a_foreign_one(
    aws: FakeAws, deployed: CloudFormationHarness
) -> None:
    outcome = deployed.delete("Overrides")
    assert outcome.ok, outcome.reason
    assert sorted(_writes(aws)) == [
        ("DeleteProtectConfigurationRuleSetNumberOverride", ALICE),
        ("DeleteProtectConfigurationRuleSetNumberOverride", BOB),
    ]
    assert _actions(aws) == {FOREIGN: "ALLOW"}  # the account as it was before the first deploy


def test_delete_after_the_configuration_is_gone_writes_nothing(aws: FakeAws, deployed: CloudFormationHarness) -> None:
    aws.sms.delete_protect_configuration(CONFIG)
    assert deployed.delete("Overrides").ok
    assert _writes(aws) == []


def test_a_rolled_back_change_puts_the_old_overrides_back(aws: FakeAws, deployed: CloudFormationHarness) -> None:
    result = deployed.update_stack([("Overrides", _props(_entry(CAROL, "ALLOW")))], fail_after=True)
    assert result.rolled_back_cleanly
    assert _actions(aws) == {ALICE: "BLOCK", BOB: "ALLOW", FOREIGN: "ALLOW"}
    assert aws.sms.live_overrides(CONFIG)[BOB]["ExpirationTimestamp"] == datetime(2027, 1, 31, tzinfo=UTC).timestamp()


def test_another_configuration_is_a_replacement_that_cleans_up_the_old_one(
    aws: FakeAws, deployed: CloudFormationHarness
) -> None:
    aws.sms.put_protect_configuration("protect-new")
    result = deployed.update_stack([("Overrides", _props(_entry(ALICE), protect_id="protect-new"))])
    assert result.outcomes[0].ok
    assert _actions(aws, "protect-new") == {ALICE: "BLOCK"}
    assert _actions(aws) == {FOREIGN: "ALLOW"}


def test_an_expired_declaration_is_not_put_again(aws: FakeAws, deployed: CloudFormationHarness) -> None:
    aws.clock.sleep(datetime(2027, 2, 1, tzinfo=UTC).timestamp() - aws.clock.epoch())
    outcome = deployed.update("Overrides", _props(_entry(ALICE), _entry(BOB, "ALLOW", LATER)))
    assert outcome.ok, outcome.reason
    assert _writes(aws) == []
    assert outcome.data[ProtectNumberOverridesAttrs.OVERRIDE_COUNT] == "1"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (_entry("2065550100"), "is not an E.164 number (…0100)"),
        (_entry(ALICE, "MONITOR"), "Action must be one of ALLOW, BLOCK, got 'MONITOR'"),
        (_entry(ALICE, "BLOCK", "31/01/2027"), "is not like 2027-01-31T00:00:00Z"),
    ],
)
def test_bad_declarations_fail_before_any_call(
    aws: FakeAws, cfn: CloudFormationHarness, entry: dict[str, str], message: str
) -> None:
    aws.sms.put_protect_configuration(CONFIG)
    outcome = cfn.create("Overrides", TYPE, _props(entry))
    assert not outcome.ok
    assert message in outcome.reason
    assert aws.sms.calls == []


def test_numbers_never_appear_in_full_in_logs_or_failure_reasons(
    aws: FakeAws, deployed: CloudFormationHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    deployed.update("Overrides", _props(_entry(ALICE, "ALLOW"), _entry(CAROL)))
    aws.sms.fail_next("PutProtectConfigurationRuleSetNumberOverride", "ValidationException")
    failed = deployed.update("Overrides", _props(_entry(BOB)), rollback=False)
    assert not failed.ok
    assert "…0111" in failed.reason
    deployed.delete("Overrides")
    captured = capsys.readouterr()
    text = captured.out + captured.err + failed.reason
    decoded = "".join(json.dumps(json.loads(line), ensure_ascii=False) for line in captured.out.splitlines() if line)
    assert "…0100" in decoded and "…0123" in decoded  # the log names the numbers it wrote, masked
    for number in (ALICE, BOB, CAROL, FOREIGN):
        assert number not in text
        assert number[1:] not in text  # nor without its plus


def test_the_action_enum_and_the_fake_answers_follow_botocore(aws: FakeAws) -> None:
    model = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
    assert tuple(model.shape_for("ProtectConfigurationRuleOverrideAction").enum) == protect_number_overrides.ACTIONS
    aws.sms.put_protect_configuration(CONFIG)
    put = {"ProtectConfigurationId": CONFIG, "DestinationPhoneNumber": ALICE, "Action": "BLOCK"}
    _require_output_shape(
        "PutProtectConfigurationRuleSetNumberOverride",
        aws.sms.handle("PutProtectConfigurationRuleSetNumberOverride", {**put, "ExpirationTimestamp": 1.9e9}),
    )
    listed = aws.sms.handle("ListProtectConfigurationRuleSetNumberOverrides", {"ProtectConfigurationId": CONFIG})
    _require_output_shape("ListProtectConfigurationRuleSetNumberOverrides", listed)
    assert [o["DestinationPhoneNumber"] for o in listed["RuleSetNumberOverrides"]] == [ALICE]
    _require_output_shape(
        "DeleteProtectConfigurationRuleSetNumberOverride",
        aws.sms.handle(
            "DeleteProtectConfigurationRuleSetNumberOverride",
            {"ProtectConfigurationId": CONFIG, "DestinationPhoneNumber": ALICE},
        ),
    )


def test_a_rolled_back_first_deploy_leaves_only_the_foreign_override(
    aws: FakeAws, deployed: CloudFormationHarness
) -> None:
    """The rollback Delete of a failed first deploy removes what it declared, never what was there before."""
    outcomes = deployed.roll_back_stack_create()
    assert all(outcome.ok for outcome in outcomes)
    assert _actions(aws) == {FOREIGN: "ALLOW"}


def test_a_stack_recreated_under_the_same_name_puts_nothing_twice_and_deletes_only_its_own(
    aws: FakeAws, deployed: CloudFormationHarness
) -> None:
    """The old stack was deleted with its overrides retained by hand (here: left live); the recreated stack's
    Create finds them as declared and writes nothing; its Delete removes its declared ones, not the foreign one."""
    recreated = CloudFormationHarness(
        aws, stack_id=STACK_ID.rsplit("/", 1)[0] + "/99999999-8888-7777-6666-555555555555"
    )
    outcome = recreated.create("Overrides", TYPE, _props(_entry(ALICE), _entry(BOB, "ALLOW", LATER)))
    assert outcome.ok, outcome.reason
    assert _writes(aws) == []
    assert recreated.delete("Overrides").ok
    assert _actions(aws) == {FOREIGN: "ALLOW"}
