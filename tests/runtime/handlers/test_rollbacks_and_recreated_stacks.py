"""The failure paths CloudFormation really takes: stack-update rollbacks, failed first deploys, recreated stacks.

Each test drives the handlers through :class:`fakes.cloudformation.CloudFormationHarness` with the event
shapes CloudFormation and the Provider framework send (rollback Updates with swapped properties, the
rollback's Deletes, the framework's ``{...event, ...isCompleteResult}`` merge), against the fake SMS API
behind real botocore.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import STACK_ID, CloudFormationHarness, StackUpdate
from fakes.estate import PHONE, Estate
from fakes.samples import NUMBER_PROPERTIES, TFN_FIELDS

from sms_runtime.contract import PhoneNumberAttrs, PhoneNumberProps, RegistrationAttrs, RollbackAttrs
from sms_runtime.handlers.request import CLIENT_TOKEN_TAG, STACK_NAME_TAG

SAMPLE = "messageSamples.messageSample1"
# The same stack name as STACK_ID, another stack ID: the stack deleted and deployed again.
RECREATED_STACK_ID = STACK_ID.rsplit("/", 1)[0] + "/99999999-8888-7777-6666-555555555555"
OTHER_NAME_STACK_ID = STACK_ID.replace("/sms-estate-test/", "/sms-estate-other/")


def _decisions(captured: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith('{"log":"sms-estate.decision"')]


def _submitted_then_denied(aws: FakeAws, estate: Estate) -> str:
    assert estate.number().ok
    assert estate.registration().ok
    registration_id = estate.registration_id()
    aws.sms.deny(registration_id, reasons=["Website not live"])
    return registration_id


# ----- 1. a rollback must not fail for a reason a retry cannot fix ------------------------------------


def test_a_rollback_after_a_resubmission_keeps_the_submitted_version_and_succeeds(
    aws: FakeAws, estate: Estate, capsys: pytest.CaptureFixture[str]
) -> None:
    registration_id = _submitted_then_denied(aws, estate)
    fixed = {**TFN_FIELDS, SAMPLE: TFN_FIELDS[SAMPLE] + " Msg&data rates may apply."}
    capsys.readouterr()
    # The registration's edit goes through (new version, full re-put, submitted); another resource of the
    # same stack update fails afterwards, so CloudFormation sends the registration its old properties back.
    update = estate.cfn.update_stack([("Registration", estate.registration_props(fields=fixed))], fail_after=True)
    assert update.outcomes[0].ok, update.outcomes[0].reason
    registration = aws.sms.registrations[registration_id]
    assert [v.status for v in registration.versions] == ["DENIED", "SUBMITTED"]
    writes = len(aws.sms.write_calls())
    [rollback] = update.rollbacks
    assert update.rolled_back_cleanly, rollback.reason  # not UPDATE_ROLLBACK_FAILED
    assert len(aws.sms.write_calls()) == writes  # kept as it is: nothing written
    assert rollback.data[RollbackAttrs.SKIPPED_IN_ROLLBACK] == "true"
    assert rollback.data[RollbackAttrs.SKIPPED_REASON] == "fail-frozen"
    # Fn::GetAtt of other resources' rollbacks still finds the attributes.
    assert (
        rollback.data[RegistrationAttrs.REGISTRATION_ID] == registration_id
        and rollback.data[RegistrationAttrs.STATUS] == "SUBMITTED"
    )
    assert json.loads(rollback.data[RegistrationAttrs.ATTACHMENT_IDS])  # the attachment id is still reported
    logged = _decisions(capsys.readouterr().out)
    assert any("rollback-keep-as-is" in entry["actions"] for entry in logged)  # type: ignore[operator]


def test_outside_a_rollback_the_same_frozen_update_still_fails(aws: FakeAws, estate: Estate) -> None:
    _submitted_then_denied(aws, estate)
    fixed = {**TFN_FIELDS, SAMPLE: TFN_FIELDS[SAMPLE] + " Msg&data rates may apply."}
    assert estate.cfn.update("Registration", estate.registration_props(fields=fixed)).ok
    again = {**fixed, "companyInfo.city": "Tacoma"}
    outcome = estate.cfn.update("Registration", estate.registration_props(fields=again), rollback=False)
    assert not outcome.ok and "nothing is editable" in outcome.reason


def test_a_number_whose_rollback_update_is_refused_for_good_keeps_its_settings_and_succeeds(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    assert cfn.create("Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.OPT_OUT_LIST_NAME: "list-a"}).ok
    number_id = cfn.resources["Number"].physical_id
    refused = _update_stack_with_refused_rollback(
        aws, cfn, {**NUMBER_PROPERTIES, PhoneNumberProps.OPT_OUT_LIST_NAME: "list-b"}
    )
    assert refused.outcomes[0].ok
    assert refused.rolled_back_cleanly, refused.rollbacks[0].reason
    assert refused.rollbacks[0].data[RollbackAttrs.SKIPPED_IN_ROLLBACK] == "true"
    assert refused.rollbacks[0].data[RollbackAttrs.SKIPPED_REASON] == "AccessDeniedException"
    assert refused.rollbacks[0].data[PhoneNumberAttrs.PHONE_NUMBER_ID] == number_id
    assert aws.sms.numbers[number_id]["OptOutListName"] == "list-b"  # kept as it is


def _update_stack_with_refused_rollback(
    aws: FakeAws, cfn: CloudFormationHarness, props: dict[str, object]
) -> StackUpdate:
    """A stack update of the number that succeeds, then fails elsewhere; the rollback's one write is refused."""
    original = aws.sms.handle

    def refuse_rollback_writes(action: str, params: dict[str, object]) -> dict[str, object]:
        status = aws.cloudformation.stack_status.get(cfn.stack_id, "")
        if action == "UpdatePhoneNumber" and "ROLLBACK" in status:
            aws.sms.fail_next("UpdatePhoneNumber", "AccessDeniedException")
        return original(action, params)

    aws.sms.handle = refuse_rollback_writes  # type: ignore[method-assign]
    try:
        return cfn.update_stack([("Number", props)], fail_after=True)
    finally:
        aws.sms.handle = original  # type: ignore[method-assign]


