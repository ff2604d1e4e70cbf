"""International sending and number preference (issue 19, item 6), from the construct to the fake API.

``InternationalSendingEnabled`` is a setting (``RequestPhoneNumber`` at purchase, ``UpdatePhoneNumber``
in place, compared with ``DescribePhoneNumbers``); ``NumberPreference`` steers the purchase only, for
TEN_DLC numbers in the US (botocore's model), and a later change of it is ignored.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import assertions
from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness
from fakes.estate import Estate
from fakes.samples import NUMBER_PROPERTIES

from sms_estate.registrations import SmsPhoneNumber, SmsRegistration
from sms_runtime.contract import PHONE_NUMBER_TYPE, PhoneNumberProps

INTERNATIONAL = PhoneNumberProps.INTERNATIONAL_SENDING_ENABLED
PREFERENCE = PhoneNumberProps.NUMBER_PREFERENCE
STARTS_WITH_510 = [{"PreferenceType": ["StartsWith"], "Filter": ["+1510"]}]
TEN_DLC = {**NUMBER_PROPERTIES, PhoneNumberProps.NUMBER_TYPE: "TEN_DLC"}


def test_create_sends_international_sending_with_the_purchase_and_writes_nothing_after(
    aws: FakeAws, estate: Estate
) -> None:
    created = estate.number({INTERNATIONAL: True})  # the harness delivers it as "true", like CloudFormation
    assert created.ok, created.reason
    [request] = aws.sms.calls_to("RequestPhoneNumber")
    assert request.params["InternationalSendingEnabled"] is True
    assert aws.sms.calls_to("UpdatePhoneNumber") == []  # the purchase already reports it on
    assert aws.sms.live_numbers()[0]["InternationalSendingEnabled"] is True


def test_without_the_key_the_request_leaves_the_api_default(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    [request] = aws.sms.calls_to("RequestPhoneNumber")
    assert "InternationalSendingEnabled" not in request.params and "NumberPreference" not in request.params
    assert aws.sms.live_numbers()[0]["InternationalSendingEnabled"] is False


def test_an_update_that_changes_nothing_writes_nothing(
    aws: FakeAws, cfn: CloudFormationHarness, estate: Estate
) -> None:
    assert estate.number({INTERNATIONAL: True}).ok
    before = len(aws.sms.write_calls())
    updated = cfn.update("Number", {**NUMBER_PROPERTIES, INTERNATIONAL: True, PhoneNumberProps.ON_DELETE: "release"})
    assert updated.ok, updated.reason
    assert aws.sms.write_calls()[before:] == []


@pytest.mark.parametrize(("first", "then"), [(None, True), (True, False)], ids=["unset-to-on", "on-to-off"])
def test_changing_international_sending_updates_that_member_alone_in_place(
    aws: FakeAws, cfn: CloudFormationHarness, estate: Estate, first: bool | None, then: bool
) -> None:
    created = estate.number({} if first is None else {INTERNATIONAL: first})
    updated = cfn.update("Number", {**NUMBER_PROPERTIES, INTERNATIONAL: then})
    assert updated.ok and updated.physical_id == created.physical_id, updated.reason
    [call] = aws.sms.calls_to("UpdatePhoneNumber")
    assert call.params == {"PhoneNumberId": created.physical_id, "InternationalSendingEnabled": then}
    assert aws.sms.live_numbers()[0]["InternationalSendingEnabled"] is then
    assert len(aws.sms.calls_to("RequestPhoneNumber", outcome=None)) == 1  # nothing bought


def test_removing_the_key_leaves_the_number_as_it_is(aws: FakeAws, cfn: CloudFormationHarness, estate: Estate) -> None:
    assert estate.number({INTERNATIONAL: True}).ok
    assert cfn.update("Number", dict(NUMBER_PROPERTIES)).ok
    assert aws.sms.calls_to("UpdatePhoneNumber") == []
    assert aws.sms.live_numbers()[0]["InternationalSendingEnabled"] is True


def test_a_ten_dlc_purchase_carries_the_preference_and_a_later_change_is_ignored(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    created = cfn.create("Number", PHONE_NUMBER_TYPE, {**TEN_DLC, PREFERENCE: STARTS_WITH_510})
    assert created.ok, created.reason
    [request] = aws.sms.calls_to("RequestPhoneNumber")
    assert request.params["NumberPreference"] == STARTS_WITH_510
    assert "NumberPreference" not in aws.sms.live_numbers()[0]  # PhoneNumberInformation has no such member
    before = len(aws.sms.write_calls())
    other = [{"PreferenceType": ["EndsWith"], "Filter": ["4455"]}]
    updated = cfn.update("Number", {**TEN_DLC, PREFERENCE: other})
    assert updated.ok and updated.physical_id == created.physical_id, updated.reason
    assert aws.sms.write_calls()[before:] == []


@pytest.mark.parametrize(
    ("properties", "complaint"),
    [
        ({**NUMBER_PROPERTIES, PREFERENCE: STARTS_WITH_510}, "applies only to TEN_DLC numbers in the US"),
        (
            {**TEN_DLC, PhoneNumberProps.ISO_COUNTRY_CODE: "CA", PREFERENCE: STARTS_WITH_510},
            "not to a TEN_DLC number in CA",
        ),
        ({**TEN_DLC, PREFERENCE: STARTS_WITH_510 * 2}, "must be one item with PreferenceType and Filter"),
        ({**TEN_DLC, PREFERENCE: [{"PreferenceType": [], "Filter": ["+1510"]}]}, "needs one PreferenceType"),
        ({**NUMBER_PROPERTIES, INTERNATIONAL: "yes"}, "InternationalSendingEnabled must be true or false"),
    ],
    ids=["toll-free", "canada", "two-items", "no-type", "not-a-boolean"],
)
def test_an_option_the_api_would_refuse_fails_before_buying(
    aws: FakeAws, cfn: CloudFormationHarness, properties: dict[str, Any], complaint: str
) -> None:
    outcome = cfn.create("Number", PHONE_NUMBER_TYPE, properties)
    assert not outcome.ok and complaint in outcome.reason
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None) == []


# ----- the construct --------------------------------------------------------------------------------


def _number(**options: Any) -> cdk.Stack:
    stack = cdk.Stack(cdk.App(), "Options")
    kind = options.pop("number_type", "TEN_DLC")
    campaign = SmsRegistration.from_registration_attributes(stack, "Campaign", registration_id="registration-c1")
    SmsPhoneNumber(
        stack,
        "Number",
        number_type=kind,
        iso_country_code=options.pop("iso_country_code", "US"),
        message_type="TRANSACTIONAL",
        capabilities=["SMS"],
        registration=campaign if kind == "TEN_DLC" else None,
        **options,
    )
    return stack


def test_the_construct_passes_both_options_in_the_api_shape_and_omits_them_by_default() -> None:
    template = assertions.Template.from_stack(
        _number(international_sending=False, number_preference=("ExactMatch", ["+15105550100", "+15105550101"]))
    )
    template.has_resource_properties(
        PHONE_NUMBER_TYPE,
        {
            INTERNATIONAL: False,
            PREFERENCE: [{"PreferenceType": ["ExactMatch"], "Filter": ["+15105550100", "+15105550101"]}],
        },
    )
    [properties] = [
        r["Properties"] for r in assertions.Template.from_stack(_number()).find_resources(PHONE_NUMBER_TYPE).values()
    ]
    assert INTERNATIONAL not in properties and PREFERENCE not in properties


@pytest.mark.parametrize(
    ("options", "complaint"),
    [
        (
            {"number_type": "TOLL_FREE", "number_preference": ("StartsWith", ["+1833"])},
            "only to TEN_DLC numbers in the US",
        ),
        (
            {"iso_country_code": "CA", "number_preference": ("StartsWith", ["+1416"])},
            "only to TEN_DLC numbers in the US",
        ),
        ({"number_preference": ("BeginsWith", ["+1510"])}, "number_preference type must be one of"),
        ({"number_preference": ("Contains", ["55", "66"])}, "Contains takes 1 to 1 patterns, got 2"),
        ({"number_preference": ("EndsWith", ["12a"])}, "digits with an optional leading +"),
    ],
    ids=["toll-free", "canada", "type-typo", "two-patterns", "not-digits"],
)
def test_the_construct_refuses_at_synth_what_the_api_would_refuse(options: dict[str, Any], complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        _number(**options)
