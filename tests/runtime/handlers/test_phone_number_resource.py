"""Custom::SmsPhoneNumber through real CloudFormation event shapes, against the fake account."""

from __future__ import annotations

import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import CREATE_FAILED_MARKER, CloudFormationHarness, handler_event
from fakes.estate import PHONE, Estate
from fakes.samples import NUMBER_PROPERTIES

from sms_runtime.contract import PhoneNumberAttrs, PhoneNumberProps
from sms_runtime.handlers import dispatch
from sms_runtime.handlers.number_purchase import PLACEHOLDER_PREFIX, is_phone_number_id
from sms_runtime.handlers.request import HandlerError


def test_create_requests_one_protected_number_with_ownership_tags(aws: FakeAws, estate: Estate) -> None:
    outcome = estate.number()
    assert outcome.ok, outcome.reason
    [number] = aws.sms.live_numbers()
    assert outcome.physical_id == number["PhoneNumberId"]
    assert outcome.data[PhoneNumberAttrs.PHONE_NUMBER] == number["PhoneNumber"]
    assert number["DeletionProtectionEnabled"] is True
    [request] = aws.sms.calls_to("RequestPhoneNumber")
    assert len(request.params["ClientToken"]) == 64
    tag_keys = {tag["Key"] for tag in request.params["Tags"]}
    assert {"sms-estate:stack-name", "sms-estate:logical-id", "sms-estate:client-token"} <= tag_keys


def test_string_false_from_cloudformation_turns_deletion_protection_off(aws: FakeAws, estate: Estate) -> None:
    assert estate.number({PhoneNumberProps.DELETION_PROTECTION_ENABLED: False}).ok  # the harness sends "false"
    assert aws.sms.live_numbers()[0]["DeletionProtectionEnabled"] is False


def test_misspelt_boolean_fails_the_deploy_without_buying(aws: FakeAws, estate: Estate) -> None:
    outcome = estate.number({PhoneNumberProps.DELETION_PROTECTION_ENABLED: "ture"})
    assert not outcome.ok and "DeletionProtectionEnabled must be true or false" in outcome.reason
    assert outcome.physical_id == CREATE_FAILED_MARKER  # onEvent refused it: there is nothing to delete
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None) == []


def test_retried_create_returns_the_same_number(aws: FakeAws, cfn: CloudFormationHarness, estate: Estate) -> None:
    first = estate.number()
    again = cfn.retry_last()
    assert again.physical_id == first.physical_id
    assert len(aws.sms.live_numbers()) == 1


