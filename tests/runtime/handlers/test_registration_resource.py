"""Custom::SmsRegistration end to end: fill, attach, associate, submit; denial, resubmission, approval."""

from __future__ import annotations

import json

from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness
from fakes.estate import PHONE, REGISTRATION, Estate
from fakes.samples import NUMBER_PROPERTIES, OPT_IN_FIELD, TFN_FIELDS, attachment_property, png, registration_properties

from sms_runtime.contract import RegistrationAttrs

SAMPLE = "messageSamples.messageSample1"


def _deploy_submitted(estate: Estate) -> str:
    assert estate.number().ok
    outcome = estate.registration()
    assert outcome.ok, outcome.reason
    return estate.registration_id()


def test_create_fills_binds_associates_and_submits(aws: FakeAws, estate: Estate) -> None:
    registration_id = _deploy_submitted(estate)
    registration = aws.sms.registrations[registration_id]
    version = registration.latest
    assert (registration.status, version.status, version.number) == ("SUBMITTED", "SUBMITTED", 1)
    attachment_id = json.loads(estate.cfn.resources["Registration"].data[RegistrationAttrs.ATTACHMENT_IDS])[
        OPT_IN_FIELD
    ]
    assert version.values[OPT_IN_FIELD] == {"RegistrationAttachmentId": attachment_id}
    assert version.values["companyInfo.businessType"] == {"SelectChoices": ["PRIVATE_PROFIT"]}
    assert set(version.values) == set(TFN_FIELDS) | {OPT_IN_FIELD}
    assert registration.associations == [estate.cfn.resources["Number"].physical_id]
    data = estate.cfn.resources["Registration"].data
    assert (
        data[RegistrationAttrs.STATUS],
        data[RegistrationAttrs.VERSION_NUMBER],
        data[RegistrationAttrs.REGISTRATION_ID],
    ) == ("SUBMITTED", "1", registration_id)


def test_attachment_is_awaited_until_upload_completes_before_binding() -> None:
    aws = FakeAws(attachment_upload_seconds=45.0)
    estate = Estate(aws, CloudFormationHarness(aws, query_interval=10.0))
    assert estate.number().ok
    outcome = estate.registration()
    assert outcome.ok and outcome.polls >= 4
    [bind] = [c for c in aws.sms.calls_to("PutRegistrationFieldValue") if c.params["FieldPath"] == OPT_IN_FIELD]
    attachment = next(iter(aws.sms.attachments.values()))
    assert bind.time >= attachment["ReadyAt"]


def test_denied_then_changed_config_opens_version_reputs_everything_and_resubmits(aws: FakeAws, estate: Estate) -> None:
    registration_id = _deploy_submitted(estate)
    aws.sms.deny(
        registration_id, reasons=["Opt-in image does not show consent"], field_feedback={OPT_IN_FIELD: "unclear"}
    )
    puts_before = len(aws.sms.calls_to("PutRegistrationFieldValue"))
    fields = {**TFN_FIELDS, SAMPLE: TFN_FIELDS[SAMPLE] + " Msg&data rates may apply."}
    outcome = estate.cfn.update("Registration", estate.registration_props(fields=fields))
    assert outcome.ok, outcome.reason
    registration = aws.sms.registrations[registration_id]
    assert [v.status for v in registration.versions] == ["DENIED", "SUBMITTED"]
    assert len(aws.sms.calls_to("CreateRegistrationVersion")) == 1
    # A new version starts empty: every field and the attachment went in again, not just the change.
    assert len(aws.sms.calls_to("PutRegistrationFieldValue")) - puts_before == len(TFN_FIELDS) + 1
    assert registration.latest.values[SAMPLE] == {"TextValue": fields[SAMPLE]}
    # No second attachment: the unchanged file's attachment is reused from the denied version.
    assert len(aws.sms.attachments) == 1
    aws.sms.approve(registration_id)
    assert registration.status == "COMPLETE"
    assert aws.sms.numbers[estate.cfn.resources["Number"].physical_id]["Status"] == "ACTIVE"
    assert (
        estate.cfn.update("Registration", estate.registration_props(fields=fields)).data[RegistrationAttrs.STATUS]
        == "COMPLETE"
    )


def test_denied_and_unchanged_writes_nothing_and_reports_the_reasons(aws: FakeAws, estate: Estate) -> None:
    registration_id = _deploy_submitted(estate)
    aws.sms.deny(registration_id, reasons=["Website not live"])
    writes = len(aws.sms.write_calls())
    outcome = estate.cfn.update("Registration", estate.registration_props())
    assert outcome.ok
    assert len(aws.sms.write_calls()) == writes
    assert outcome.data[RegistrationAttrs.STATUS] == "REQUIRES_UPDATES"
    assert outcome.data[RegistrationAttrs.DENIED_REASONS] == "Website not live"


def test_change_while_in_review_fails_clearly_and_writes_nothing(aws: FakeAws, estate: Estate) -> None:
    _deploy_submitted(estate)
    writes = len(aws.sms.write_calls())
    outcome = estate.cfn.update(
        "Registration",
        estate.registration_props(fields={**TFN_FIELDS, SAMPLE: "Example Clinic: new. Reply STOP to opt out."}),
    )
    assert not outcome.ok
    assert "is SUBMITTED: nothing is editable" in outcome.reason
    assert len(aws.sms.write_calls()) == writes


def test_approved_with_changes_opens_a_new_version_and_resubmits(aws: FakeAws, estate: Estate) -> None:
    registration_id = _deploy_submitted(estate)
    aws.sms.approve(registration_id)
    fields = {**TFN_FIELDS, "companyInfo.address1": "200 Pine Street"}
    assert estate.cfn.update("Registration", estate.registration_props(fields=fields)).ok
    registration = aws.sms.registrations[registration_id]
    assert [v.status for v in registration.versions] == ["APPROVED", "SUBMITTED"]
    assert set(registration.latest.values) == set(TFN_FIELDS) | {OPT_IN_FIELD}


