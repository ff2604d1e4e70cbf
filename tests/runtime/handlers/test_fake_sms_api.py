"""The fake enforces the API's rules, through real boto3 clients and real ClientErrors."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from fakes.aws import FakeAws
from fakes.samples import NUMBER_PROPERTIES, TFN_FIELDS, png


@pytest.fixture
def sms(aws: FakeAws) -> Any:
    return aws.sms_client()


def _reason(error: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return error.value.response["Error"]["Code"], error.value.response.get("Reason", "")


def _registration(sms: Any) -> str:
    return str(sms.create_registration(RegistrationType="US_TOLL_FREE_REGISTRATION")["RegistrationId"])


def _fill(sms: Any, registration_id: str) -> None:
    for path, value in TFN_FIELDS.items():
        member = {"SelectChoices": value} if isinstance(value, list) else {"TextValue": value}
        sms.put_registration_field_value(RegistrationId=registration_id, FieldPath=path, **member)


def _number(sms: Any) -> str:
    return str(sms.request_phone_number(**NUMBER_PROPERTIES)["PhoneNumberId"])


@pytest.fixture
def aws() -> FakeAws:
    return FakeAws(rate_scale=1000.0)


def test_botocore_validates_parameters_before_the_fake_sees_them(aws: FakeAws, sms: Any) -> None:
    with pytest.raises(Exception, match="NumberType"):
        sms.request_phone_number(**{**NUMBER_PROPERTIES, "NumberType": 5})
    assert aws.sms.calls == []


def test_client_token_makes_request_phone_number_idempotent(aws: FakeAws, sms: Any) -> None:
    first = sms.request_phone_number(**NUMBER_PROPERTIES, ClientToken="t1")
    second = sms.request_phone_number(**NUMBER_PROPERTIES, ClientToken="t1")
    assert first["PhoneNumberId"] == second["PhoneNumberId"]
    assert len(aws.sms.live_numbers()) == 1


def test_account_limit_is_reported_and_enforced() -> None:
    aws = FakeAws(phone_number_limit=1)
    sms = aws.sms_client()
    _number(sms)
    limits = {item["Name"]: item for item in sms.describe_account_limits()["AccountLimits"]}
    assert (limits["PHONE_NUMBERS"]["Used"], limits["PHONE_NUMBERS"]["Max"]) == (1, 1)
    aws.clock.advance(5)
    with pytest.raises(ClientError) as error:
        _number(sms)
    assert _reason(error) == ("ServiceQuotaExceededException", "PHONE_NUMBERS_PER_ACCOUNT")


def test_default_quota_throttles_the_second_call_within_a_second() -> None:
    aws = FakeAws()
    sms = aws.sms_client()
    sms.describe_account_limits()
    with pytest.raises(ClientError) as error:
        sms.describe_account_limits()
    assert _reason(error)[0] == "ThrottlingException"
    aws.clock.advance(1.0)
    sms.describe_account_limits()


def test_submit_needs_an_association_for_toll_free(sms: Any) -> None:
    registration_id = _registration(sms)
    _fill(sms, registration_id)
    with pytest.raises(ClientError) as error:
        sms.submit_registration_version(RegistrationId=registration_id)
    assert _reason(error) == ("ConflictException", "SUBMIT_REGISTRATION_VERSION_NOT_ALLOWED")


def test_submitted_values_are_frozen(sms: Any) -> None:
    registration_id = _registration(sms)
    _fill(sms, registration_id)
    sms.create_registration_association(RegistrationId=registration_id, ResourceId=_number(sms))
    sms.submit_registration_version(RegistrationId=registration_id)
    with pytest.raises(ClientError) as error:
        sms.put_registration_field_value(RegistrationId=registration_id, FieldPath="companyInfo.city", TextValue="X")
    assert _reason(error) == ("ConflictException", "EDIT_REGISTRATION_FIELD_VALUES_NOT_ALLOWED")


def test_a_new_version_is_empty_and_submitting_it_unfilled_is_auto_denied(aws: FakeAws, sms: Any) -> None:
    registration_id = _registration(sms)
    _fill(sms, registration_id)
    sms.create_registration_association(RegistrationId=registration_id, ResourceId=_number(sms))
    sms.submit_registration_version(RegistrationId=registration_id)
    aws.sms.deny(registration_id, reasons=["Invalid opt-in"])
    with pytest.raises(ClientError) as error:
        sms.put_registration_field_value(RegistrationId=registration_id, FieldPath="companyInfo.city", TextValue="X")
    assert _reason(error)[1] == "EDIT_REGISTRATION_FIELD_VALUES_NOT_ALLOWED"
    version = sms.create_registration_version(RegistrationId=registration_id)["VersionNumber"]
    values = sms.describe_registration_field_values(RegistrationId=registration_id, VersionNumber=version)
    assert values["RegistrationFieldValues"] == []
    sms.submit_registration_version(RegistrationId=registration_id)
    [latest] = sms.describe_registration_versions(RegistrationId=registration_id, VersionNumbers=[version])[
        "RegistrationVersions"
    ]
    assert latest["RegistrationVersionStatus"] == "DENIED"
    assert "Missing required fields" in latest["DeniedReasons"][0]["Reason"]


def test_attachments_upload_before_they_can_be_bound(aws: FakeAws, sms: Any) -> None:
    registration_id = _registration(sms)
    attachment_id = sms.create_registration_attachment(AttachmentBody=png())["RegistrationAttachmentId"]
    with pytest.raises(ClientError):
        sms.put_registration_field_value(
            RegistrationId=registration_id,
            FieldPath="messagingUseCase.optInImage",
            RegistrationAttachmentId=attachment_id,
        )
    aws.clock.advance(aws.sms.attachment_upload_seconds)
    [found] = sms.describe_registration_attachments(RegistrationAttachmentIds=[attachment_id])[
        "RegistrationAttachments"
    ]
    assert found["AttachmentStatus"] == "UPLOAD_COMPLETE"
    sms.put_registration_field_value(
        RegistrationId=registration_id, FieldPath="messagingUseCase.optInImage", RegistrationAttachmentId=attachment_id
    )


def test_releasing_the_last_associated_toll_free_number_closes_the_registration(aws: FakeAws, sms: Any) -> None:
    registration_id = _registration(sms)
    number_id = _number(sms)
    sms.create_registration_association(RegistrationId=registration_id, ResourceId=number_id)
    sms.release_phone_number(PhoneNumberId=number_id)
    assert aws.sms.registrations[registration_id].status == "CLOSED"


def test_a_lost_response_was_applied_and_surfaces_as_a_read_timeout(aws: FakeAws, sms: Any) -> None:
    aws.sms.fail_next("RequestPhoneNumber", "timeout")
    with pytest.raises(Exception, match="Read timeout"):
        _number(sms)
    assert len(aws.sms.live_numbers()) == 1