def test_failed_create_is_adopted_by_the_next_deploy_even_after_the_token_expired(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    # The first poll buys the number but every RequestPhoneNumber response is lost; every later poll's
    # tag scan fails with a 500; the Provider's waiter gives up after three polls of one second each.
    aws.sms.fail_next("RequestPhoneNumber", "timeout", times=50)
    for occurrence in range(2, 50):
        aws.sms.fail_nth("DescribePhoneNumbers", occurrence, "InternalServerException")
    props = {**NUMBER_PROPERTIES, PhoneNumberProps.ON_DELETE: "release"}
    short = CloudFormationHarness(aws, invocation_budget=1.0, total_timeout=60.0)
    failed = short.create("Number", PHONE, props)
    assert not failed.ok and failed.reason == "Operation timed out" and failed.polls == 3
    assert failed.physical_id.startswith(PLACEHOLDER_PREFIX)  # onEvent's: no number was ever reported
    assert len(aws.sms.live_numbers()) == 1  # bought, and billing
    # The rollback Delete reaches the handler with the placeholder and releases nothing, even though
    # the number says OnDelete: release: CloudFormation never knew it...
    calls = len(aws.sms.calls)
    assert short.rollback_failed_create("Number", PHONE, failed, props).ok
    assert len(aws.sms.calls) == calls and len(aws.sms.live_numbers()) == 1
    # ...and days later, with the ClientToken forgotten, the next deploy adopts the tagged number.
    aws.sms.clear_faults()
    aws.sms.forget_client_tokens()
    requests_before = len(aws.sms.calls_to("RequestPhoneNumber", outcome=None))
    adopted = cfn.create("Number", PHONE, props)
    assert adopted.ok and adopted.physical_id == aws.sms.live_numbers()[0]["PhoneNumberId"]
    assert len(aws.sms.live_numbers()) == 1
    assert len(aws.sms.calls_to("RequestPhoneNumber", outcome=None)) == requests_before


def test_without_tag_adoption_a_create_lists_no_tags_and_a_retry_still_buys_once(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    properties = {**NUMBER_PROPERTIES, PhoneNumberProps.ADOPT_BY_TAG: False}
    for name in ("First", "Second", "Third"):
        assert cfn.create(name, PHONE, {**properties}).ok
    again = cfn.retry_last()
    assert again.ok and len(aws.sms.live_numbers()) == 3  # the ClientToken alone stops a second purchase
    assert aws.sms.calls_to("ListTagsForResource", outcome=None) == []


def test_account_at_its_number_limit_fails_clearly_and_buys_nothing() -> None:
    aws = FakeAws(phone_number_limit=1)
    cfn = CloudFormationHarness(aws)
    assert cfn.create("First", PHONE, NUMBER_PROPERTIES).ok
    release = {**NUMBER_PROPERTIES, PhoneNumberProps.ON_DELETE: "release"}
    outcome = cfn.create("Second", PHONE, release)
    assert not outcome.ok
    assert "quota is exhausted" in outcome.reason and "nothing was bought" in outcome.reason
    [refused] = aws.sms.calls_to("RequestPhoneNumber", outcome="ServiceQuotaExceededException")
    assert refused.params["ClientToken"] != aws.sms.calls_to("RequestPhoneNumber")[0].params["ClientToken"]
    # The failure came from a poll, so the rollback Delete reaches the handler with onEvent's
    # placeholder: it succeeds and touches nothing, not even the first number.
    assert outcome.physical_id.startswith(PLACEHOLDER_PREFIX)
    calls = len(aws.sms.calls)
    assert cfn.rollback_failed_create("Second", PHONE, outcome, release).ok
    assert len(aws.sms.calls) == calls and len(aws.sms.live_numbers()) == 1


def test_opt_out_list_change_updates_in_place(aws: FakeAws, cfn: CloudFormationHarness, estate: Estate) -> None:
    created = estate.number()
    updated = cfn.update("Number", {**NUMBER_PROPERTIES, PhoneNumberProps.OPT_OUT_LIST_NAME: "Clinic"})
    assert updated.ok and updated.physical_id == created.physical_id
    [call] = aws.sms.calls_to("UpdatePhoneNumber")
    assert call.params == {"PhoneNumberId": created.physical_id, "OptOutListName": "Clinic"}


TOPIC = "arn:aws:sns:us-east-1:111111111111:replies"
OTHER_TOPIC = "arn:aws:sns:us-east-1:111111111111:replies-v2"
ROLE = "arn:aws:iam::111111111111:role/sms-replies"
# Properties whose names are also the ``UpdatePhoneNumber`` parameters that apply them.
TWO_WAY = {
    PhoneNumberProps.TWO_WAY_ENABLED: True,
    PhoneNumberProps.TWO_WAY_CHANNEL_ARN: TOPIC,
    PhoneNumberProps.TWO_WAY_CHANNEL_ROLE: ROLE,
    PhoneNumberProps.SELF_MANAGED_OPT_OUTS_ENABLED: True,
}


def test_create_applies_two_way_and_self_managed_opt_outs_after_the_purchase(aws: FakeAws, estate: Estate) -> None:
    created = estate.number(TWO_WAY)
    assert created.ok, created.reason
    [call] = aws.sms.calls_to("UpdatePhoneNumber")  # RequestPhoneNumber takes none of them
    assert call.params == {"PhoneNumberId": created.physical_id, **TWO_WAY}
    [number] = aws.sms.live_numbers()
    assert {key: number[key] for key in TWO_WAY} == TWO_WAY


@pytest.mark.parametrize(
    ("change", "written"),
    [
        ({PhoneNumberProps.TWO_WAY_CHANNEL_ARN: OTHER_TOPIC}, {"TwoWayChannelArn": OTHER_TOPIC}),
        ({PhoneNumberProps.SELF_MANAGED_OPT_OUTS_ENABLED: False}, {"SelfManagedOptOutsEnabled": False}),
        (
            {
                PhoneNumberProps.TWO_WAY_ENABLED: False,
                PhoneNumberProps.TWO_WAY_CHANNEL_ARN: None,
                PhoneNumberProps.TWO_WAY_CHANNEL_ROLE: None,
            },
            {"TwoWayEnabled": False},
        ),
    ],
    ids=["channel", "self-managed-off", "two-way-off"],
)
def test_a_changed_setting_writes_that_setting_alone(
    aws: FakeAws, cfn: CloudFormationHarness, estate: Estate, change: dict[str, object], written: dict[str, object]
) -> None:
    created = estate.number(TWO_WAY)
    before = len(aws.sms.calls_to("UpdatePhoneNumber"))
    properties = {key: value for key, value in {**NUMBER_PROPERTIES, **TWO_WAY, **change}.items() if value is not None}
    updated = cfn.update("Number", properties)
    assert updated.ok and updated.physical_id == created.physical_id, updated.reason
    [call] = aws.sms.calls_to("UpdatePhoneNumber")[before:]
    assert call.params == {"PhoneNumberId": created.physical_id, **written}
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None)[1:] == []  # in place: nothing bought


def test_an_update_that_leaves_the_settings_alone_writes_nothing(
    aws: FakeAws, cfn: CloudFormationHarness, estate: Estate
) -> None:
    estate.number(TWO_WAY)
    before = len(aws.sms.write_calls())
    updated = cfn.update("Number", {**NUMBER_PROPERTIES, **TWO_WAY, PhoneNumberProps.ON_DELETE: "release"})
    assert updated.ok, updated.reason
    assert aws.sms.write_calls()[before:] == []


@pytest.mark.parametrize(
    ("settings", "complaint"),
    [
        ({PhoneNumberProps.TWO_WAY_ENABLED: True}, "TwoWayChannelArn names no channel"),
        ({PhoneNumberProps.TWO_WAY_CHANNEL_ARN: TOPIC}, "need TwoWayEnabled: true"),
    ],
    ids=["enabled-without-channel", "channel-without-enabled"],
)
def test_a_two_way_setting_that_cannot_take_effect_fails_before_buying(
    aws: FakeAws, estate: Estate, settings: dict[str, object], complaint: str
) -> None:
    outcome = estate.number(settings)
    assert not outcome.ok and complaint in outcome.reason
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None) == []


