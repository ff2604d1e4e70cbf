"""The edges of adopting a retained registration: which held attachment is reused, which API answers end
the create, which registrations a by-tag search may take, and which predecessor is asked.

Why these matter: reusing an attachment that is not the configured file's (another upload, a failed or
deleted one) would submit the wrong opt-in evidence; swallowing an access or validation error would hide
a broken deploy role behind a silent re-upload; taking a registration created after its stack was gone,
or one of another type or logical ID, would hand this resource somebody else's review; stopping at a
predecessor without the resource would create (and pay for) a registration a deleted stack retained.
Each test drives the real handlers through the CloudFormation harness against the fake SMS and
CloudFormation APIs behind real botocore, as ``test_registration_adoption.py`` does.
"""

from __future__ import annotations

import math

import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import CREATE_FAILED_MARKER, STACK_ID, CloudFormationHarness
from fakes.estate import REGISTRATION, Estate
from fakes.samples import OPT_IN_FIELD, registration_properties
from runtime.handlers.test_registration_adoption import (
    OTHER_NAME_STACK_ID,
    _close,
    _failed_first_deploy,
    _recreated,
    _retag,
)
from runtime.handlers.test_ten_dlc_chain import BRAND_TYPE, Chain

from sms_runtime.handlers.number_purchase import CREATED_SKEW_SECONDS
from sms_runtime.handlers.registration_adoption import is_registration_id
from sms_runtime.handlers.request import CLIENT_TOKEN_TAG, LOGICAL_ID_TAG, STACK_NAME_TAG

STACK_NAME = "sms-estate-test"  # the name in STACK_ID (and in the recreated stack's ID)
# A third stack of that name, deployed and deleted between the first and the recreated one.
BETWEEN_STACK_ID = STACK_ID.rsplit("/", 1)[0] + "/11111111-2222-3333-4444-555555555555"


def _creates(aws: FakeAws) -> int:
    """``CreateRegistration`` requests ever sent (whatever the answer)."""
    return len(aws.sms.calls_to("CreateRegistration", outcome=None))


def _uploads(aws: FakeAws) -> int:
    """``CreateRegistrationAttachment`` requests ever sent (whatever the answer)."""
    return len(aws.sms.calls_to("CreateRegistrationAttachment", outcome=None))


def _held_attachment(aws: FakeAws, registration_id: str) -> str:
    """The attachment ID the registration's newest version holds for the opt-in image."""
    return str(aws.sms.registrations[registration_id].latest.values[OPT_IN_FIELD]["RegistrationAttachmentId"])


# ----- attachments the adopted registration holds -------------------------------------------------


def test_an_attachment_field_absent_from_the_newest_version_is_uploaded_again(aws: FakeAws) -> None:
    """The predecessor's newest version does not hold the image (a new version starts empty):
    nothing is held, so the file is uploaded and no attachment is described."""
    _, registration_id = _failed_first_deploy(aws, approve=True)
    old = _held_attachment(aws, registration_id)
    del aws.sms.registrations[registration_id].latest.values[OPT_IN_FIELD]
    second = _recreated(aws)
    described = len(aws.sms.calls_to("DescribeRegistrationAttachments", outcome=None))
    outcome = second.registration()
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == registration_id and _creates(aws) == 1
    assert _uploads(aws) == 2
    assert _held_attachment(aws, registration_id) != old
    # onEvent described nothing before uploading: the first description is of the new upload only.
    first = aws.sms.calls_to("DescribeRegistrationAttachments", outcome=None)[described]
    assert old not in first.params["RegistrationAttachmentIds"]


def test_a_held_attachment_that_no_longer_exists_is_uploaded_again(aws: FakeAws) -> None:
    """``DescribeRegistrationAttachments`` answers ``ResourceNotFoundException`` for a deleted attachment:
    the registration is still adopted, and the file goes in again as a changed field."""
    _, registration_id = _failed_first_deploy(aws, approve=True)
    old = _held_attachment(aws, registration_id)
    del aws.sms.attachments[old]
    second = _recreated(aws)
    outcome = second.registration()
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == registration_id and _creates(aws) == 1
    assert [
        c.params["RegistrationAttachmentIds"]
        for c in aws.sms.calls_to("DescribeRegistrationAttachments", "ResourceNotFoundException")
    ] == [[old]]
    assert _uploads(aws) == 2
    registration = aws.sms.registrations[registration_id]
    assert [v.status for v in registration.versions] == ["APPROVED", "SUBMITTED"]
    assert _held_attachment(aws, registration_id) not in (old, "")


