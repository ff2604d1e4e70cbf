"""The fake's rules for the registrations that name other registrations, numbers and sender IDs (issue 18).

Modelled from the snapshots' ``SupportedAssociations`` (reconstructed from the guide and the API
reference): a 10DLC campaign and a brand vetting name their brand by an association made before submit,
once the brand is approved; a TEN_DLC number joins a campaign only once it is COMPLETE, bought with its
``RegistrationId``; a Singapore sender ID registration provisions its sender ID when approved.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from fakes.aws import FakeAws

BRAND = "US_TEN_DLC_BRAND_REGISTRATION"
CAMPAIGN = "US_TEN_DLC_CAMPAIGN_REGISTRATION"
VETTING = "US_TEN_DLC_BRAND_VETTING"
SINGAPORE = "SG_SENDER_ID_REGISTRATION"
TEN_DLC_NUMBER = {
    "IsoCountryCode": "US",
    "MessageType": "TRANSACTIONAL",
    "NumberCapabilities": ["SMS"],
    "NumberType": "TEN_DLC",
}


@pytest.fixture
def aws() -> FakeAws:
    return FakeAws(rate_scale=1000.0)


@pytest.fixture
def sms(aws: FakeAws) -> Any:
    return aws.sms_client()


def _reason(error: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return error.value.response["Error"]["Code"], error.value.response.get("Reason", "")


def _create(sms: Any, kind: str) -> str:
    return str(sms.create_registration(RegistrationType=kind)["RegistrationId"])


def _approved(aws: FakeAws, sms: Any, kind: str) -> str:
    """A registration submitted as is and approved (the fake only auto-denies missing required fields
    at submit; these tests are about associations, so the review is played directly)."""
    registration_id = _create(sms, kind)
    registration = aws.sms.registrations[registration_id]
    registration.latest.status, registration.status = "SUBMITTED", "SUBMITTED"
    aws.sms.approve(registration_id)
    return registration_id


def test_the_type_definitions_come_from_the_shipped_snapshots(sms: Any) -> None:
    found = sms.describe_registration_type_definitions(RegistrationTypes=[CAMPAIGN])["RegistrationTypeDefinitions"]
    entries = {(e["ResourceType"], e["AssociationBehavior"]) for e in found[0]["SupportedAssociations"]}
    assert entries == {(BRAND, "ASSOCIATE_BEFORE_SUBMIT"), ("TEN_DLC", "ASSOCIATE_AFTER_COMPLETE")}


def test_a_campaign_names_an_approved_brand_by_association_before_submit(aws: FakeAws, sms: Any) -> None:
    campaign = _create(sms, CAMPAIGN)
    pending_brand = _create(sms, BRAND)
    with pytest.raises(ClientError) as not_approved:
        sms.create_registration_association(RegistrationId=campaign, ResourceId=pending_brand)
    assert _reason(not_approved) == ("ConflictException", "REGISTRATION_NOT_COMPLETE")
    with pytest.raises(ClientError) as unlinked:
        sms.submit_registration_version(RegistrationId=campaign)
    assert _reason(unlinked) == ("ConflictException", "SUBMIT_REGISTRATION_VERSION_NOT_ALLOWED")
    brand = _approved(aws, sms, BRAND)
    linked = sms.create_registration_association(RegistrationId=campaign, ResourceId=brand)
    assert (linked["ResourceId"], linked["ResourceType"]) == (brand, BRAND)
    listed = sms.list_registration_associations(RegistrationId=campaign)["RegistrationAssociations"]
    assert [(item["ResourceId"], item["ResourceType"]) for item in listed] == [(brand, BRAND)]
    with pytest.raises(ClientError) as twice:
        sms.create_registration_association(RegistrationId=campaign, ResourceId=brand)
    assert _reason(twice) == ("ConflictException", "RESOURCE_ALREADY_ASSOCIATED")
    submitted = sms.submit_registration_version(RegistrationId=campaign)
    assert submitted["RegistrationVersionStatus"] in ("SUBMITTED", "DENIED")  # denied: no fields were put


def test_a_registration_type_not_listed_cannot_be_linked(aws: FakeAws, sms: Any) -> None:
    vetting = _create(sms, VETTING)
    other_campaign = _approved(aws, sms, CAMPAIGN)
    with pytest.raises(ClientError) as refused:
        sms.create_registration_association(RegistrationId=vetting, ResourceId=other_campaign)
    assert _reason(refused) == ("ValidationException", "INVALID_REGISTRATION_ASSOCIATION")


def test_a_ten_dlc_number_is_bought_for_a_complete_campaign_only(aws: FakeAws, sms: Any) -> None:
    campaign = _create(sms, CAMPAIGN)
    with pytest.raises(ClientError) as early:
        sms.request_phone_number(**TEN_DLC_NUMBER, RegistrationId=campaign)
    assert _reason(early) == ("ConflictException", "REGISTRATION_NOT_COMPLETE")
    assert aws.sms.live_numbers() == []  # nothing bought, nothing billed
    registration = aws.sms.registrations[campaign]
    registration.latest.status, registration.status = "SUBMITTED", "SUBMITTED"
    aws.sms.approve(campaign)
    bought = sms.request_phone_number(**TEN_DLC_NUMBER, RegistrationId=campaign)
    assert bought["RegistrationId"] == campaign and bought["Status"] == "PENDING"
    listed = sms.list_registration_associations(RegistrationId=campaign)["RegistrationAssociations"]
    assert [item["ResourceId"] for item in listed] == [bought["PhoneNumberId"]]
    sms.release_phone_number(PhoneNumberId=bought["PhoneNumberId"])
    assert aws.sms.registrations[campaign].status == "COMPLETE"  # a campaign is not closed by its last number


def test_a_singapore_registration_provisions_its_sender_id_on_approval(aws: FakeAws, sms: Any) -> None:
    registration_id = _create(sms, SINGAPORE)
    sms.put_registration_field_value(
        RegistrationId=registration_id, FieldPath="senderIdInfo.senderId", TextValue="HARBORLN"
    )
    wanted = [{"SenderId": "HARBORLN", "IsoCountryCode": "SG"}]
    with pytest.raises(ClientError) as missing:
        sms.describe_sender_ids(SenderIds=wanted)
    assert _reason(missing)[0] == "ResourceNotFoundException"
    registration = aws.sms.registrations[registration_id]
    registration.latest.status, registration.status = "SUBMITTED", "SUBMITTED"
    aws.sms.approve(registration_id)
    [sender] = sms.describe_sender_ids(SenderIds=wanted)["SenderIds"]
    assert (sender["Registered"], sender["RegistrationId"]) == (True, registration_id)
    listed = sms.list_registration_associations(RegistrationId=registration_id)["RegistrationAssociations"]
    assert [(item["ResourceId"], item["ResourceType"]) for item in listed] == [("HARBORLN", "sender-id")]


def test_a_vetting_score_is_reported_in_additional_attributes(aws: FakeAws, sms: Any) -> None:
    vetting = _create(sms, VETTING)
    registration = aws.sms.registrations[vetting]
    registration.latest.status, registration.status = "SUBMITTED", "SUBMITTED"
    aws.sms.approve(vetting, additional_attributes={"VETTING_SCORE": "75"})
    [found] = sms.describe_registrations(RegistrationIds=[vetting])["Registrations"]
    assert found["AdditionalAttributes"] == {"VETTING_SCORE": "75"}
