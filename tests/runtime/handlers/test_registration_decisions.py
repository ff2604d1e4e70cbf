"""Custom::SmsRegistration decisions that cost weeks when wrong: what is written, submitted, associated, kept.

Every test drives the real handlers against the fake SMS API behind real botocore, with events parsed from
JSON as Lambda delivers them (:mod:`fakes.lambda_harness`): a string compared by identity fails here too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fakes.api_error import ApiError
from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness, handler_event
from fakes.estate import PHONE, REGISTRATION, Estate
from fakes.samples import NUMBER_PROPERTIES, OPT_IN_FIELD, TFN_FIELDS, registration_properties
from fakes.sms_api import Version

from sms_runtime.contract import (
    AttachmentKeys,
    LintSuppressionKeys,
    PhoneNumberProps,
    RegistrationAttrs,
    RegistrationProps,
    RollbackAttrs,
)
from sms_runtime.handlers import dispatch
from sms_runtime.handlers.request import HandlerError

SAMPLE = "messageSamples.messageSample1"
TFN = "US_TOLL_FREE_REGISTRATION"


@pytest.fixture
def estate(aws: FakeAws) -> Estate:
    return Estate(aws, CloudFormationHarness(aws))


def _decisions(capsys: pytest.CaptureFixture[str], step: str) -> list[dict[str, Any]]:
    """The registration's decision lines of ``step`` written since the last read."""
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith('{"log":')]
    return [line for line in lines if line["resourceType"] == REGISTRATION and line["step"] == step]


def _draft(estate: Estate, **overrides: Any) -> str:
    assert estate.number().ok
    outcome = estate.registration(submit=False, **overrides)
    assert outcome.ok, outcome.reason
    return estate.registration_id()


def _submitted(estate: Estate) -> str:
    assert estate.number().ok
    outcome = estate.registration()
    assert outcome.ok, outcome.reason
    return estate.registration_id()


def _changed(**fields: Any) -> dict[str, Any]:
    return {**TFN_FIELDS, SAMPLE: TFN_FIELDS[SAMPLE] + " Msg&data rates may apply.", **fields}


# ----- properties: refused before anything is created -------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "complaint"),
    [
        (
            {"fields": {**TFN_FIELDS, "companyInfo.city": {"name": "Seattle"}}},
            "field companyInfo.city must be a string",
        ),
        (
            {"lint_suppressions": "TFN-SAMPLE-OPTOUT"},
            "property LintSuppressions must be a list of {Rule, Reason, Field}",
        ),
        (
            {"lint_suppressions": ["TFN-SAMPLE-OPTOUT"]},
            "property LintSuppressions must be a list of {Rule, Reason, Field}",
        ),
    ],
    ids=["field-object", "suppressions-text", "suppressions-of-text"],
)
def test_malformed_properties_fail_before_a_registration_is_created(
    aws: FakeAws, estate: Estate, overrides: dict[str, Any], complaint: str
) -> None:
    assert estate.number().ok
    outcome = estate.registration(**overrides)
    assert not outcome.ok and complaint in outcome.reason, outcome.reason
    assert aws.sms.calls_to("CreateRegistration", outcome=None) == []


@pytest.mark.parametrize(
    "attachment",
    [
        {AttachmentKeys.BUCKET: "cdk-assets", AttachmentKeys.KEY: "optin.png", AttachmentKeys.FILE_NAME: "opt-in.png"},
        "s3://cdk-assets/optin.png",
    ],
    ids=["without-sha256", "not-an-object"],
)
def test_an_attachment_without_its_asset_fields_fails_before_a_registration_is_created(
    aws: FakeAws, estate: Estate, attachment: object
) -> None:
    assert estate.number().ok
    number_id = estate.cfn.resources["Number"].physical_id
    props = registration_properties([number_id], attachments={OPT_IN_FIELD: attachment})  # type: ignore[dict-item]
    outcome = estate.cfn.create("Registration", REGISTRATION, props)
    assert not outcome.ok
    assert f"attachment {OPT_IN_FIELD} needs Bucket, Key, FileName and Sha256" in outcome.reason
    assert aws.sms.calls_to("CreateRegistration", outcome=None) == []


