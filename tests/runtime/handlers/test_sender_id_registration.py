"""A Singapore sender ID registration through the CloudFormation harness (issue 18).

``SG_SENDER_ID_REGISTRATION``'s ``SupportedAssociations`` entry is ``{SENDER_ID, SG, ASSOCIATE_ON_APPROVAL}``:
the service provisions the sender ID when it approves the registration. So the handler calls nothing for
it before approval, and afterwards reports the ARN ``DescribeSenderIds`` shows registered to it.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness, Outcome
from fakes.samples import registration_properties

from sms_runtime.contract import (
    REGISTRATION_TYPE,
    REVIEW_STATE_INITIAL,
    RegistrationAttrs,
    RegistrationProps,
    SenderIdKeys,
)
from sms_runtime.registration.field_definitions import load_snapshot, validate_field_values

SG_TYPE = "SG_SENDER_ID_REGISTRATION"
SENDER = "NWDENTAL"
SG_FIELDS: dict[str, Any] = {
    "companyInfo.companyName": "Northwind Dental Singapore Pte. Ltd.",
    "companyInfo.taxId": "201912345K",
    "companyInfo.website": "https://www.northwind-dental.example/sg",
    "companyInfo.address1": "10 Anson Road",
    "companyInfo.city": "Singapore",
    "companyInfo.state": "Singapore",
    "companyInfo.zipCode": "079903",
    "companyInfo.isoCountryCode": "SG",
    "contactInfo.firstName": "Mei",
    "contactInfo.lastName": "Tan",
    "contactInfo.supportEmail": "support-sg@northwind-dental.example",
    "contactInfo.supportPhoneNumber": "+6561234567",
    "senderIdInfo.senderId": SENDER,
    "senderIdInfo.isRepresentative": ["False"],
    "messagingUseCase.monthlyMessageVolume": ["1,000"],
    "messagingUseCase.useCaseCategory": ["NOTIFICATIONS"],
    "messageSamples.messageSample1": "NWDENTAL: your appointment is on 3 May at 10:00. Reply STOP to opt out.",
}
WRITES = ("CreateRegistration", "PutRegistrationFieldValue", "SubmitRegistrationVersion")
FAULTS = ("ThrottlingException", "InternalServerException", "timeout")


def _props(
    review_state: str = REVIEW_STATE_INITIAL, fields: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    props = registration_properties([], fields=dict(fields or SG_FIELDS), registration_type=SG_TYPE)
    props[RegistrationProps.SENDER_IDS] = [{SenderIdKeys.SENDER_ID: SENDER, SenderIdKeys.ISO_COUNTRY_CODE: "SG"}]
    props[RegistrationProps.REVIEW_STATE] = review_state
    return {**props, **extra}


def _deployed(cfn: CloudFormationHarness, props: dict[str, Any]) -> Outcome:
    if "SenderId" in cfn.resources:
        outcome = cfn.update("SenderId", props)
    else:
        outcome = cfn.create("SenderId", REGISTRATION_TYPE, props)
    assert outcome.ok, outcome.reason
    return outcome


def _submits(aws: FakeAws) -> list[Any]:
    return [
        c for c in aws.sms.calls if c.action == "SubmitRegistrationVersion" and c.outcome in ("ok", "ok-response-lost")
    ]


def test_the_sample_values_are_valid_against_the_shipped_snapshot() -> None:
    assert validate_field_values(load_snapshot(SG_TYPE), SG_FIELDS) == []


def _approved(aws: FakeAws, cfn: CloudFormationHarness) -> tuple[str, Outcome]:
    submitted = _deployed(cfn, _props())
    registration_id = submitted.physical_id
    assert aws.sms.registrations[registration_id].latest.status == "SUBMITTED"
    assert json.loads(submitted.data[RegistrationAttrs.SENDER_ID_ARNS]) == {}
    assert submitted.data[RegistrationAttrs.WAITING_FOR].startswith(f"approval of registration {registration_id}")
    assert aws.sms.calls_to("DescribeSenderIds", outcome=None) == []  # nothing to ask before approval
    aws.sms.approve(registration_id)
    return registration_id, _deployed(cfn, _props("digest-after-approval"))


def test_after_approval_the_next_deploy_reports_the_provisioned_sender_id_and_writes_nothing(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    writes = len(aws.sms.write_calls())
    registration_id, approved = _approved(aws, cfn)
    arn = aws.sms.sender_ids[f"{SENDER}:SG"]["SenderIdArn"]
    assert json.loads(approved.data[RegistrationAttrs.SENDER_ID_ARNS]) == {f"{SENDER}:SG": arn}
    assert RegistrationAttrs.WAITING_FOR not in approved.data
    assert len(_submits(aws)) == 1
    after = len(aws.sms.write_calls())
    assert _deployed(cfn, _props("digest-after-approval")).ok  # unchanged redeploy
    assert len(aws.sms.write_calls()) == after > writes
    assert aws.sms.registrations[registration_id].status == "COMPLETE"


def test_a_sender_id_not_provisioned_yet_is_waited_for(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    _deployed(cfn, _props())
    registration_id = cfn.resources["SenderId"].physical_id
    aws.sms.approve(registration_id)
    provisioned = aws.sms.sender_ids.pop(f"{SENDER}:SG")  # the service has not provisioned it yet
    waiting = _deployed(cfn, _props("digest-1"))
    assert waiting.data[RegistrationAttrs.WAITING_FOR] == f"provisioning of sender ID {SENDER}:SG"
    assert json.loads(waiting.data[RegistrationAttrs.SENDER_ID_ARNS]) == {}
    someone_elses = dict(provisioned, RegistrationId="registration-of-another-account-user")  # the API's member
    aws.sms.sender_ids[f"{SENDER}:SG"] = someone_elses
    assert _deployed(cfn, _props("digest-2")).data[RegistrationAttrs.WAITING_FOR].startswith("provisioning")
    aws.sms.sender_ids[f"{SENDER}:SG"] = provisioned
    done = _deployed(cfn, _props("digest-3"))
    assert json.loads(done.data[RegistrationAttrs.SENDER_ID_ARNS]) == {f"{SENDER}:SG": provisioned["SenderIdArn"]}


def test_a_denied_registration_is_fixed_by_a_one_field_edit_and_provisions_the_fixed_form(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    registration_id = _deployed(cfn, _props()).physical_id
    aws.sms.deny(registration_id, reasons=["Company website not reachable"])
    fixed = {**SG_FIELDS, "companyInfo.website": "https://sg.northwind-dental.example"}
    outcome = _deployed(cfn, _props(fields=fixed))
    registration = aws.sms.registrations[registration_id]
    assert [v.status for v in registration.versions] == ["DENIED", "SUBMITTED"]
    assert set(registration.latest.values) == set(SG_FIELDS)  # the new version got every field again
    assert outcome.data[RegistrationAttrs.VERSION_NUMBER] == "2" and len(_submits(aws)) == 2
    assert len(aws.sms.calls_to("CreateRegistrationVersion")) == 1
    aws.sms.approve(registration_id)
    approved = _deployed(cfn, _props("digest-1", fields=fixed))
    assert list(json.loads(approved.data[RegistrationAttrs.SENDER_ID_ARNS])) == [f"{SENDER}:SG"]


def test_a_default_delete_deletes_nothing(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    _approved(aws, cfn)
    writes = len(aws.sms.write_calls())
    assert all(outcome.ok for outcome in cfn.delete_stack())
    assert len(aws.sms.write_calls()) == writes
    assert f"{SENDER}:SG" in aws.sms.sender_ids


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("action", WRITES)
def test_a_fault_on_any_write_converges_without_a_duplicate(action: str, fault: str) -> None:
    aws = FakeAws()
    cfn = CloudFormationHarness(aws)
    aws.sms.fail_nth(action, 1, fault)
    aws.sms.fail_nth(action, 3, fault)
    _approved(aws, cfn)
    assert len(aws.sms.live_registrations()) == 1 and len(_submits(aws)) == 1
    served = "ok-response-lost" if fault == "timeout" else fault
    assert [c for c in aws.sms.calls if c.action == action and c.outcome == served]


# ----- what the type cannot do fails before any write ----------------------------------------------------


def test_a_sender_id_in_a_country_the_type_does_not_register_fails_before_any_write(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    india = [{SenderIdKeys.SENDER_ID: SENDER, SenderIdKeys.ISO_COUNTRY_CODE: "IN"}]
    refused = cfn.create("SenderId", REGISTRATION_TYPE, {**_props(), RegistrationProps.SENDER_IDS: india})
    assert not refused.ok and f"{SG_TYPE} registers no sender ID in IN" in refused.reason
    assert aws.sms.write_calls() == []


def test_another_sender_id_behaviour_is_refused_as_not_supported_before_any_write(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    aws.sms.put_registration_type(
        SG_TYPE,
        {
            "ResourceType": "SENDER_ID",
            "IsoCountryCode": "SG",
            "AssociationBehavior": "ASSOCIATE_BEFORE_SUBMIT",
            "DisassociationBehavior": "DELETE_REGISTRATION_DISASSOCIATES",
        },
    )
    refused = cfn.create("SenderId", REGISTRATION_TYPE, _props())
    assert not refused.ok
    assert "ASSOCIATE_BEFORE_SUBMIT" in refused.reason and "not supported yet" in refused.reason
    assert aws.sms.write_calls() == []


def test_a_malformed_sender_id_entry_fails_before_any_write(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    refused = cfn.create(
        "SenderId", REGISTRATION_TYPE, {**_props(), RegistrationProps.SENDER_IDS: [{SenderIdKeys.SENDER_ID: SENDER}]}
    )
    assert not refused.ok and "needs SenderId and IsoCountryCode" in refused.reason
    assert aws.sms.write_calls() == []


def test_a_sender_id_registered_to_a_registration_with_a_lower_id_is_not_ours(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    """Ownership is equality of the RegistrationId, not an order of IDs."""
    registration_id, _ = _approved(aws, cfn)
    provisioned = aws.sms.sender_ids[f"{SENDER}:SG"]
    aws.sms.sender_ids[f"{SENDER}:SG"] = dict(provisioned, RegistrationId="registration-0")  # sorts first
    assert registration_id > "registration-0"
    waiting = _deployed(cfn, _props("digest-lower"))
    assert waiting.data[RegistrationAttrs.WAITING_FOR] == f"provisioning of sender ID {SENDER}:SG"


def test_an_approved_registration_with_a_newer_version_in_review_still_reports_its_sender_id(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    """Approved once is approved: a later edit opens a version under review (the registration reads SUBMITTED,
    with ApprovedVersionNumber), and the sender ID provisioned on the first approval stays registered."""
    registration_id, approved = _approved(aws, cfn)
    edited = _deployed(cfn, _props("digest-after-approval", fields={**SG_FIELDS, "contactInfo.lastName": "Lim"}))
    registration = aws.sms.registrations[registration_id]
    assert registration.status == "SUBMITTED" and registration.approved_version == 1
    assert edited.data[RegistrationAttrs.SENDER_ID_ARNS] == approved.data[RegistrationAttrs.SENDER_ID_ARNS] != "{}"
    assert RegistrationAttrs.WAITING_FOR not in edited.data


@pytest.mark.parametrize("error", ["AccessDeniedException", "ValidationException"])
def test_a_refused_sender_id_read_fails_the_deploy_rather_than_waiting(
    aws: FakeAws, cfn: CloudFormationHarness, error: str
) -> None:
    """Only ResourceNotFoundException means "not provisioned yet"; any other refusal is reported."""
    _registration_id, _ = _approved(aws, cfn)
    aws.sms.fail_next("DescribeSenderIds", error)
    refused = cfn.update("SenderId", _props("digest-refused"))
    assert not refused.ok and error in refused.reason


def test_an_empty_sender_id_entry_is_refused_before_any_write(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    props = _props()
    props[RegistrationProps.SENDER_IDS] = [{SenderIdKeys.SENDER_ID: "", SenderIdKeys.ISO_COUNTRY_CODE: "SG"}]
    refused = cfn.create("Empty", REGISTRATION_TYPE, props)
    assert not refused.ok and f"needs {SenderIdKeys.SENDER_ID} and {SenderIdKeys.ISO_COUNTRY_CODE}" in refused.reason
    assert aws.sms.write_calls() == []
