"""A stack recreated under the same name adopts the registrations its deleted predecessor retained.

Why these matter: a first deploy that fails ends in ``ROLLBACK_COMPLETE`` with its registrations retained
(under review for up to 15 business days, or approved; a 10DLC brand or campaign paid registry fees). The
user deletes the stack and deploys it again under the same name. Creating and submitting a second
registration would restart the review and pay again. Each test drives the real handlers through the
CloudFormation harness (``roll_back_stack_create``, ``delete_stack``, a harness with the recreated stack's
ID) against the fake SMS and CloudFormation APIs behind real botocore.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import CREATE_FAILED_MARKER, STACK_ID, CloudFormationHarness
from fakes.estate import REGISTRATION, Estate
from fakes.samples import OPT_IN_FIELD, TFN_FIELDS, attachment_property, png, registration_properties
from runtime.handlers.test_ten_dlc_chain import BRAND_TYPE, Chain

from sms_runtime.contract import RegistrationAttrs
from sms_runtime.handlers.registration_adoption import is_registration_id
from sms_runtime.handlers.request import LOGICAL_ID_TAG, STACK_NAME_TAG, STACK_TAG

# The same stack name as STACK_ID, another stack ID: the stack deleted and deployed again.
RECREATED_STACK_ID = STACK_ID.rsplit("/", 1)[0] + "/99999999-8888-7777-6666-555555555555"
OTHER_NAME_STACK_ID = STACK_ID.replace("/sms-estate-test/", "/sms-estate-other/")
CHANGED = {**TFN_FIELDS, "companyInfo.city": "Tacoma"}


def _decisions(captured: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith('{"log":"sms-estate.decision"')]


def _failed_first_deploy(aws: FakeAws, *, approve: bool = False) -> tuple[str, str]:
    """Number bought, registration created and submitted (approved if asked), then another resource fails:
    the create is rolled back (``ROLLBACK_COMPLETE``, everything retained) and the stack deleted."""
    first = Estate(aws, CloudFormationHarness(aws))
    assert first.number().ok
    created = first.registration()
    assert created.ok, created.reason
    number_id, registration_id = first.cfn.resources["Number"].physical_id, first.registration_id()
    if approve:
        aws.sms.approve(registration_id)
    assert all(outcome.ok for outcome in first.cfn.roll_back_stack_create())
    assert first.cfn.delete_stack() == []  # the rollback deleted (and retained) everything
    aws.sms.forget_client_tokens()  # long after: the API's idempotency window no longer helps
    return number_id, registration_id


def _recreated(aws: FakeAws) -> Estate:
    """The recreated stack, its number deployed (adopted) first, as the registration depends on it."""
    second = Estate(aws, CloudFormationHarness(aws, stack_id=RECREATED_STACK_ID))
    assert second.number().ok
    return second


def test_a_registration_under_review_is_adopted_and_neither_created_nor_submitted_again(
    aws: FakeAws, capsys: pytest.CaptureFixture[str]
) -> None:
    number_id, registration_id = _failed_first_deploy(aws)
    second = _recreated(aws)
    capsys.readouterr()
    writes = len(aws.sms.write_calls())
    outcome = second.registration()
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == registration_id
    assert len(aws.sms.calls_to("CreateRegistration", outcome=None)) == 1  # ever
    assert len(aws.sms.calls_to("SubmitRegistrationVersion", outcome=None)) == 1  # ever
    assert len(aws.sms.calls_to("CreateRegistrationAttachment", outcome=None)) == 1  # the same file: kept
    assert len(aws.sms.write_calls()) == writes  # no field put, no association made again
    registration = aws.sms.registrations[registration_id]
    assert [v.status for v in registration.versions] == ["SUBMITTED"]
    assert registration.associations == [number_id]
    assert outcome.data[RegistrationAttrs.STATUS] == "SUBMITTED"
    assert len(aws.sms.live_registrations()) == 1
    [on_event] = [d for d in _decisions(capsys.readouterr().out) if d["step"] == "onEvent"]
    assert on_event["actions"] == ["adopt-retained", "keep-attachments"]
    assert on_event["detail"]["source"] == "deleted-stack-of-same-name"


def test_an_approved_registration_is_adopted_and_left_alone(aws: FakeAws) -> None:
    _, registration_id = _failed_first_deploy(aws, approve=True)
    second = _recreated(aws)
    writes = len(aws.sms.write_calls())
    outcome = second.registration()
    assert outcome.ok and outcome.physical_id == registration_id
    assert len(aws.sms.write_calls()) == writes  # nothing created, uploaded, put or submitted
    assert outcome.data[RegistrationAttrs.STATUS] == "COMPLETE"
    assert [v.status for v in aws.sms.registrations[registration_id].versions] == ["APPROVED"]


def test_a_registration_adopted_by_a_stack_that_failed_in_turn_is_adopted_again_with_its_attachment(
    aws: FakeAws,
) -> None:
    """First deploy fails after submitting; the stack is recreated, adopts the registration (keeping the first
    stack's upload) and fails in turn; a third stack of the name adopts it again: its attachment was uploaded by
    the first stack, not by the one it is adopted through, and is still the same file, so it is kept and the
    approved registration is not reopened."""
    _, registration_id = _failed_first_deploy(aws, approve=True)
    second = _recreated(aws)
    assert second.registration().ok
    assert all(outcome.ok for outcome in second.cfn.roll_back_stack_create())
    assert second.cfn.delete_stack() == []
    third_id = STACK_ID.rsplit("/", 1)[0] + "/33333333-3333-3333-3333-333333333333"
    third = Estate(aws, CloudFormationHarness(aws, stack_id=third_id))
    assert third.number().ok
    writes = len(aws.sms.write_calls())
    outcome = third.registration()
    assert outcome.ok and outcome.physical_id == registration_id
    assert len(aws.sms.write_calls()) == writes  # no upload, no new version, no submission
    assert [v.status for v in aws.sms.registrations[registration_id].versions] == ["APPROVED"]
    assert len(aws.sms.calls_to("CreateRegistrationAttachment", outcome=None)) == 1  # ever


def test_changed_fields_on_the_recreated_stack_go_into_a_new_version_of_the_adopted_registration(
    aws: FakeAws,
) -> None:
    _, registration_id = _failed_first_deploy(aws, approve=True)
    outcome = _recreated(aws).registration(fields=CHANGED)
    assert outcome.ok and outcome.physical_id == registration_id
    registration = aws.sms.registrations[registration_id]
    assert [v.status for v in registration.versions] == ["APPROVED", "SUBMITTED"]
    assert registration.latest.values["companyInfo.city"] == {"TextValue": "Tacoma"}
    assert len(aws.sms.calls_to("CreateRegistration", outcome=None)) == 1
    assert len(aws.sms.calls_to("CreateRegistrationVersion")) == 1
    assert len(aws.sms.calls_to("SubmitRegistrationVersion")) == 2  # the first submission and this change
    # The opt-in image is the same file: the new version holds the predecessor's attachment again.
    assert len(aws.sms.calls_to("CreateRegistrationAttachment", outcome=None)) == 1
    assert registration.latest.values[OPT_IN_FIELD] == registration.versions[0].values[OPT_IN_FIELD]


def test_a_changed_attachment_is_uploaded_again_and_goes_into_a_new_version(aws: FakeAws) -> None:
    _, registration_id = _failed_first_deploy(aws, approve=True)
    second = _recreated(aws)
    other = png(padding=64)
    aws.s3.put("cdk-assets", "optin-v2.png", other)
    second.attachments = {OPT_IN_FIELD: attachment_property("cdk-assets", "optin-v2.png", other)}
    outcome = second.registration()
    assert outcome.ok and outcome.physical_id == registration_id
    registration = aws.sms.registrations[registration_id]
    assert len(aws.sms.calls_to("CreateRegistrationAttachment")) == 2
    assert [v.status for v in registration.versions] == ["APPROVED", "SUBMITTED"]
    assert registration.latest.values[OPT_IN_FIELD] != registration.versions[0].values[OPT_IN_FIELD]


def test_a_ten_dlc_brand_and_campaign_are_adopted_with_their_association_kept(aws: FakeAws) -> None:
    first = CloudFormationHarness(aws)
    chain = Chain(aws, first)
    chain.deploy("Brand", chain.brand_props())
    chain.approved("Brand")
    chain.deploy("Campaign", chain.campaign_props())
    brand_id, campaign_id = chain.id_of("Brand"), chain.id_of("Campaign")
    assert aws.sms.registrations[campaign_id].associations == [brand_id]
    assert all(outcome.ok for outcome in first.roll_back_stack_create())
    first.delete_stack()
    aws.sms.forget_client_tokens()
    writes = len(aws.sms.write_calls())

    again = Chain(aws, CloudFormationHarness(aws, stack_id=RECREATED_STACK_ID))
    again.deploy("Brand", again.brand_props())
    again.deploy("Campaign", again.campaign_props())
    assert (again.id_of("Brand"), again.id_of("Campaign")) == (brand_id, campaign_id)
    assert len(aws.sms.write_calls()) == writes  # no registration, fee, association or submission again
    assert aws.sms.registrations[campaign_id].associations == [brand_id]
    assert len(aws.sms.calls_to("CreateRegistrationAssociation", outcome=None)) == 1
    assert len(aws.sms.calls_to("SubmitRegistrationVersion", outcome=None)) == 2  # brand and campaign, once each


def _close(aws: FakeAws, registration_id: str) -> None:
    aws.sms.registrations[registration_id].status = "CLOSED"  # its last toll-free number released elsewhere


def _delete(aws: FakeAws, registration_id: str) -> None:
    aws.sms.registrations[registration_id].status = "DELETED"


def _retype(aws: FakeAws, registration_id: str) -> None:
    aws.sms.registrations[registration_id].type = BRAND_TYPE


def _retag(key: str, value: str) -> Any:
    def change(aws: FakeAws, registration_id: str) -> None:
        arn = aws.sms.registrations[registration_id].arn
        aws.sms.tags[arn] = [t if t["Key"] != key else {"Key": key, "Value": value} for t in aws.sms.tags[arn]]

    return change


@pytest.mark.parametrize(
    "spoil",
    [
        _close,
        _delete,
        _retype,
        _retag(LOGICAL_ID_TAG, "AnotherRegistration"),
        _retag(STACK_NAME_TAG, "sms-estate-other"),
    ],
    ids=["closed", "deleted", "other-type", "other-logical-id", "other-stack-name"],
)
def test_a_predecessor_registration_that_is_not_this_resource_s_or_not_open_is_not_adopted(
    aws: FakeAws, spoil: Any
) -> None:
    _, registration_id = _failed_first_deploy(aws)
    spoil(aws, registration_id)
    outcome = _recreated(aws).registration()
    assert outcome.ok, outcome.reason
    assert outcome.physical_id != registration_id and is_registration_id(outcome.physical_id)
    assert len(aws.sms.calls_to("CreateRegistration")) == 2


def test_a_registration_tagged_before_the_stack_name_tag_is_adopted_by_its_predecessor_s_stack_id(
    aws: FakeAws,
) -> None:
    """Registrations created before the ownership tags stopped depending on the stack ID carry
    ``sms-estate:stack-id`` instead of the stack name: that very predecessor's ID names them, another's does not."""
    _, registration_id = _failed_first_deploy(aws)
    arn = aws.sms.registrations[registration_id].arn
    older = [t for t in aws.sms.tags[arn] if t["Key"] != STACK_NAME_TAG]
    aws.sms.tags[arn] = [*older, {"Key": STACK_TAG, "Value": STACK_ID}]
    outcome = _recreated(aws).registration()
    assert outcome.ok and outcome.physical_id == registration_id
    assert len(aws.sms.calls_to("CreateRegistration")) == 1


def test_a_stack_id_tag_of_another_stack_does_not_make_a_registration_this_resource_s(aws: FakeAws) -> None:
    _, registration_id = _failed_first_deploy(aws)
    arn = aws.sms.registrations[registration_id].arn
    older = [t for t in aws.sms.tags[arn] if t["Key"] != STACK_NAME_TAG]
    aws.sms.tags[arn] = [*older, {"Key": STACK_TAG, "Value": OTHER_NAME_STACK_ID}]
    outcome = _recreated(aws).registration()
    assert outcome.ok and outcome.physical_id != registration_id
    assert len(aws.sms.calls_to("CreateRegistration")) == 2


def test_a_predecessor_whose_create_failed_after_create_registration_is_found_by_tag(
    aws: FakeAws, capsys: pytest.CaptureFixture[str]
) -> None:
    """CloudFormation recorded only the framework's marker (``onEvent`` failed on the attachment upload,
    after ``CreateRegistration``): the registration is found by its tags among the registrations of its
    type created while that stack lived; an older one of the account, and another resource's of the same
    stack, are not it."""
    older = CloudFormationHarness(aws, stack_id=OTHER_NAME_STACK_ID)
    assert older.create("Old", REGISTRATION, registration_properties([], submit=False)).ok
    aws.clock.sleep(3600.0)
    first = Estate(aws, CloudFormationHarness(aws))
    assert first.number().ok
    assert first.cfn.create("Other", REGISTRATION, registration_properties([], submit=False)).ok
    aws.sms.fail_next("CreateRegistrationAttachment", "AccessDeniedException")
    failed = first.registration()
    assert not failed.ok and failed.physical_id == CREATE_FAILED_MARKER
    [orphan] = [
        r.id
        for r in aws.sms.live_registrations()
        if r.id not in (older.resources["Old"].physical_id, first.cfn.resources["Other"].physical_id)
    ]
    assert all(outcome.ok for outcome in first.cfn.roll_back_stack_create())
    first.cfn.delete_stack()
    aws.sms.forget_client_tokens()
    second = _recreated(aws)
    tag_reads = len(aws.sms.calls_to("ListTagsForResource"))
    capsys.readouterr()
    outcome = second.registration()
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == orphan
    assert len(aws.sms.calls_to("CreateRegistration", outcome=None)) == 3  # Old, Other and this one, once
    assert len(aws.sms.calls_to("SubmitRegistrationVersion")) == 1
    # Tags read: Other's and this one's (created while the deleted stack lived), never Old's; the orphan
    # holds no attachment yet, so the file is uploaded and no attachment tag is read.
    assert len(aws.sms.calls_to("ListTagsForResource")) - tag_reads == 2
    [on_event] = [d for d in _decisions(capsys.readouterr().out) if d["step"] == "onEvent"]
    assert on_event["detail"]["source"] == "deleted-stack-of-same-name-by-tag"


def test_without_a_deleted_predecessor_adoption_costs_one_stack_listing_and_no_sms_call(aws: FakeAws) -> None:
    cfn = CloudFormationHarness(aws)
    for index in range(3):
        assert cfn.create(f"Registration{index}", REGISTRATION, registration_properties([], submit=False)).ok
    assert len(aws.cloudformation.list_calls) == 1  # read once per stack and Lambda instance
    assert aws.cloudformation.calls == []  # no deleted stack's resource read
    # Before each CreateRegistration, only the live field definitions are read, as without adoption.
    before_create = [c.action for c in aws.sms.calls[: aws.sms.calls.index(aws.sms.calls_to("CreateRegistration")[0])]]
    assert set(before_create) == {"DescribeRegistrationFieldDefinitions"}
    assert aws.sms.calls_to("ListTagsForResource", outcome=None) == []
    assert all("Filters" not in c.params for c in aws.sms.calls_to("DescribeRegistrations", outcome=None))