@pytest.mark.parametrize("error", ["AccessDeniedException", "ValidationException"])
def test_any_other_error_describing_the_held_attachments_fails_the_create(aws: FakeAws, error: str) -> None:
    """Only a missing attachment means "upload again"; a refused or rejected request is a real failure
    (a deploy role without the permission), reported instead of hidden behind a second upload."""
    _, registration_id = _failed_first_deploy(aws, approve=True)
    second = _recreated(aws)
    aws.sms.fail_next("DescribeRegistrationAttachments", error)
    outcome = second.registration()
    assert not outcome.ok
    assert outcome.physical_id == CREATE_FAILED_MARKER
    assert error in outcome.reason
    assert _creates(aws) == 1 and _uploads(aws) == 1  # neither created nor uploaded again
    assert [v.status for v in aws.sms.registrations[registration_id].versions] == ["APPROVED"]


@pytest.mark.parametrize("status", ["UPLOAD_FAILED", "DELETED"])
def test_a_held_attachment_not_upload_complete_is_not_kept(aws: FakeAws, status: str) -> None:
    """botocore's ``AttachmentStatus`` values on either side of ``UPLOAD_COMPLETE``: neither is reused."""
    _, registration_id = _failed_first_deploy(aws, approve=True)
    old = _held_attachment(aws, registration_id)
    aws.sms.attachments[old]["Status"] = status
    outcome = _recreated(aws).registration()
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == registration_id and _creates(aws) == 1
    assert _uploads(aws) == 2
    assert _held_attachment(aws, registration_id) != old


@pytest.mark.parametrize("token", ["0", "zzzz"], ids=["sorts-before", "sorts-after"])
def test_a_held_attachment_with_another_client_token_tag_is_not_kept(aws: FakeAws, token: str) -> None:
    """An attachment tagged with another upload's token (another file, or someone else's) is not the
    configured file, whichever side of the expected token its tag sorts on."""
    _, registration_id = _failed_first_deploy(aws, approve=True)
    old = _held_attachment(aws, registration_id)
    arn = aws.sms.attachments[old]["RegistrationAttachmentArn"]
    assert any(t["Key"] == CLIENT_TOKEN_TAG for t in aws.sms.tags[arn])
    aws.sms.tags[arn] = [
        t if t["Key"] != CLIENT_TOKEN_TAG else {"Key": CLIENT_TOKEN_TAG, "Value": token} for t in aws.sms.tags[arn]
    ]
    outcome = _recreated(aws).registration()
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == registration_id and _creates(aws) == 1
    assert _uploads(aws) == 2
    assert _held_attachment(aws, registration_id) != old


# ----- which registration is this resource's ------------------------------------------------------


def test_a_registration_of_another_type_than_configured_is_not_adopted(aws: FakeAws) -> None:
    """The logical ID now configures a 10DLC brand where the deleted stack had a toll-free registration
    (whose type sorts after it): the toll-free one is left alone and a brand registration is created."""
    _, registration_id = _failed_first_deploy(aws)
    second = _recreated(aws)
    outcome = second.cfn.create("Registration", REGISTRATION, Chain(aws, second.cfn).brand_props())
    assert outcome.ok, outcome.reason
    assert outcome.physical_id != registration_id and is_registration_id(outcome.physical_id)
    assert aws.sms.registrations[outcome.physical_id].type == BRAND_TYPE
    assert _creates(aws) == 2


def test_a_logical_id_tag_sorting_after_the_logical_id_does_not_make_it_this_resource_s(aws: FakeAws) -> None:
    _, registration_id = _failed_first_deploy(aws)
    _retag(LOGICAL_ID_TAG, "RegistrationZ")(aws, registration_id)
    outcome = _recreated(aws).registration()
    assert outcome.ok, outcome.reason
    assert outcome.physical_id != registration_id and is_registration_id(outcome.physical_id)
    assert _creates(aws) == 2


def test_a_newer_predecessor_without_the_resource_does_not_hide_an_older_one_that_had_it(aws: FakeAws) -> None:
    """Deployed, failed and deleted twice: the second time only the number was deployed. The newest
    predecessor has no ``Registration`` (``DescribeStackResource`` says ``ValidationError``); the older one's
    registration is still adopted, not created a second time."""
    _, registration_id = _failed_first_deploy(aws)
    aws.clock.sleep(3600.0)  # deployed again an hour later
    between = Estate(aws, CloudFormationHarness(aws, stack_id=BETWEEN_STACK_ID))
    assert between.number().ok
    assert all(outcome.ok for outcome in between.cfn.roll_back_stack_create())
    assert between.cfn.delete_stack() == []
    second = _recreated(aws)
    asked = len(aws.cloudformation.calls)
    outcome = second.registration()
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == registration_id
    assert _creates(aws) == 1
    assert [(c.stack, c.logical_id) for c in aws.cloudformation.calls[asked:]] == [
        (BETWEEN_STACK_ID, "Registration"),
        (STACK_ID, "Registration"),
    ]


