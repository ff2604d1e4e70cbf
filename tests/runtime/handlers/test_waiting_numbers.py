"""When a number waits for its registration instead of being bought (issue 18), and when it does not.

The live ``SupportedAssociations`` entry for the number's type and country decides: ``ASSOCIATE_AFTER_COMPLETE``
and ``ASSOCIATE_ON_APPROVAL`` wait until due; ``ASSOCIATE_BEFORE_SUBMIT`` (toll-free) buys at once as always.
"""

from __future__ import annotations

from typing import Any

from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness
from fakes.estate import PHONE, REGISTRATION, Estate
from fakes.samples import registration_properties

from sms_runtime.contract import PhoneNumberAttrs, PhoneNumberProps
from sms_runtime.handlers.number_purchase import is_phone_number_id
from sms_runtime.handlers.number_waiting import AWAITING_PREFIX, awaiting_id, is_awaiting_id

CAMPAIGN_TYPE = "US_TEN_DLC_CAMPAIGN_REGISTRATION"
TEN_DLC = {
    PhoneNumberProps.NUMBER_TYPE: "TEN_DLC",
    PhoneNumberProps.ISO_COUNTRY_CODE: "US",
    PhoneNumberProps.MESSAGE_TYPE: "TRANSACTIONAL",
    PhoneNumberProps.NUMBER_CAPABILITIES: ["SMS"],
}


def _submitted_campaign(aws: FakeAws) -> str:
    """A campaign in review, made directly (its fields are not what these tests are about)."""
    client = aws.sms_client()
    registration_id = str(client.create_registration(RegistrationType=CAMPAIGN_TYPE)["RegistrationId"])
    registration = aws.sms.registrations[registration_id]
    registration.latest.status, registration.status = "SUBMITTED", "SUBMITTED"
    return registration_id


def _number(registration_id: str, review_state: str = "none", **extra: Any) -> dict[str, Any]:
    return {
        **TEN_DLC,
        PhoneNumberProps.REGISTRATION_ID: registration_id,
        PhoneNumberProps.REVIEW_STATE: review_state,
        **extra,
    }


def test_the_awaiting_id_is_never_a_phone_number_id() -> None:
    placeholder = awaiting_id("0123456789abcdef0123")
    assert placeholder.startswith(AWAITING_PREFIX) and is_awaiting_id(placeholder)
    assert not is_phone_number_id(placeholder)


def test_an_on_approval_entry_waits_for_the_approved_version(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    aws.sms.put_registration_type(
        CAMPAIGN_TYPE,
        {
            "ResourceType": "TEN_DLC",
            "IsoCountryCode": "US",
            "AssociationBehavior": "ASSOCIATE_ON_APPROVAL",
            "DisassociationBehavior": "DISASSOCIATE_ALL_ALLOWS_DELETE_REGISTRATION",
        },
    )
    campaign_id = _submitted_campaign(aws)
    waiting = cfn.create("Number", PHONE, _number(campaign_id))
    assert waiting.ok and is_awaiting_id(waiting.physical_id)
    assert waiting.data[PhoneNumberAttrs.WAITING_FOR] == f"approval of registration {campaign_id}"
    aws.sms.approve(campaign_id)
    bought = cfn.update("Number", _number(campaign_id, "approved-1"))
    assert bought.ok and is_phone_number_id(bought.physical_id)
    assert aws.sms.numbers[bought.physical_id]["RegistrationId"] == campaign_id


def test_a_rollback_update_back_never_starts_a_purchase(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    campaign_id = _submitted_campaign(aws)
    placeholder = cfn.create("Number", PHONE, _number(campaign_id)).physical_id
    aws.sms.approve(campaign_id)
    failed = cfn.update("Number", _number(campaign_id, "approved-1", **{PhoneNumberProps.ON_DELETE: "bogus"}))
    assert not failed.ok  # refused before anything; CloudFormation rolls back with an Update to the old properties
    assert cfn.last_rollback is not None and cfn.last_rollback.ok, cfn.last_rollback
    assert cfn.last_rollback.physical_id == placeholder
    assert cfn.last_rollback.data[PhoneNumberAttrs.WAITING_FOR] == "a deploy after the stack's rollback"
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None) == []
    bought = cfn.update("Number", _number(campaign_id, "approved-1"))  # the next deploy carries on
    assert bought.ok and is_phone_number_id(bought.physical_id)


def test_a_toll_free_number_of_a_registration_is_bought_at_once_as_before(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    number_id = estate.cfn.resources["Number"].physical_id
    assert estate.cfn.create(
        "Registration", REGISTRATION, registration_properties([number_id], attachments=estate.attachments, submit=False)
    ).ok
    second = estate.cfn.create(
        "Second",
        PHONE,
        {
            PhoneNumberProps.NUMBER_TYPE: "TOLL_FREE",
            PhoneNumberProps.ISO_COUNTRY_CODE: "US",
            PhoneNumberProps.MESSAGE_TYPE: "TRANSACTIONAL",
            PhoneNumberProps.NUMBER_CAPABILITIES: ["SMS"],
            PhoneNumberProps.REGISTRATION_ID: estate.registration_id(),
        },
    )
    assert second.ok, second.reason
    assert is_phone_number_id(second.physical_id) and PhoneNumberAttrs.WAITING_FOR not in second.data


def test_a_registration_that_does_not_exist_is_not_waited_for_and_nothing_is_bought(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    """No registration to wait for: the purchase is tried, and RequestPhoneNumber itself refuses the ID."""
    outcome = cfn.create("Number", PHONE, _number("registration-00000000000000000000000000000099"))
    assert not outcome.ok
    assert "ResourceNotFoundException" in outcome.reason
    assert aws.sms.calls_to("RequestPhoneNumber", outcome="ResourceNotFoundException")
    assert aws.sms.live_numbers() == []


def test_a_registration_that_cannot_be_read_fails_the_create_instead_of_buying(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    """Refused reads are not "nothing to wait for": buying a 10DLC number for a campaign under review would bill
    for weeks, so any other error of DescribeRegistrations fails the create before any purchase."""
    campaign = _submitted_campaign(aws)
    aws.sms.fail_next("DescribeRegistrations", "AccessDeniedException")
    outcome = cfn.create("Number", PHONE, _number(campaign))
    assert not outcome.ok and "AccessDeniedException" in outcome.reason
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None) == []