def test_outside_a_rollback_a_refused_number_update_fails(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    assert cfn.create("Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.OPT_OUT_LIST_NAME: "list-a"}).ok
    aws.sms.fail_next("UpdatePhoneNumber", "AccessDeniedException")
    outcome = cfn.update("Number", {**NUMBER_PROPERTIES, PhoneNumberProps.OPT_OUT_LIST_NAME: "list-b"}, rollback=False)
    assert not outcome.ok


def test_a_throttled_rollback_is_not_forgiven_it_is_retried(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    """Only reasons a retry cannot fix are forgiven: throttling is retried until it goes through."""
    assert cfn.create("Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.OPT_OUT_LIST_NAME: "list-a"}).ok
    number_id = cfn.resources["Number"].physical_id
    update = cfn.update_stack(
        [("Number", {**NUMBER_PROPERTIES, PhoneNumberProps.OPT_OUT_LIST_NAME: "list-b"})], fail_after=True
    )
    assert update.rolled_back_cleanly
    assert RollbackAttrs.SKIPPED_IN_ROLLBACK not in update.rollbacks[0].data
    assert aws.sms.numbers[number_id]["OptOutListName"] == "list-a"  # really rolled back


def test_a_rolled_back_replacement_keeps_the_old_number_and_retains_the_new_one(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    assert cfn.create("Number", PHONE, NUMBER_PROPERTIES).ok
    old_id = cfn.resources["Number"].physical_id
    replaced = {
        **NUMBER_PROPERTIES,
        PhoneNumberProps.MESSAGE_TYPE: "PROMOTIONAL",
        PhoneNumberProps.ALLOW_REPLACEMENT: True,
    }
    update = cfn.update_stack([("Number", replaced)], fail_after=True)
    assert update.outcomes[0].ok and update.outcomes[0].physical_id != old_id
    assert update.rolled_back_cleanly
    assert cfn.resources["Number"].physical_id == old_id
    assert len(aws.sms.live_numbers()) == 2  # the new one is retained (OnDelete defaults to retain)
    assert aws.sms.calls_to("ReleasePhoneNumber") == []


# ----- 2. a failed first deploy, the stack deleted and created again under the same name ----------------


def _failed_first_deploy(aws: FakeAws) -> tuple[CloudFormationHarness, str]:
    """Numbers bought, then the registration fails: the stack rolls back to ROLLBACK_COMPLETE and is deleted."""
    first = CloudFormationHarness(aws)
    estate = Estate(aws, first)
    assert estate.number().ok
    number_id = first.resources["Number"].physical_id
    aws.sms.fail_next("CreateRegistration", "AccessDeniedException")  # injected after the number was bought
    assert not estate.registration().ok
    assert all(outcome.ok for outcome in first.roll_back_stack_create())
    assert first.delete_stack() == []  # nothing left: the rollback deleted (and retained) everything
    return first, number_id


def test_a_stack_recreated_after_a_failed_first_deploy_adopts_its_retained_number(aws: FakeAws) -> None:
    _, number_id = _failed_first_deploy(aws)
    assert aws.sms.numbers[number_id]["Status"] != "DELETED"  # retained, still billed
    aws.sms.forget_client_tokens()  # long after: the API's idempotency window no longer helps
    tag_reads = len(aws.sms.calls_to("ListTagsForResource"))
    second = CloudFormationHarness(aws, stack_id=RECREATED_STACK_ID)
    outcome = second.create("Number", PHONE, NUMBER_PROPERTIES)
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == number_id
    assert len(aws.sms.calls_to("RequestPhoneNumber")) == 1  # bought once, ever
    assert len(aws.sms.live_numbers()) == 1
    assert len(aws.sms.calls_to("ListTagsForResource")) == tag_reads  # CloudFormation named it: no scan at all


def test_a_number_a_predecessor_bought_with_an_older_token_is_adopted_too(aws: FakeAws) -> None:
    """Numbers bought before the token stopped depending on the stack ID carry another token: the deleted
    stack's record of this logical ID and the number's kind are what make it this resource's."""
    _, number_id = _failed_first_deploy(aws)
    arn = aws.sms.numbers[number_id]["PhoneNumberArn"]
    aws.sms.tags[arn] = [
        t if t["Key"] != CLIENT_TOKEN_TAG else {"Key": CLIENT_TOKEN_TAG, "Value": "an-older-token"}
        for t in aws.sms.tags[arn]
    ]
    aws.sms.forget_client_tokens()
    outcome = CloudFormationHarness(aws, stack_id=RECREATED_STACK_ID).create("Number", PHONE, NUMBER_PROPERTIES)
    assert outcome.ok and outcome.physical_id == number_id
    assert len(aws.sms.calls_to("RequestPhoneNumber")) == 1


def test_a_recreated_stack_s_registration_then_deploys_with_the_adopted_number(aws: FakeAws) -> None:
    _, number_id = _failed_first_deploy(aws)
    second = Estate(aws, CloudFormationHarness(aws, stack_id=RECREATED_STACK_ID))
    assert second.number().ok and second.registration().ok
    registration = aws.sms.registrations[second.registration_id()]
    assert registration.associations == [number_id]


def test_the_identity_token_survives_the_stack_id_but_not_the_stack_name_or_the_properties(aws: FakeAws) -> None:
    def token(stack_id: str, **overrides: object) -> str:
        cfn = CloudFormationHarness(aws, stack_id=stack_id)
        assert cfn.create("Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.ADOPT_BY_TAG: False, **overrides}).ok
        return str(aws.sms.calls_to("RequestPhoneNumber")[-1].params["ClientToken"])

    first = token(STACK_ID)
    aws.sms.forget_client_tokens()
    assert token(RECREATED_STACK_ID) == first
    aws.sms.forget_client_tokens()
    assert token(OTHER_NAME_STACK_ID) != first
    assert token(STACK_ID, MessageType="PROMOTIONAL") != first


def test_numbers_carry_the_stack_name_and_identity_tags(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    assert cfn.create("Number", PHONE, NUMBER_PROPERTIES).ok
    number = aws.sms.numbers[cfn.resources["Number"].physical_id]
    tags = {t["Key"]: t["Value"] for t in aws.sms.tags[number["PhoneNumberArn"]]}
    assert tags[STACK_NAME_TAG] == "sms-estate-test"
    assert tags[CLIENT_TOKEN_TAG] == aws.sms.calls_to("RequestPhoneNumber")[0].params["ClientToken"]


def test_a_recreated_stack_with_other_number_properties_buys_and_leaves_the_retained_number_alone(
    aws: FakeAws,
) -> None:
    _, number_id = _failed_first_deploy(aws)
    second = CloudFormationHarness(aws, stack_id=RECREATED_STACK_ID)
    outcome = second.create("Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.MESSAGE_TYPE: "PROMOTIONAL"})
    assert outcome.ok and outcome.physical_id != number_id
    assert len(aws.sms.live_numbers()) == 2


def test_a_released_predecessor_number_is_not_adopted(aws: FakeAws) -> None:
    first = CloudFormationHarness(aws)
    assert first.create("Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.ON_DELETE: "release"}).ok
    released = first.resources["Number"].physical_id
    first.delete_stack()
    assert aws.sms.numbers[released]["Status"] == "DELETED"
    second = CloudFormationHarness(aws, stack_id=RECREATED_STACK_ID)
    outcome = second.create("Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.ON_DELETE: "release"})
    assert outcome.ok and outcome.physical_id != released


def test_without_a_deleted_predecessor_adoption_costs_one_stack_listing_and_no_sms_call(aws: FakeAws) -> None:
    cfn = CloudFormationHarness(aws)
    for index in range(5):
        assert cfn.create(f"Number{index}", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.ADOPT_BY_TAG: False}).ok
    assert len(aws.cloudformation.list_calls) == 1  # read once per stack and Lambda instance
    assert aws.sms.calls_to("ListTagsForResource") == []
    assert len(aws.sms.calls_to("DescribePhoneNumbers")) == 0


def test_a_default_stack_delete_makes_no_destructive_call(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok and estate.registration().ok
    assert all(outcome.ok for outcome in estate.cfn.delete_stack())
    destructive = {"ReleasePhoneNumber", "DeleteRegistration", "DisassociateOriginationIdentity"}
    assert [c.action for c in aws.sms.calls if c.action in destructive] == []
    assert len(aws.sms.live_numbers()) == 1 and len(aws.sms.live_registrations()) == 1


def test_the_framework_merge_carries_a_rollback_skip_from_on_event_to_is_complete(aws: FakeAws, estate: Estate) -> None:
    """onEvent's forgiven Update returns Data; the framework merges it into the event every poll gets,
    and isComplete then completes at once, keeping onEvent's Data and physical ID."""
    _submitted_then_denied(aws, estate)
    registration_id = estate.registration_id()
    # Old properties that the live definitions reject (a required field missing): onEvent itself refuses them.
    fixed = {**TFN_FIELDS, SAMPLE: TFN_FIELDS[SAMPLE] + " Msg&data rates may apply."}
    broken_old = {**TFN_FIELDS}
    broken_old.pop("companyInfo.city")
    estate.cfn.resources["Registration"].properties = estate.cfn._props(estate.registration_props(fields=broken_old))
    update = estate.cfn.update_stack([("Registration", estate.registration_props(fields=fixed))], fail_after=True)
    assert update.outcomes[0].ok
    [rollback] = update.rollbacks
    assert rollback.ok and rollback.physical_id == registration_id
    assert rollback.data[RollbackAttrs.SKIPPED_IN_ROLLBACK] == "true"
    waited = estate.cfn.waiter_inputs[-1]
    assert waited["Data"][RollbackAttrs.SKIPPED_IN_ROLLBACK] == "true"  # what every isComplete poll received
    assert rollback.polls == 1


def test_a_create_rollback_delete_that_fails_for_good_is_forgiven(aws: FakeAws) -> None:
    """A failed first deploy's rollback deletes a number configured for release that cannot be released:
    the number is kept (nothing lost) and the rollback completes."""
    cfn = CloudFormationHarness(aws)
    assert cfn.create("Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.ON_DELETE: "release"}).ok
    number_id = cfn.resources["Number"].physical_id
    aws.sms.fail_next("ReleasePhoneNumber", "AccessDeniedException")
    assert all(outcome.ok for outcome in cfn.roll_back_stack_create())
    assert aws.sms.numbers[number_id]["Status"] != "DELETED"
    assert aws.sms.numbers[number_id]["DeletionProtectionEnabled"] is True  # protection restored


def test_outside_a_rollback_a_refused_release_fails_the_delete(aws: FakeAws) -> None:
    cfn = CloudFormationHarness(aws)
    assert cfn.create("Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.ON_DELETE: "release"}).ok
    aws.sms.fail_next("ReleasePhoneNumber", "AccessDeniedException")
    assert not cfn.delete("Number").ok


def test_a_registration_rollback_reads_the_stack_status_only_when_it_fails(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    assert estate.registration(submit=False).ok
    reads = len(aws.cloudformation.stack_calls)
    assert estate.cfn.update("Registration", estate.registration_props(submit=False)).ok
    assert len(aws.cloudformation.stack_calls) == reads  # the happy path asks CloudFormation nothing


def test_is_complete_is_not_skipped_for_a_registration_resource(aws: FakeAws, estate: Estate) -> None:
    """A normal update never carries the skip marker: the reconcile runs and writes what changed."""
    assert estate.number().ok
    assert estate.registration(submit=False).ok
    changed = {**TFN_FIELDS, "companyInfo.city": "Tacoma"}
    outcome = estate.cfn.update("Registration", estate.registration_props(fields=changed, submit=False))
    assert outcome.ok and RollbackAttrs.SKIPPED_IN_ROLLBACK not in outcome.data
    assert aws.sms.registrations[estate.registration_id()].latest.values["companyInfo.city"] == {"TextValue": "Tacoma"}


def test_a_predecessor_whose_create_failed_after_buying_is_searched_among_numbers_it_lived_with(
    aws: FakeAws,
) -> None:
    """CloudFormation recorded only the placeholder (the poll that bought never answered): the number is
    found by its identity tag among the numbers created while that stack lived, not by a scan of tags of
    the whole account."""
    for index in range(3):  # numbers of the account, older than the stack: their tags are never read
        assert (
            CloudFormationHarness(aws, stack_id=OTHER_NAME_STACK_ID).create(f"Old{index}", PHONE, NUMBER_PROPERTIES).ok
        )
    aws.clock.sleep(3600.0)
    first = CloudFormationHarness(aws)
    created = first.create("Number", PHONE, NUMBER_PROPERTIES)
    assert created.ok
    state = aws.cloudformation.resources[(STACK_ID, "Number")]
    placeholder = first.waiter_inputs[-1]["PhysicalResourceId"]
    aws.cloudformation.resources[(STACK_ID, "Number")] = dataclasses.replace(
        state, status="DELETE_COMPLETE", physical_id=placeholder
    )
    first.resources.clear()
    first.delete_stack()
    aws.sms.forget_client_tokens()
    tag_reads = len(aws.sms.calls_to("ListTagsForResource"))
    outcome = CloudFormationHarness(aws, stack_id=RECREATED_STACK_ID).create("Number", PHONE, NUMBER_PROPERTIES)
    assert outcome.ok and outcome.physical_id == created.physical_id
    assert len(aws.sms.calls_to("RequestPhoneNumber")) == 4  # three old numbers and this one, bought once
    assert len(aws.sms.calls_to("ListTagsForResource")) - tag_reads == 1  # only the number of its lifetime


def test_turning_the_opt_out_sync_on_for_a_number_rolls_back_in_place(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    """Issue 17: the sync gives a number its two-way topic in place; a failed stack update takes it back off,
    the same number (nothing bought or released either way), and a rollback delete of it is never reached."""
    assert cfn.create("Number", PHONE, dict(NUMBER_PROPERTIES)).ok
    number_id = cfn.resources["Number"].physical_id
    topic = "arn:aws:sns:us-east-1:111122223333:sms-estate-prod-harborline-optouts-inbound"
    synced = {**NUMBER_PROPERTIES, PhoneNumberProps.TWO_WAY_ENABLED: True, PhoneNumberProps.TWO_WAY_CHANNEL_ARN: topic}
    update = cfn.update_stack([("Number", synced)], fail_after=True)
    assert update.outcomes[0].ok and update.outcomes[0].physical_id == number_id
    assert update.rolled_back_cleanly, update.rollbacks[0].reason
    assert update.rollbacks[0].physical_id == number_id
    number = aws.sms.numbers[number_id]
    assert number["TwoWayEnabled"] is False and number["Status"] != "DELETED"
    assert [c.params.get("TwoWayEnabled") for c in aws.sms.calls_to("UpdatePhoneNumber")] == [True, False]
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None)[1:] == []
    assert aws.sms.calls_to("ReleasePhoneNumber", outcome=None) == []