# ----- the by-tag search: only registrations created while the predecessor lived ------------------


def _on_the_second(aws: FakeAws) -> None:
    """Advance the clock to the next whole second, so the epoch times the APIs report round-trip exactly."""
    aws.clock.advance(math.ceil(aws.clock.now()) - aws.clock.now())


def _failed_after_create_registration(aws: FakeAws, *, others: tuple[str, ...] = ()) -> str:
    """A first deploy whose ``onEvent`` failed after ``CreateRegistration`` (CloudFormation recorded only the
    framework's marker), its registration since closed (its number released): nothing of it to adopt.
    The stack lived from and was deleted at whole seconds. Returns that closed registration's ID (the one
    live registration not in ``others``)."""
    _on_the_second(aws)
    first = Estate(aws, CloudFormationHarness(aws))
    assert first.number().ok
    aws.sms.fail_next("CreateRegistrationAttachment", "AccessDeniedException")
    failed = first.registration()
    assert not failed.ok and failed.physical_id == CREATE_FAILED_MARKER
    [orphan] = [r.id for r in aws.sms.live_registrations() if r.id not in others]
    _close(aws, orphan)
    assert all(outcome.ok for outcome in first.cfn.roll_back_stack_create())
    _on_the_second(aws)
    first.cfn.delete_stack()
    aws.sms.forget_client_tokens()
    assert aws.cloudformation.created[STACK_ID].is_integer() and aws.cloudformation.deleted[STACK_ID].is_integer()
    return orphan


def _look_alike(aws: FakeAws) -> str:
    """A toll-free registration carrying the tags of the first stack's ``Registration`` (made by a stack of
    another name, then tagged with this one's name): only its creation time tells it apart."""
    other = CloudFormationHarness(aws, stack_id=OTHER_NAME_STACK_ID)
    assert other.create("Registration", REGISTRATION, registration_properties([], submit=False)).ok
    registration_id = other.resources["Registration"].physical_id
    _retag(STACK_NAME_TAG, STACK_NAME)(aws, registration_id)
    return registration_id


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_look_alike_created_outside_the_predecessor_s_life_is_neither_read_nor_adopted(
    aws: FakeAws, when: str
) -> None:
    """Created an hour before the deleted stack was, or an hour after it was deleted (both well past the
    skew), a registration with its tags is not what that stack left: its tags are not even read."""
    earlier = (_look_alike(aws),) if when == "before" else ()
    aws.clock.sleep(3600.0)
    orphan = _failed_after_create_registration(aws, others=earlier)
    aws.clock.sleep(3600.0)
    [look_alike] = earlier or (_look_alike(aws),)
    created, predecessor = aws.sms.registrations[look_alike].created, aws.cloudformation
    assert not (
        predecessor.created[STACK_ID] - CREATED_SKEW_SECONDS
        <= created
        <= predecessor.deleted[STACK_ID] + CREATED_SKEW_SECONDS
    )
    second = _recreated(aws)
    tag_reads = len(aws.sms.calls_to("ListTagsForResource", outcome=None))
    outcome = second.registration()
    assert outcome.ok, outcome.reason
    assert outcome.physical_id not in (orphan, look_alike) and is_registration_id(outcome.physical_id)
    assert _creates(aws) == 3  # the orphan, the look-alike and this one
    read = [c.params["ResourceArn"] for c in aws.sms.calls_to("ListTagsForResource", outcome=None)[tag_reads:]]
    assert aws.sms.registrations[look_alike].arn not in read


@pytest.mark.parametrize("edge", ["created", "deleted"])
def test_a_look_alike_created_exactly_at_the_edge_of_the_predecessor_s_life_is_adopted(aws: FakeAws, edge: str) -> None:
    """The window is closed on both ends: created exactly ``CREATED_SKEW_SECONDS`` before the stack was
    created, or exactly that long after it was deleted, the registration counts as that stack's."""
    orphan = _failed_after_create_registration(aws)
    at_edge = _look_alike(aws)
    if edge == "created":
        aws.sms.registrations[at_edge].created = aws.cloudformation.created[STACK_ID] - CREATED_SKEW_SECONDS
    else:
        aws.sms.registrations[at_edge].created = aws.cloudformation.deleted[STACK_ID] + CREATED_SKEW_SECONDS
    outcome = _recreated(aws).registration()
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == at_edge != orphan
    assert _creates(aws) == 2  # the orphan and the look-alike: nothing for the recreated stack