def test_draft_update_puts_only_the_changed_field(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    assert estate.registration(submit=False).ok
    before = len(aws.sms.write_calls())
    fields = {**TFN_FIELDS, "companyInfo.city": "Tacoma"}
    assert estate.cfn.update("Registration", estate.registration_props(fields=fields, submit=False)).ok
    [put] = aws.sms.write_calls()[before:]
    assert put.action == "PutRegistrationFieldValue" and put.params["TextValue"] == "Tacoma"
    assert aws.sms.registrations[estate.registration_id()].latest.status == "DRAFT"


def test_string_false_submit_leaves_a_draft(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    assert estate.registration(submit="false").ok
    assert aws.sms.calls_to("SubmitRegistrationVersion", outcome=None) == []


def test_lint_errors_block_submission_with_the_findings(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    outcome = estate.registration(fields={**TFN_FIELDS, SAMPLE: "Your code is 1234"})
    assert not outcome.ok
    assert "was not submitted: the lint reports errors" in outcome.reason
    assert "TFN-SAMPLE-OPTOUT" in outcome.reason
    assert aws.sms.calls_to("SubmitRegistrationVersion", outcome=None) == []


def test_values_the_live_definitions_reject_fail_before_any_write(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    writes = len(aws.sms.write_calls())
    outcome = estate.registration(fields={**TFN_FIELDS, "messagingUseCase.useCaseDetails": "x" * 501})
    assert not outcome.ok and "messagingUseCase.useCaseDetails" in outcome.reason
    assert "nothing was written" in outcome.reason
    assert len(aws.sms.write_calls()) == writes


def test_delete_keeps_a_submitted_registration_even_when_drafts_may_be_deleted(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    assert estate.registration(delete_draft_on_removal=True).ok
    registration_id = estate.registration_id()
    assert estate.cfn.delete("Registration").ok
    assert aws.sms.calls_to("DeleteRegistration", outcome=None) == []
    assert aws.sms.registrations[registration_id].status == "SUBMITTED"


def test_delete_removes_a_never_submitted_draft_only_when_configured(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    assert estate.registration(submit=False, delete_draft_on_removal=True).ok
    assert estate.cfn.delete("Registration").ok
    assert aws.sms.live_registrations() == []


def test_generic_over_types_other_types_associate_per_their_definition(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    # A type whose numbers are provisioned on approval: no association is attempted before submit.
    aws.sms.put_registration_type(
        "US_TOLL_FREE_REGISTRATION",
        {
            "ResourceType": "TOLL_FREE",
            "AssociationBehavior": "ASSOCIATE_ON_APPROVAL",
            "DisassociationBehavior": "DELETE_REGISTRATION_DISASSOCIATES",
        },
    )
    number_id = cfn.create("Number", PHONE, NUMBER_PROPERTIES).physical_id
    props = registration_properties([number_id], submit=False)
    assert cfn.create("Registration", REGISTRATION, props).ok
    assert aws.sms.calls_to("CreateRegistrationAssociation", outcome=None) == []


def test_small_api_pages_are_followed_to_the_end() -> None:
    aws = FakeAws(max_page_size=4)
    estate = Estate(aws, CloudFormationHarness(aws))
    assert estate.number().ok
    assert estate.registration().ok
    pages = aws.sms.calls_to("DescribeRegistrationFieldDefinitions")
    assert any("NextToken" in call.params for call in pages)
    assert aws.sms.registrations[estate.registration_id()].latest.status == "SUBMITTED"


def test_retried_create_request_creates_nothing_new(aws: FakeAws, estate: Estate) -> None:
    registration_id = _deploy_submitted(estate)
    again = estate.cfn.retry_last()
    assert again.ok and again.physical_id == registration_id
    assert len(aws.sms.live_registrations()) == 1 and len(aws.sms.attachments) == 1
    assert len(aws.sms.calls_to("SubmitRegistrationVersion")) == 1


def test_failed_update_is_rolled_back_without_writing(aws: FakeAws, estate: Estate) -> None:
    _deploy_submitted(estate)
    writes = len(aws.sms.write_calls())
    changed = {**TFN_FIELDS, "companyInfo.city": "Tacoma"}
    assert not estate.cfn.update("Registration", estate.registration_props(fields=changed)).ok
    rollback = estate.cfn.last_rollback
    assert rollback is not None and rollback.ok
    assert len(aws.sms.write_calls()) == writes


def test_a_changed_attachment_file_is_uploaded_once_and_rebound(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    assert estate.registration(submit=False).ok
    image = png(width=16)
    aws.s3.put("cdk-assets", "opt-in-v2.png", image)
    attachments = {OPT_IN_FIELD: attachment_property("cdk-assets", "opt-in-v2.png", image)}
    before = len(aws.sms.write_calls())
    props = registration_properties([estate.cfn.resources["Number"].physical_id], attachments=attachments, submit=False)
    outcome = estate.cfn.update("Registration", props)
    assert outcome.ok
    assert [c.action for c in aws.sms.write_calls()[before:]] == [
        "CreateRegistrationAttachment",
        "PutRegistrationFieldValue",
    ]
    new_id = json.loads(outcome.data[RegistrationAttrs.ATTACHMENT_IDS])[OPT_IN_FIELD]
    registration = aws.sms.registrations[estate.registration_id()]
    assert registration.latest.values[OPT_IN_FIELD] == {"RegistrationAttachmentId": new_id}