def test_change_needing_a_new_number_fails_unless_replacement_is_allowed(
    aws: FakeAws, cfn: CloudFormationHarness, estate: Estate
) -> None:
    created = estate.number()
    refused = cfn.update("Number", {**NUMBER_PROPERTIES, PhoneNumberProps.MESSAGE_TYPE: "PROMOTIONAL"})
    assert not refused.ok
    assert PhoneNumberProps.MESSAGE_TYPE in refused.reason and PhoneNumberProps.ALLOW_REPLACEMENT in refused.reason
    assert len(aws.sms.calls_to("RequestPhoneNumber")) == 1
    assert cfn.resources["Number"].physical_id == created.physical_id


def test_allowed_replacement_buys_a_new_number_and_keeps_the_old_one(
    aws: FakeAws, cfn: CloudFormationHarness, estate: Estate
) -> None:
    created = estate.number()
    replaced = cfn.update(
        "Number",
        {**NUMBER_PROPERTIES, PhoneNumberProps.MESSAGE_TYPE: "PROMOTIONAL", PhoneNumberProps.ALLOW_REPLACEMENT: True},
    )
    assert replaced.ok and replaced.physical_id != created.physical_id
    # CloudFormation's clean-up Delete for the old ID ran, and retained it (OnDelete defaults to retain).
    assert cfn.events[-1]["RequestType"] == "Delete"
    assert cfn.events[-1]["PhysicalResourceId"] == created.physical_id
    assert {n["PhoneNumberId"] for n in aws.sms.live_numbers()} == {created.physical_id, replaced.physical_id}
    assert aws.sms.calls_to("ReleasePhoneNumber", outcome=None) == []