def test_a_suppressed_lint_finding_lets_the_registration_be_submitted(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    suppression = {
        LintSuppressionKeys.RULE: "TFN-SAMPLE-OPTOUT",
        LintSuppressionKeys.REASON: "the opt-out is in the welcome text",
        LintSuppressionKeys.FIELD: SAMPLE,
    }
    fields = {**TFN_FIELDS, SAMPLE: "Example Clinic: your code is 1234"}
    outcome = estate.registration(fields=fields, lint_suppressions=[suppression])
    assert outcome.ok, outcome.reason
    assert aws.sms.registrations[estate.registration_id()].latest.status == "SUBMITTED"


# ----- defaults: a registration is submitted, reviewed by AWS or deleted only when asked -----------------


def test_without_submit_the_registration_stays_a_draft(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    props = estate.registration_props()
    del props[RegistrationProps.SUBMIT]
    outcome = estate.cfn.create("Registration", REGISTRATION, props)
    assert outcome.ok, outcome.reason
    assert aws.sms.calls_to("SubmitRegistrationVersion", outcome=None) == []
    assert aws.sms.registrations[outcome.physical_id].latest.status == "DRAFT"
    assert outcome.data[RegistrationAttrs.STATUS] == "CREATED"


def test_aws_review_is_asked_for_only_when_configured(aws: FakeAws, estate: Estate) -> None:
    _submitted(estate)
    [plain] = aws.sms.calls_to("SubmitRegistrationVersion")
    assert "AwsReview" not in plain.params  # the API's default, never sent
    second = Estate(aws, estate.cfn)
    outcome = second.cfn.create("Reviewed", REGISTRATION, second.registration_props(aws_review=True))
    assert outcome.ok, outcome.reason
    reviewed = aws.sms.calls_to("SubmitRegistrationVersion")[-1]
    assert reviewed.params["AwsReview"] is True
    assert outcome.data[RegistrationAttrs.STATUS] == "AWS_REVIEWING"


def test_create_reports_the_registration_and_tags_it_with_its_logical_id(aws: FakeAws, estate: Estate) -> None:
    registration_id = _submitted(estate)
    data = estate.cfn.resources["Registration"].data
    attachment_id = next(iter(aws.sms.attachments))
    assert data[RegistrationAttrs.REGISTRATION_ID] == registration_id
    assert data[RegistrationAttrs.REGISTRATION_ARN] == aws.sms.registrations[registration_id].arn
    assert (data[RegistrationAttrs.STATUS], data[RegistrationAttrs.VERSION_NUMBER]) == ("SUBMITTED", "1")
    assert data[RegistrationAttrs.ATTACHMENT_IDS] == json.dumps({OPT_IN_FIELD: attachment_id})
    assert data[RegistrationAttrs.PENDING_ASSOCIATIONS] == "0"
    assert RegistrationAttrs.ASSOCIATIONS_WAIT_FOR not in data and RegistrationAttrs.DENIED_REASONS not in data
    [created] = aws.sms.calls_to("CreateRegistration")
    assert {"Key": "Name", "Value": "Registration"} in created.params["Tags"]


def test_the_registration_type_cannot_change_in_place(aws: FakeAws, estate: Estate) -> None:
    _submitted(estate)
    writes = len(aws.sms.write_calls())
    props = estate.registration_props(registration_type="US_TEN_DLC_BRAND_REGISTRATION")
    outcome = estate.cfn.update("Registration", props, rollback=False)
    assert not outcome.ok
    assert "RegistrationType cannot change from US_TOLL_FREE_REGISTRATION to US_TEN_DLC_BRAND_REGISTRATION" in (
        outcome.reason
    )
    assert len(aws.sms.write_calls()) == writes


# ----- delete: only a never-submitted draft, only when configured ---------------------------------------


def test_delete_by_default_keeps_even_a_draft_and_calls_nothing(
    aws: FakeAws, estate: Estate, capsys: pytest.CaptureFixture[str]
) -> None:
    registration_id = _draft(estate)
    calls = len(aws.sms.calls)
    capsys.readouterr()
    assert estate.cfn.delete("Registration").ok
    assert len(aws.sms.calls) == calls
    assert aws.sms.registrations[registration_id].status == "CREATED"
    [line] = _decisions(capsys, "onEvent")
    assert line["actions"] == ["retain"]


def test_delete_of_a_configured_draft_deletes_it_once(
    aws: FakeAws, estate: Estate, capsys: pytest.CaptureFixture[str]
) -> None:
    registration_id = _draft(estate, delete_draft_on_removal=True)
    capsys.readouterr()
    outcome = estate.cfn.delete("Registration")
    assert outcome.ok, outcome.reason
    [deleted] = aws.sms.calls_to("DeleteRegistration")
    assert deleted.params == {"RegistrationId": registration_id}
    [on_event] = _decisions(capsys, "onEvent")
    assert on_event["actions"] == ["delete-draft"]


def test_delete_of_a_registration_already_gone_succeeds_without_deleting(aws: FakeAws, estate: Estate) -> None:
    registration_id = _draft(estate, delete_draft_on_removal=True)
    aws.sms.registrations[registration_id].status = "DELETED"  # deleted in the console meanwhile
    assert estate.cfn.delete("Registration").ok
    assert aws.sms.calls_to("DeleteRegistration", outcome=None) == []


def test_delete_that_cannot_read_the_registration_fails_and_deletes_nothing(aws: FakeAws, estate: Estate) -> None:
    registration_id = _draft(estate, delete_draft_on_removal=True)
    aws.sms.fail_next("DescribeRegistrations", "AccessDeniedException")
    outcome = estate.cfn.delete("Registration")
    assert not outcome.ok and "AccessDenied" in outcome.reason
    assert aws.sms.calls_to("DeleteRegistration", outcome=None) == []
    assert aws.sms.registrations[registration_id].status == "CREATED"


def _denied_with_a_new_draft(aws: FakeAws, estate: Estate) -> str:
    registration_id = _submitted(estate)
    aws.sms.deny(registration_id)
    assert estate.cfn.update("Registration", estate.registration_props(fields=_changed(), submit=False)).ok
    return registration_id


def _approved_with_a_new_draft(aws: FakeAws, estate: Estate) -> str:
    registration_id = _submitted(estate)
    aws.sms.approve(registration_id)
    assert estate.cfn.update("Registration", estate.registration_props(fields=_changed(), submit=False)).ok
    return registration_id


def _closed_draft(aws: FakeAws, estate: Estate) -> str:
    registration_id = _draft(estate)
    number_id = estate.cfn.resources["Number"].physical_id
    aws.sms.numbers[number_id]["DeletionProtectionEnabled"] = False
    aws.sms_client().release_phone_number(PhoneNumberId=number_id)  # in the console: the registration closes
    assert aws.sms.registrations[registration_id].status == "CLOSED"
    return registration_id


def _created_but_version_submitted(aws: FakeAws, estate: Estate) -> str:
    registration_id = _submitted(estate)
    aws.sms.registrations[registration_id].status = "CREATED"  # the two reads are not one snapshot
    return registration_id


def _submitted_but_version_draft(aws: FakeAws, estate: Estate) -> str:
    registration_id = _draft(estate)
    aws.sms.registrations[registration_id].status = "SUBMITTED"  # submitted in the console; the version lags
    return registration_id


@pytest.mark.parametrize(
    "setup",
    [
        _denied_with_a_new_draft,
        _approved_with_a_new_draft,
        _closed_draft,
        _created_but_version_submitted,
        _submitted_but_version_draft,
    ],
    ids=["denied-new-draft", "approved-new-draft", "closed-draft", "created-version-submitted", "submitted-draft"],
)
def test_delete_keeps_a_registration_that_was_ever_submitted_or_left_created(
    aws: FakeAws, estate: Estate, capsys: pytest.CaptureFixture[str], setup: Callable[[FakeAws, Estate], str]
) -> None:
    registration_id = setup(aws, estate)
    status = aws.sms.registrations[registration_id].status
    props = {**estate.cfn.resources["Registration"].properties, RegistrationProps.DELETE_DRAFT_ON_REMOVAL: "true"}
    estate.cfn.resources["Registration"].properties = props
    capsys.readouterr()
    outcome = estate.cfn.delete("Registration")
    assert outcome.ok, outcome.reason
    assert aws.sms.calls_to("DeleteRegistration", outcome=None) == []
    assert aws.sms.registrations[registration_id].status == status
    [line] = _decisions(capsys, "onEvent")
    assert line["actions"] == ["retain"] and line["detail"] == {"reason": "submitted-before"}


# ----- polls: waiting, budgets, uploads ------------------------------------------------------------------


def test_a_poll_out_of_budget_is_not_complete_and_the_next_writes_each_field_once(aws: FakeAws) -> None:
    estate = Estate(aws, CloudFormationHarness(aws, invocation_budget=8.0))
    assert estate.number().ok
    outcome = estate.registration()
    assert outcome.ok, outcome.reason
    assert outcome.polls > 2 and outcome.data[RegistrationAttrs.STATUS] == "SUBMITTED"
    paths = [call.params["FieldPath"] for call in aws.sms.calls_to("PutRegistrationFieldValue")]
    assert sorted(paths) == sorted({*TFN_FIELDS, OPT_IN_FIELD})
    assert len(aws.sms.calls_to("SubmitRegistrationVersion")) == 1


@pytest.mark.parametrize("status", ["UPLOAD_FAILED", "DELETED"])
def test_a_failed_upload_fails_the_poll_before_any_field_is_written(aws: FakeAws, estate: Estate, status: str) -> None:
    assert estate.number().ok
    event = json.loads(
        json.dumps(handler_event(REGISTRATION, estate.registration_props(), LogicalResourceId="Registration"))
    )
    waiting = {**event, **dispatch.handle_on_event(event, aws.clients())}
    [attachment_id] = aws.sms.attachments
    aws.sms.attachments[attachment_id]["Status"] = status
    with pytest.raises(HandlerError, match=f"attachment upload failed for {attachment_id}; change the file"):
        dispatch.handle_is_complete(waiting, aws.clients())
    assert aws.sms.calls_to("PutRegistrationFieldValue", outcome=None) == []


# ----- fields: what is put, deleted, opened and submitted ----------------------------------------------


def test_a_draft_update_deletes_a_removed_field_and_puts_only_the_changed_one(
    aws: FakeAws, estate: Estate, capsys: pytest.CaptureFixture[str]
) -> None:
    registration_id = _draft(estate, fields={**TFN_FIELDS, "companyInfo.address2": "Suite 4"})
    before = len(aws.sms.write_calls())
    capsys.readouterr()
    fields = {**TFN_FIELDS, "companyInfo.city": "Tacoma"}
    assert estate.cfn.update("Registration", estate.registration_props(fields=fields, submit=False)).ok
    written = [(c.action, c.params["FieldPath"]) for c in aws.sms.write_calls()[before:]]
    assert written == [
        ("PutRegistrationFieldValue", "companyInfo.city"),
        ("DeleteRegistrationFieldValue", "companyInfo.address2"),
    ]
    assert "companyInfo.address2" not in aws.sms.registrations[registration_id].latest.values
    [poll] = _decisions(capsys, "isComplete")
    assert poll["actions"] == ["put-fields"] and poll["detail"] == {"put": "1", "deleted": "1"}


def test_a_draft_submitted_unchanged_is_submitted_without_writing_a_field(
    aws: FakeAws, estate: Estate, capsys: pytest.CaptureFixture[str]
) -> None:
    registration_id = _draft(estate)
    capsys.readouterr()
    outcome = estate.cfn.update("Registration", estate.registration_props())
    assert outcome.ok, outcome.reason
    assert aws.sms.calls_to("PutRegistrationFieldValue", outcome=None)[len(TFN_FIELDS) + 1 :] == []
    assert aws.sms.registrations[registration_id].latest.status == "SUBMITTED"
    [poll] = _decisions(capsys, "isComplete")
    assert poll["actions"] == ["submit"]
    assert outcome.data[RegistrationAttrs.STATUS] == "SUBMITTED"


def test_an_approved_registration_changed_as_a_draft_reports_its_new_version(
    aws: FakeAws, estate: Estate, capsys: pytest.CaptureFixture[str]
) -> None:
    registration_id = _submitted(estate)
    aws.sms.approve(registration_id)
    capsys.readouterr()
    outcome = estate.cfn.update("Registration", estate.registration_props(fields=_changed(), submit=False))
    assert outcome.ok, outcome.reason
    assert [v.status for v in aws.sms.registrations[registration_id].versions] == ["APPROVED", "DRAFT"]
    assert (outcome.data[RegistrationAttrs.STATUS], outcome.data[RegistrationAttrs.VERSION_NUMBER]) == ("COMPLETE", "2")
    [poll] = _decisions(capsys, "isComplete")
    assert poll["actions"] == ["open-version", "put-fields"]
    assert poll["detail"] == {"put": str(len(TFN_FIELDS) + 1), "deleted": "0"}


def test_an_open_version_whose_answer_was_lost_is_used_not_opened_again(aws: FakeAws, estate: Estate) -> None:
    registration_id = _submitted(estate)
    aws.sms.approve(registration_id)
    aws.sms.fail_next("CreateRegistrationVersion", "timeout")  # opened; the answer never arrives
    outcome = estate.cfn.update("Registration", estate.registration_props(fields=_changed()))
    assert outcome.ok, outcome.reason
    assert [v.status for v in aws.sms.registrations[registration_id].versions] == ["APPROVED", "SUBMITTED"]
    assert len(aws.sms.calls_to("CreateRegistrationVersion", outcome="ConflictException")) == 1


def _versions_per_day_exhausted(params: dict[str, Any]) -> dict[str, Any]:
    raise ApiError(
        "ServiceQuotaExceededException", "too many versions today", Reason="REGISTRATION_VERSIONS_CREATED_PER_DAY"
    )


@pytest.mark.parametrize("refusal", ["AccessDeniedException", "ServiceQuotaExceededException"])
def test_a_refused_new_version_fails_at_once_and_writes_no_field(aws: FakeAws, estate: Estate, refusal: str) -> None:
    registration_id = _submitted(estate)
    aws.sms.approve(registration_id)
    puts = len(aws.sms.calls_to("PutRegistrationFieldValue", outcome=None))
    if refusal == "AccessDeniedException":
        aws.sms.fail_next("CreateRegistrationVersion", refusal)
    else:
        setattr(aws.sms, "_op_create_registration_version", _versions_per_day_exhausted)  # noqa: B010
    outcome = estate.cfn.update("Registration", estate.registration_props(fields=_changed()), rollback=False)
    assert not outcome.ok and refusal in outcome.reason and "CreateRegistrationVersion" in outcome.reason
    [refused] = aws.sms.calls_to("CreateRegistrationVersion", outcome=None)
    after = [c.action for c in aws.sms.calls[aws.sms.calls.index(refused) + 1 :]]
    assert "DescribeRegistrations" not in after  # nothing to check: the refusal is not "already open"
    assert len(aws.sms.calls_to("PutRegistrationFieldValue", outcome=None)) == puts


def test_a_version_submitted_elsewhere_meanwhile_is_never_written_into(aws: FakeAws, estate: Estate) -> None:
    """Between this poll's read and its CreateRegistrationVersion, someone opened and submitted a version in
    the console: the API refuses a new version, and the handler must not take the refusal for its own draft."""
    registration_id = _submitted(estate)
    aws.sms.approve(registration_id)
    registration = aws.sms.registrations[registration_id]
    opened = aws.sms._op_create_registration_version

    def submitted_elsewhere_first(params: dict[str, Any]) -> dict[str, Any]:
        registration.versions.append(Version(2, status="SUBMITTED"))
        registration.status = "SUBMITTED"
        return opened(params)

    setattr(aws.sms, "_op_create_registration_version", submitted_elsewhere_first)  # noqa: B010
    puts = len(aws.sms.calls_to("PutRegistrationFieldValue", outcome=None))
    outcome = estate.cfn.update("Registration", estate.registration_props(fields=_changed()), rollback=False)
    assert not outcome.ok and "CreateRegistrationVersion" in outcome.reason, outcome.reason
    assert len(aws.sms.calls_to("PutRegistrationFieldValue", outcome=None)) == puts


def test_a_submit_whose_answer_was_lost_is_not_a_failure(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    aws.sms.fail_next("SubmitRegistrationVersion", "timeout")
    outcome = estate.registration()
    assert outcome.ok, outcome.reason
    assert outcome.data[RegistrationAttrs.STATUS] == "SUBMITTED"
    assert len(aws.sms.calls_to("SubmitRegistrationVersion", outcome="ConflictException")) == 1


def test_a_refused_submit_fails_the_deploy_and_is_never_reported_submitted(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    aws.sms.fail_next("SubmitRegistrationVersion", "AccessDeniedException")
    outcome = estate.registration()
    assert not outcome.ok and "AccessDenied" in outcome.reason
    assert aws.sms.registrations[outcome.physical_id].latest.status == "DRAFT"


def test_denied_reasons_are_reported_joined_by_their_short_descriptions(aws: FakeAws, estate: Estate) -> None:
    registration_id = _submitted(estate)
    aws.sms.deny(registration_id, reasons=["Website not live", "Opt-in unclear"])
    outcome = estate.cfn.update("Registration", estate.registration_props())
    assert outcome.ok, outcome.reason
    assert outcome.data[RegistrationAttrs.DENIED_REASONS] == "Website not live; Opt-in unclear"


def test_a_deploy_that_changes_nothing_writes_and_rereads_nothing(
    aws: FakeAws, estate: Estate, capsys: pytest.CaptureFixture[str]
) -> None:
    _submitted(estate)
    writes, reads = len(aws.sms.write_calls()), len(aws.sms.calls_to("DescribeRegistrations"))
    capsys.readouterr()
    outcome = estate.cfn.update("Registration", estate.registration_props())
    assert outcome.ok and outcome.data[RegistrationAttrs.STATUS] == "SUBMITTED"
    assert len(aws.sms.write_calls()) == writes
    [poll] = _decisions(capsys, "isComplete")
    assert poll["actions"] == ["nothing"]
    # One read in onEvent, one in the poll; no re-read, as nothing was written.
    assert len(aws.sms.calls_to("DescribeRegistrations")) - reads == 2
    assert "DescribePhoneNumbers" not in poll["apiCalls"]  # every number is associated already


# ----- attachments: reused from a recent version, else uploaded again ------------------------------------


@pytest.mark.parametrize(("versions_back", "reused"), [(1, True), (4, True), (5, False)])
def test_an_unchanged_attachment_is_reused_from_the_five_newest_versions(
    aws: FakeAws, estate: Estate, versions_back: int, reused: bool
) -> None:
    """Seven versions (the console edited some); the newest, a DRAFT, does not hold the attachment yet."""
    registration_id = _submitted(estate)
    registration = aws.sms.registrations[registration_id]
    attachment_id = next(iter(aws.sms.attachments))
    bound = registration.versions[0].values.pop(OPT_IN_FIELD)
    registration.versions[0].status = "DENIED"
    registration.versions += [
        Version(n, status="DENIED", values=dict(registration.versions[0].values)) for n in range(2, 8)
    ]
    registration.versions[-1].status = "DRAFT"
    registration.versions[7 - versions_back - 1].values[OPT_IN_FIELD] = bound
    registration.status, registration.denied_version = "REQUIRES_UPDATES", 6
    uploads = len(aws.sms.calls_to("CreateRegistrationAttachment", outcome=None))
    outcome = estate.cfn.update("Registration", estate.registration_props(submit=False))
    assert outcome.ok, outcome.reason
    uploaded = len(aws.sms.calls_to("CreateRegistrationAttachment", outcome=None)) - uploads
    assert uploaded == (0 if reused else 1)
    assert registration.latest.values[OPT_IN_FIELD] == {"RegistrationAttachmentId": attachment_id}


def test_a_rollback_kept_as_it_is_reports_the_attachment_of_the_version_in_review(aws: FakeAws, estate: Estate) -> None:
    registration_id = _submitted(estate)
    aws.sms.approve(registration_id)
    attachment_id = next(iter(aws.sms.attachments))
    update = estate.cfn.update_stack([("Registration", estate.registration_props(fields=_changed()))], fail_after=True)
    assert update.outcomes[0].ok, update.outcomes[0].reason
    [rollback] = update.rollbacks
    assert rollback.ok, rollback.reason
    assert rollback.data[RollbackAttrs.SKIPPED_IN_ROLLBACK] == "true"
    assert rollback.data[RegistrationAttrs.ATTACHMENT_IDS] == json.dumps({OPT_IN_FIELD: attachment_id})
    assert (rollback.data[RegistrationAttrs.STATUS], rollback.data[RegistrationAttrs.VERSION_NUMBER]) == (
        "SUBMITTED",
        "2",
    )


# ----- associations: each number when its registration type allows it -----------------------------------


def test_a_number_the_registration_type_cannot_take_fails_before_anything_is_associated_or_submitted(
    aws: FakeAws, estate: Estate
) -> None:
    assert estate.number({PhoneNumberProps.ISO_COUNTRY_CODE: "CA"}).ok
    number_id = estate.cfn.resources["Number"].physical_id
    outcome = estate.registration()
    assert not outcome.ok
    assert (
        f"registration type {TFN} supports no association with a TOLL_FREE number in CA "
        f"(DescribeRegistrationTypeDefinitions); remove {number_id} from its PhoneNumberIds"
    ) in outcome.reason
    assert aws.sms.calls_to("CreateRegistrationAssociation", outcome=None) == []
    assert aws.sms.calls_to("SubmitRegistrationVersion", outcome=None) == []


def test_each_number_is_associated_when_its_own_entry_allows_and_the_rest_are_counted_as_waiting(
    aws: FakeAws, capsys: pytest.CaptureFixture[str]
) -> None:
    closes = "DISASSOCIATE_ALL_CLOSES_REGISTRATION"
    aws.sms.put_registration_type(
        TFN,
        [
            {
                "ResourceType": "TOLL_FREE",
                "AssociationBehavior": "ASSOCIATE_BEFORE_SUBMIT",
                "DisassociationBehavior": closes,
            },
            {
                "ResourceType": "LONG_CODE",
                "AssociationBehavior": "ASSOCIATE_ON_APPROVAL",
                "DisassociationBehavior": closes,
            },
            {
                "ResourceType": "TEN_DLC",
                "AssociationBehavior": "ASSOCIATE_AFTER_COMPLETE",
                "DisassociationBehavior": closes,
            },
        ],
    )
    cfn = CloudFormationHarness(aws)
    kinds = ["LONG_CODE", "TOLL_FREE", "TOLL_FREE", "TOLL_FREE", "TEN_DLC"]
    ids = [
        cfn.create(f"Number{i}", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.NUMBER_TYPE: kind}).physical_id
        for i, kind in enumerate(kinds)
    ]
    capsys.readouterr()
    outcome = cfn.create("Registration", REGISTRATION, registration_properties(ids, submit=False))
    assert outcome.ok, outcome.reason
    assert aws.sms.registrations[outcome.physical_id].associations == ids[1:4]
    assert outcome.data[RegistrationAttrs.PENDING_ASSOCIATIONS] == "2"
    assert outcome.data[RegistrationAttrs.ASSOCIATIONS_WAIT_FOR] == "COMPLETE, approval"
    [poll] = _decisions(capsys, "isComplete")
    assert poll["actions"] == ["put-fields", "associate-later", "associate"]
    assert {key: poll["detail"][key] for key in ("associated", "pending", "until")} == {
        "associated": "3",
        "pending": "2",
        "until": "approval",
    }


def test_numbers_that_must_wait_are_not_reported_as_associated(
    aws: FakeAws, capsys: pytest.CaptureFixture[str]
) -> None:
    aws.sms.put_registration_type(
        TFN,
        {
            "ResourceType": "TOLL_FREE",
            "AssociationBehavior": "ASSOCIATE_ON_APPROVAL",
            "DisassociationBehavior": "DELETE_REGISTRATION_DISASSOCIATES",
        },
    )
    cfn = CloudFormationHarness(aws)
    number_id = cfn.create("Number", PHONE, NUMBER_PROPERTIES).physical_id
    props = registration_properties([number_id], submit=False)
    assert cfn.create("Registration", REGISTRATION, props).ok
    reads = len(aws.sms.calls_to("DescribeRegistrations"))
    capsys.readouterr()
    outcome = cfn.update("Registration", props)  # nothing to write: the number still waits
    assert outcome.ok, outcome.reason
    assert (
        outcome.data[RegistrationAttrs.PENDING_ASSOCIATIONS],
        outcome.data[RegistrationAttrs.ASSOCIATIONS_WAIT_FOR],
    ) == ("1", "approval")
    [poll] = _decisions(capsys, "isComplete")
    assert poll["actions"] == ["associate-later"] and poll["detail"] == {"pending": "1", "until": "approval"}
    # onEvent's read, the poll's and the association check's; no re-read, as nothing was written.
    assert len(aws.sms.calls_to("DescribeRegistrations")) - reads == 3


def test_without_numbers_no_association_is_read(aws: FakeAws, capsys: pytest.CaptureFixture[str]) -> None:
    aws.sms.put_registration_type(
        TFN,
        {
            "ResourceType": "TOLL_FREE",
            "AssociationBehavior": "ASSOCIATE_ON_APPROVAL",
            "DisassociationBehavior": "DELETE_REGISTRATION_DISASSOCIATES",
        },
    )
    capsys.readouterr()
    outcome = CloudFormationHarness(aws).create("Registration", REGISTRATION, registration_properties([], submit=False))
    assert outcome.ok, outcome.reason
    assert outcome.data[RegistrationAttrs.PENDING_ASSOCIATIONS] == "0"
    assert aws.sms.calls_to("ListRegistrationAssociations", outcome=None) == []


def test_an_association_whose_answer_was_lost_is_not_a_failure(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    aws.sms.fail_next("CreateRegistrationAssociation", "timeout")
    outcome = estate.registration()
    assert outcome.ok, outcome.reason
    assert aws.sms.registrations[outcome.physical_id].associations == [estate.cfn.resources["Number"].physical_id]


def test_a_refused_association_fails_the_deploy_before_the_submit(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    aws.sms.fail_next("CreateRegistrationAssociation", "AccessDeniedException")
    outcome = estate.registration()
    assert not outcome.ok and "AccessDenied" in outcome.reason
    assert aws.sms.calls_to("SubmitRegistrationVersion", outcome=None) == []


def test_an_association_refused_because_the_version_was_submitted_elsewhere_fails_the_deploy(
    aws: FakeAws, estate: Estate
) -> None:
    """Between this poll's read and its association, the draft was submitted in the console: the API refuses
    the number (RESOURCE_MODIFICATION_NOT_ALLOWED), and the deploy must say so rather than report it associated."""
    assert estate.number().ok
    associate = aws.sms._op_create_registration_association

    def submitted_elsewhere_first(params: dict[str, Any]) -> dict[str, Any]:
        registration = aws.sms.registrations[params["RegistrationId"]]
        registration.latest.status = registration.status = "SUBMITTED"
        return associate(params)

    setattr(aws.sms, "_op_create_registration_association", submitted_elsewhere_first)  # noqa: B010
    outcome = estate.registration()
    assert not outcome.ok and "CreateRegistrationAssociation" in outcome.reason, outcome.reason
    assert aws.sms.registrations[outcome.physical_id].associations == []