def test_delete_keeps_the_number_by_default_with_no_api_call(
    aws: FakeAws, cfn: CloudFormationHarness, estate: Estate
) -> None:
    estate.number()
    before = len(aws.sms.calls)
    assert cfn.delete("Number").ok
    assert len(aws.sms.calls) == before
    assert len(aws.sms.live_numbers()) == 1


def test_delete_releases_only_when_the_config_says_release(
    aws: FakeAws, cfn: CloudFormationHarness, estate: Estate
) -> None:
    created = estate.number({PhoneNumberProps.ON_DELETE: "release"})
    assert cfn.delete("Number").ok
    assert aws.sms.live_numbers() == []
    [protection_off] = aws.sms.calls_to("UpdatePhoneNumber")
    assert protection_off.params == {"PhoneNumberId": created.physical_id, "DeletionProtectionEnabled": False}


@pytest.mark.parametrize("allow_replacement_before", [False, True])
def test_rollback_of_a_failed_replacement_keeps_the_old_number_in_place(
    aws: FakeAws, cfn: CloudFormationHarness, estate: Estate, allow_replacement_before: bool
) -> None:
    """The replacement's purchase fails; the rollback Update (original properties as new, failed ones as
    old, the old number's ID) must neither refuse nor buy a second number: the live number has the
    identity the rollback asks for."""
    created = estate.number({PhoneNumberProps.ALLOW_REPLACEMENT: allow_replacement_before})
    assert created.ok
    aws.sms.fail_next("RequestPhoneNumber", "AccessDeniedException")  # the replacement fails
    failed = cfn.update(
        "Number",
        {**NUMBER_PROPERTIES, PhoneNumberProps.MESSAGE_TYPE: "PROMOTIONAL", PhoneNumberProps.ALLOW_REPLACEMENT: True},
    )
    assert not failed.ok and failed.physical_id == created.physical_id
    rollback = cfn.last_rollback
    assert rollback is not None and rollback.ok, rollback and rollback.reason
    assert rollback.physical_id == created.physical_id
    assert [n["PhoneNumberId"] for n in aws.sms.live_numbers()] == [created.physical_id]
    assert len(aws.sms.calls_to("RequestPhoneNumber")) == 1
    assert aws.sms.calls_to("ReleasePhoneNumber", outcome=None) == []


def test_a_failed_release_turns_deletion_protection_back_on(
    aws: FakeAws, cfn: CloudFormationHarness, estate: Estate
) -> None:
    created = estate.number({PhoneNumberProps.ON_DELETE: "release"})
    aws.sms.fail_next("ReleasePhoneNumber", "AccessDeniedException")
    assert not cfn.delete("Number").ok
    [number] = aws.sms.live_numbers()
    assert number["PhoneNumberId"] == created.physical_id and number["DeletionProtectionEnabled"] is True


def test_is_complete_without_a_carried_purchase_refuses_a_placeholder_id(aws: FakeAws) -> None:
    """A Create whose purchase did not reach isComplete must not complete with the placeholder as its ID."""
    event = handler_event(PHONE, NUMBER_PROPERTIES, PhysicalResourceId=PLACEHOLDER_PREFIX + "0123456789abcdef")
    with pytest.raises(HandlerError, match="without its purchase"):
        dispatch.handle_is_complete(event, aws.clients())
    assert aws.sms.calls == []


@pytest.mark.parametrize(
    ("physical_id", "is_number"),
    [
        ("phone-0000000000000000000000000000000a", True),
        ("phone-", False),
        (PLACEHOLDER_PREFIX + "0123456789abcdef", False),
        (CREATE_FAILED_MARKER, False),
        ("sms-estate-test-Number-1A2B3C4D5E6F", False),  # an ID CloudFormation generates (#1814)
        ("phone-abc/../x", False),
    ],
)
def test_only_a_phone_number_s_id_counts_as_one(physical_id: str, is_number: bool) -> None:
    assert is_phone_number_id(physical_id) is is_number
