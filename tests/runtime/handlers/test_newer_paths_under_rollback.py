"""The newer paths (a Singapore sender ID registration, issue 18; a number's international sending and
number preference, issue 19) driven through the failure paths CloudFormation really takes.

Rollback updates (the old properties come back while the stack is ``UPDATE_ROLLBACK_IN_PROGRESS``), the
rollback of a failed update, a failed create and its rollback Delete, a stack deleted and recreated under
the same name, the same request delivered twice, and the framework's ``{...event, ...isCompleteResult}``
merge, through :class:`fakes.cloudformation.CloudFormationHarness` against the fake SMS API behind real
botocore. Faults are injected with the fake's ``fail_next``/``fail_nth``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness, Outcome
from fakes.estate import PHONE
from fakes.samples import NUMBER_PROPERTIES
from runtime.handlers.test_rollbacks_and_recreated_stacks import RECREATED_STACK_ID
from runtime.handlers.test_sender_id_registration import SENDER, SG_FIELDS, _approved, _deployed, _props, _submits

from sms_runtime.contract import (
    REGISTRATION_TYPE,
    PhoneNumberAttrs,
    PhoneNumberProps,
    RegistrationAttrs,
    RegistrationProps,
    RollbackAttrs,
)
from sms_runtime.handlers import dispatch
from sms_runtime.handlers.phone_number import TURNED_ON_TAG

KEY = f"{SENDER}:SG"
EDITED = {**SG_FIELDS, "contactInfo.lastName": "Lim"}
INTERNATIONAL = PhoneNumberProps.INTERNATIONAL_SENDING_ENABLED
PREFERENCE = PhoneNumberProps.NUMBER_PREFERENCE
STARTS_WITH_510 = [{"PreferenceType": ["StartsWith"], "Filter": ["+1510"]}]
ENDS_WITH_4455 = [{"PreferenceType": ["EndsWith"], "Filter": ["4455"]}]
TEN_DLC = {**NUMBER_PROPERTIES, PhoneNumberProps.NUMBER_TYPE: "TEN_DLC"}


def _arns(outcome: Outcome) -> dict[str, str]:
    return dict(json.loads(outcome.data[RegistrationAttrs.SENDER_ID_ARNS]))


def _removable(delete_draft: bool) -> dict[str, Any]:
    """The sample sender ID registration with ``DeleteDraftOnRemoval``."""
    return {**_props(), RegistrationProps.DELETE_DRAFT_ON_REMOVAL: delete_draft}


def _registration_writes(aws: FakeAws) -> list[str]:
    return [c.action for c in aws.sms.write_calls()]


@contextmanager
def _faults_while_rolling_back(
    aws: FakeAws, cfn: CloudFormationHarness, action: str, error: str, times: int = 1
) -> Iterator[None]:
    """Inject ``error`` into the first ``times`` calls of ``action`` made while the stack rolls back, only then."""
    original = aws.sms.handle
    served = [0]

    def handle(called: str, params: dict[str, Any]) -> dict[str, Any]:
        rolling = "ROLLBACK" in aws.cloudformation.stack_status.get(cfn.stack_id, "")
        if called == action and rolling and served[0] < times:
            served[0] += 1
            aws.sms.fail_next(action, error)
        return original(called, params)

    aws.sms.handle = handle  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        aws.sms.handle = original  # type: ignore[method-assign]
    assert served[0] == times, f"{action} was called {served[0]} times during the rollback, expected {times}"


# ----- 1. Singapore sender ID registration -----------------------------------------------------------


def test_a_rolled_back_edit_after_approval_keeps_the_resubmitted_version_and_the_sender_id(aws: FakeAws) -> None:
    """Approved, then edited (a new version, every field put, submitted): another resource fails, and the
    rollback sends the approved values back. The edit is under review (frozen), so the rollback keeps it as
    it is: it succeeds, writes nothing, submits nothing again, and still reports the sender ID's ARN."""
    cfn = CloudFormationHarness(aws)
    registration_id, _ = _approved(aws, cfn)
    arn = aws.sms.sender_ids[KEY]["SenderIdArn"]
    update = cfn.update_stack([("SenderId", _props("digest-after-approval", fields=EDITED))], fail_after=True)
    assert update.outcomes[0].ok, update.outcomes[0].reason
    assert _arns(update.outcomes[0]) == {KEY: arn}
    registration = aws.sms.registrations[registration_id]
    assert [v.status for v in registration.versions] == ["APPROVED", "SUBMITTED"]
    writes = _registration_writes(aws)
    [rollback] = update.rollbacks
    assert update.rolled_back_cleanly, rollback.reason
    assert _registration_writes(aws) == writes  # nothing written, nothing submitted a third time
    assert len(_submits(aws)) == 2
    assert rollback.data[RollbackAttrs.SKIPPED_REASON] == "fail-frozen"
    assert rollback.data[RegistrationAttrs.REGISTRATION_ID] == registration_id
    assert aws.sms.sender_ids[KEY]["RegistrationId"] == registration_id and registration.approved_version == 1
    # The next deploy of the edit finds it already in review: no change, no write, no second submit.
    redeployed = _deployed(cfn, _props("digest-after-approval", fields=EDITED))
    assert _registration_writes(aws) == writes and _arns(redeployed) == {KEY: arn}


def test_a_rollback_kept_as_it_is_still_reports_the_sender_id_arns(aws: FakeAws) -> None:
    """The rollback's answer is the resource's attributes from then on: other resources' Fn::GetAtt SenderIdArns
    (during the rollback and in later deploys that leave this resource alone) must still resolve."""
    cfn = CloudFormationHarness(aws)
    _approved(aws, cfn)
    arn = aws.sms.sender_ids[KEY]["SenderIdArn"]
    completed = dict(cfn.resources["SenderId"].data)  # what the last completed deploy reported
    update = cfn.update_stack([("SenderId", _props("digest-after-approval", fields=EDITED))], fail_after=True)
    [rollback] = update.rollbacks
    assert rollback.ok and rollback.data[RollbackAttrs.SKIPPED_IN_ROLLBACK] == "true"
    assert _arns(rollback) == {KEY: arn}
    assert set(completed) <= set(rollback.data)  # every attribute a Fn::GetAtt could read is still there
    assert rollback.data[RegistrationAttrs.PENDING_ASSOCIATIONS] == "0"


def test_the_rollback_of_a_refused_edit_of_a_frozen_registration_changes_nothing(aws: FakeAws) -> None:
    """Submitted, not reviewed yet: an edit fails (frozen), CloudFormation rolls the update back with the
    submitted values, which are what the version already holds: nothing to do, nothing written."""
    cfn = CloudFormationHarness(aws)
    registration_id = _deployed(cfn, _props()).physical_id
    writes = _registration_writes(aws)
    failed = cfn.update("SenderId", _props(fields=EDITED))
    assert not failed.ok and "nothing is editable" in failed.reason
    rollback = cfn.last_rollback
    assert rollback is not None and rollback.ok, rollback
    assert RollbackAttrs.SKIPPED_IN_ROLLBACK not in rollback.data  # nothing had to be forgiven
    assert _registration_writes(aws) == writes
    assert rollback.data[RegistrationAttrs.STATUS] == "SUBMITTED"
    assert _arns(rollback) == {}
    assert rollback.data[RegistrationAttrs.WAITING_FOR].startswith(f"approval of registration {registration_id}")


def test_the_rollback_of_a_refused_edit_under_re_review_still_reports_the_sender_id(aws: FakeAws) -> None:
    """Approved, edited and resubmitted (the sender ID stays provisioned); a second edit meets the frozen
    version and fails; the rollback back to the first edit succeeds, reporting the ARN, writing nothing."""
    cfn = CloudFormationHarness(aws)
    registration_id, _ = _approved(aws, cfn)
    arn = aws.sms.sender_ids[KEY]["SenderIdArn"]
    assert _deployed(cfn, _props("digest-after-approval", fields=EDITED)).ok
    writes = _registration_writes(aws)
    again = {**EDITED, "contactInfo.firstName": "Wei"}
    failed = cfn.update("SenderId", _props("digest-after-approval", fields=again))
    assert not failed.ok and "nothing is editable" in failed.reason
    rollback = cfn.last_rollback
    assert rollback is not None and rollback.ok, rollback
    assert _registration_writes(aws) == writes and len(_submits(aws)) == 2
    assert _arns(rollback) == {KEY: arn}
    assert aws.sms.registrations[registration_id].status == "SUBMITTED"


@pytest.mark.parametrize("delete_draft", [False, True], ids=["retain-draft", "delete-draft"])
def test_a_create_failed_on_a_field_write_rolls_back_deleting_only_an_asked_for_draft(
    aws: FakeAws, delete_draft: bool
) -> None:
    """A put refused for good fails the create after CreateRegistration: the rollback Delete reaches the
    handler with the registration's ID and deletes the never-submitted draft only with DeleteDraftOnRemoval."""
    cfn = CloudFormationHarness(aws)
    props = _removable(delete_draft)
    aws.sms.fail_nth("PutRegistrationFieldValue", 3, "AccessDeniedException")
    failed = cfn.create("SenderId", REGISTRATION_TYPE, props)
    assert not failed.ok and "AccessDeniedException" in failed.reason
    [registration] = aws.sms.registrations.values()
    assert failed.physical_id == registration.id and registration.latest.status == "DRAFT"
    rolled = cfn.rollback_failed_create("SenderId", REGISTRATION_TYPE, failed, props)
    assert rolled.ok, rolled.reason
    assert aws.sms.calls_to("SubmitRegistrationVersion", outcome=None) == []
    assert len(aws.sms.calls_to("DeleteRegistration")) == int(delete_draft)
    assert registration.status == ("DELETED" if delete_draft else "CREATED")


def test_a_create_failed_after_its_submit_is_never_deleted_by_the_rollback(aws: FakeAws) -> None:
    """The submit lands, then a read refused for good fails the create. Even with DeleteDraftOnRemoval the
    rollback Delete keeps the submitted registration (a submission is weeks of review)."""
    cfn = CloudFormationHarness(aws)
    props = _removable(True)
    aws.sms.fail_nth("DescribeRegistrationVersions", 2, "AccessDeniedException")  # the read after the submit
    failed = cfn.create("SenderId", REGISTRATION_TYPE, props)
    assert not failed.ok
    [registration] = aws.sms.registrations.values()
    assert registration.status == "SUBMITTED" and len(_submits(aws)) == 1
    rolled = cfn.rollback_failed_create("SenderId", REGISTRATION_TYPE, failed, props)
    assert rolled.ok, rolled.reason
    assert aws.sms.calls_to("DeleteRegistration", outcome=None) == []
    assert registration.status == "SUBMITTED"


def test_a_create_whose_first_write_fails_leaves_nothing_for_the_rollback(aws: FakeAws) -> None:
    """CreateRegistration refused: onEvent fails, the framework reports its marker and CloudFormation's Delete
    never reaches the handler; nothing exists to delete."""
    cfn = CloudFormationHarness(aws)
    aws.sms.fail_next("CreateRegistration", "AccessDeniedException")
    failed = cfn.create("SenderId", REGISTRATION_TYPE, _removable(True))
    assert not failed.ok
    assert cfn.rollback_failed_create("SenderId", REGISTRATION_TYPE, failed, _props()).ok
    assert aws.sms.registrations == {} and aws.sms.write_calls() == []


def test_the_same_create_delivered_twice_writes_nothing_twice(aws: FakeAws) -> None:
    cfn = CloudFormationHarness(aws)
    first = _deployed(cfn, _props())
    puts, submits = len(aws.sms.calls_to("PutRegistrationFieldValue")), len(_submits(aws))
    again = cfn.retry_last()
    assert again.ok and again.physical_id == first.physical_id, again.reason
    assert len(aws.sms.live_registrations()) == 1  # the ClientToken answered with the same registration
    assert len(aws.sms.calls_to("PutRegistrationFieldValue")) == puts and len(_submits(aws)) == submits


def test_an_edit_after_approval_delivered_twice_opens_and_submits_one_version(aws: FakeAws) -> None:
    cfn = CloudFormationHarness(aws)
    registration_id, _ = _approved(aws, cfn)
    edited = _deployed(cfn, _props("digest-after-approval", fields=EDITED))
    writes = _registration_writes(aws)
    again = cfn.retry_last()
    assert again.ok, again.reason
    assert _registration_writes(aws) == writes
    assert len(aws.sms.calls_to("CreateRegistrationVersion")) == 1 and len(_submits(aws)) == 2
    assert _arns(again) == _arns(edited) != {}
    assert len(aws.sms.registrations[registration_id].versions) == 2


def test_a_repeated_is_complete_poll_writes_nothing_and_keeps_the_sender_id_arns(aws: FakeAws) -> None:
    """The waiter may deliver the same isComplete input again (a retried Lambda invocation)."""
    cfn = CloudFormationHarness(aws)
    _approved(aws, cfn)
    _deployed(cfn, _props("digest-after-approval", fields=EDITED))
    writes = _registration_writes(aws)
    answer = dispatch.handle_is_complete(cfn.waiter_inputs[-1], aws.clients())
    assert answer["IsComplete"] and _registration_writes(aws) == writes
    assert json.loads(answer["Data"][RegistrationAttrs.SENDER_ID_ARNS]) == {KEY: aws.sms.sender_ids[KEY]["SenderIdArn"]}


def test_the_framework_merge_keeps_the_sender_id_arns_is_complete_adds(aws: FakeAws) -> None:
    """onEvent's Data has no SenderIdArns (an Update reads no sender ID); isComplete's does, and the merge
    ``{...event.Data, ...isComplete.Data}`` keeps both, onEvent's attachments included."""
    cfn = CloudFormationHarness(aws)
    _approved(aws, cfn)
    outcome = _deployed(cfn, _props("digest-after-approval", fields=EDITED))
    waited = cfn.waiter_inputs[-1]["Data"]
    assert RegistrationAttrs.SENDER_ID_ARNS not in waited
    assert set(waited) <= set(outcome.data)
    assert _arns(outcome) == {KEY: aws.sms.sender_ids[KEY]["SenderIdArn"]}
    assert outcome.data[RegistrationAttrs.VERSION_NUMBER] == "2"  # isComplete's newer reading wins


# ----- 2. a number's international sending and number preference ---------------------------------------


def _number(cfn: CloudFormationHarness, properties: dict[str, Any]) -> str:
    created = cfn.create("Number", PHONE, properties)
    assert created.ok, created.reason
    return created.physical_id


def _purchases(aws: FakeAws) -> int:
    return len(aws.sms.calls_to("RequestPhoneNumber"))


@pytest.mark.parametrize("fault", [None, "ThrottlingException"], ids=["plain", "throttled-once"])
def test_turning_international_sending_on_rolls_back_in_place(aws: FakeAws, fault: str | None) -> None:
    """The update turns it on (UpdatePhoneNumber); another resource fails; the rollback's Update turns it off
    again with one more UpdatePhoneNumber, retried when throttled (throttling is never forgiven)."""
    cfn = CloudFormationHarness(aws)
    number_id = _number(cfn, {**NUMBER_PROPERTIES, INTERNATIONAL: False})
    with _faults_while_rolling_back(aws, cfn, "UpdatePhoneNumber", fault) if fault else nullcontext():
        update = cfn.update_stack([("Number", {**NUMBER_PROPERTIES, INTERNATIONAL: True})], fail_after=True)
    assert update.outcomes[0].ok and update.rolled_back_cleanly, update.rollbacks[0].reason
    [rollback] = update.rollbacks
    assert RollbackAttrs.SKIPPED_IN_ROLLBACK not in rollback.data
    assert rollback.physical_id == number_id and rollback.data[PhoneNumberAttrs.PHONE_NUMBER_ID] == number_id
    assert aws.sms.numbers[number_id]["InternationalSendingEnabled"] is False  # really restored
    sent = [c.params for c in aws.sms.calls_to("UpdatePhoneNumber")]
    assert sent == [
        {"PhoneNumberId": number_id, "InternationalSendingEnabled": True},
        {"PhoneNumberId": number_id, "InternationalSendingEnabled": False},
    ]
    assert _purchases(aws) == 1


def test_the_rollback_of_turning_international_sending_on_from_unset_turns_it_off(
    aws: FakeAws, capsys: pytest.CaptureFixture[str]
) -> None:
    """Unset means "leave as it is" for a deploy, but the rollback of the deploy that turned it on must not
    leave the number sending abroad: that update recorded turning it on (a tag timed after the update's
    start), so off comes back."""
    cfn = CloudFormationHarness(aws)
    number_id = _number(cfn, dict(NUMBER_PROPERTIES))
    capsys.readouterr()
    update = cfn.update_stack([("Number", {**NUMBER_PROPERTIES, INTERNATIONAL: True})], fail_after=True)
    assert update.rolled_back_cleanly, update.rollbacks[0].reason
    assert aws.sms.numbers[number_id]["InternationalSendingEnabled"] is False
    assert [c.params.get(INTERNATIONAL) for c in aws.sms.calls_to("UpdatePhoneNumber")] == [True, False]
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    rollback_line = [e for e in lines if e["step"] == "onEvent" and e["requestType"] == "Update"][-1]
    assert rollback_line["actions"] == ["rollback-restore", "update-in-place", "update-settings"]


def test_a_number_already_sending_abroad_keeps_doing_so_after_the_rollback(aws: FakeAws) -> None:
    """Turned on before this update (here by hand; an earlier deploy that later dropped the key is the same):
    the update that declares it writes nothing, and its rollback must not stop the number's traffic abroad."""
    cfn = CloudFormationHarness(aws)
    number_id = _number(cfn, dict(NUMBER_PROPERTIES))
    aws.sms.numbers[number_id]["InternationalSendingEnabled"] = True  # turned on in the console
    update = cfn.update_stack([("Number", {**NUMBER_PROPERTIES, INTERNATIONAL: True})], fail_after=True)
    assert update.rolled_back_cleanly, update.rollbacks[0].reason
    assert aws.sms.numbers[number_id]["InternationalSendingEnabled"] is True
    assert aws.sms.calls_to("UpdatePhoneNumber") == [] and aws.sms.calls_to("TagResource") == []


def test_an_earlier_deploy_s_record_of_turning_it_on_is_not_this_rollback_s(aws: FakeAws) -> None:
    """A deploy turned it on over unset and succeeded (its record stays on the number); a later deploy dropped
    the key (still on); the next one declares it again, writes nothing, and fails: its rollback sees a record
    older than its own update's start, so the number keeps sending abroad."""
    cfn = CloudFormationHarness(aws)
    number_id = _number(cfn, dict(NUMBER_PROPERTIES))
    assert cfn.update("Number", {**NUMBER_PROPERTIES, INTERNATIONAL: True}).ok
    assert any(t["Key"] == TURNED_ON_TAG for t in aws.sms.tags[aws.sms.numbers[number_id]["PhoneNumberArn"]])
    assert cfn.update("Number", dict(NUMBER_PROPERTIES)).ok
    aws.clock.advance(3600)
    update = cfn.update_stack([("Number", {**NUMBER_PROPERTIES, INTERNATIONAL: True})], fail_after=True)
    assert update.rolled_back_cleanly, update.rollbacks[0].reason
    assert aws.sms.numbers[number_id]["InternationalSendingEnabled"] is True
    assert [c.params.get(INTERNATIONAL) for c in aws.sms.calls_to("UpdatePhoneNumber")] == [True]


def test_outside_a_rollback_removing_international_sending_leaves_it_on(
    aws: FakeAws, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same Update (on -> unset) in an ordinary deploy stops managing the setting: nothing written, and a
    refused stack read (only this case asks whether the stack rolls back) does not fail the deploy."""
    cfn = CloudFormationHarness(aws)
    number_id = _number(cfn, {**NUMBER_PROPERTIES, INTERNATIONAL: True})
    aws.cloudformation.fail_next("DescribeStacks", "AccessDenied")
    capsys.readouterr()
    updated = cfn.update("Number", dict(NUMBER_PROPERTIES), rollback=False)
    assert updated.ok, updated.reason
    [on_event] = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"step":"onEvent"' in line]
    assert on_event["apiCalls"]["cloudformation:DescribeStacks"] == 1  # asked, refused, carried on
    assert aws.sms.calls_to("UpdatePhoneNumber") == []
    assert aws.sms.numbers[number_id]["InternationalSendingEnabled"] is True


def test_undoing_an_explicit_off_over_unset_leaves_the_number_off(aws: FakeAws) -> None:
    """Only turning it on is undone that way: the value before cannot be read, and off is the safe side."""
    cfn = CloudFormationHarness(aws)
    number_id = _number(cfn, {**NUMBER_PROPERTIES, INTERNATIONAL: True})
    assert cfn.update("Number", dict(NUMBER_PROPERTIES)).ok  # unmanaged from now on, still on
    update = cfn.update_stack([("Number", {**NUMBER_PROPERTIES, INTERNATIONAL: False})], fail_after=True)
    assert update.rolled_back_cleanly, update.rollbacks[0].reason
    assert aws.sms.numbers[number_id]["InternationalSendingEnabled"] is False
    assert [c.params.get(INTERNATIONAL) for c in aws.sms.calls_to("UpdatePhoneNumber")] == [False]


def test_a_rollback_refused_for_good_keeps_international_sending_as_it_is_and_succeeds(aws: FakeAws) -> None:
    cfn = CloudFormationHarness(aws)
    number_id = _number(cfn, {**NUMBER_PROPERTIES, INTERNATIONAL: False})
    with _faults_while_rolling_back(aws, cfn, "UpdatePhoneNumber", "AccessDeniedException"):
        update = cfn.update_stack([("Number", {**NUMBER_PROPERTIES, INTERNATIONAL: True})], fail_after=True)
    [rollback] = update.rollbacks
    assert update.rolled_back_cleanly, rollback.reason  # not UPDATE_ROLLBACK_FAILED
    assert rollback.data[RollbackAttrs.SKIPPED_IN_ROLLBACK] == "true"
    assert rollback.data[RollbackAttrs.SKIPPED_REASON] == "AccessDeniedException"
    assert rollback.data[PhoneNumberAttrs.PHONE_NUMBER_ID] == number_id
    assert aws.sms.numbers[number_id]["InternationalSendingEnabled"] is True  # kept as it is, said so
    # Outside a rollback the same refusal fails the update.
    aws.sms.fail_next("UpdatePhoneNumber", "AccessDeniedException")
    assert not cfn.update("Number", {**NUMBER_PROPERTIES, INTERNATIONAL: False}, rollback=False).ok


@pytest.mark.parametrize("allow_replacement", [False, True], ids=["default", "replacement-allowed"])
def test_a_number_preference_change_is_ignored_across_a_rollback(aws: FakeAws, allow_replacement: bool) -> None:
    """A preference change (with another setting) succeeds in place; the rollback brings the old preference
    back in place too: one purchase ever, the same number, no clean-up Delete."""
    cfn = CloudFormationHarness(aws)
    first = {**TEN_DLC, PREFERENCE: STARTS_WITH_510, PhoneNumberProps.ALLOW_REPLACEMENT: allow_replacement}
    number_id = _number(cfn, first)
    changed = {**first, PREFERENCE: ENDS_WITH_4455, INTERNATIONAL: True}
    update = cfn.update_stack([("Number", changed)], fail_after=True)
    assert update.outcomes[0].ok and update.outcomes[0].physical_id == number_id, update.outcomes[0].reason
    assert update.rolled_back_cleanly, update.rollbacks[0].reason
    assert [r.physical_id for r in update.rollbacks] == [number_id]
    assert cfn.resources["Number"].physical_id == number_id
    assert _purchases(aws) == 1 and aws.sms.calls_to("ReleasePhoneNumber", outcome=None) == []
    assert [c.params.get(INTERNATIONAL) for c in aws.sms.calls_to("UpdatePhoneNumber")] == [True, False]


def test_the_rollback_of_a_failed_update_with_a_new_preference_buys_nothing(aws: FakeAws) -> None:
    """A preference change together with an identity change that is not allowed fails the update; the
    rollback's Update (whose old properties name the other preference) is an update in place."""
    cfn = CloudFormationHarness(aws)
    number_id = _number(cfn, {**TEN_DLC, PREFERENCE: STARTS_WITH_510})
    failed = cfn.update("Number", {**TEN_DLC, PREFERENCE: ENDS_WITH_4455, PhoneNumberProps.MESSAGE_TYPE: "PROMOTIONAL"})
    assert not failed.ok and PhoneNumberProps.ALLOW_REPLACEMENT in failed.reason
    rollback = cfn.last_rollback
    assert rollback is not None and rollback.ok and rollback.physical_id == number_id, rollback
    assert _purchases(aws) == 1 and aws.sms.calls_to("UpdatePhoneNumber") == []


def _create_failed_after_buying(aws: FakeAws, properties: dict[str, Any]) -> str:
    """A first deploy whose number is bought with the options, then a setting the purchase cannot carry
    (self-managed opt-outs) is refused: the create fails with the placeholder, the rollback Delete keeps
    the number, and the stack is deleted."""
    first = CloudFormationHarness(aws)
    aws.sms.fail_next("UpdatePhoneNumber", "AccessDeniedException")
    failed = first.create("Number", PHONE, {**properties, PhoneNumberProps.SELF_MANAGED_OPT_OUTS_ENABLED: True})
    assert not failed.ok and "AccessDeniedException" in failed.reason
    [number] = aws.sms.live_numbers()
    assert failed.physical_id != number["PhoneNumberId"]  # CloudFormation only knows the placeholder
    assert first.rollback_failed_create("Number", PHONE, failed, properties).ok
    first.delete_stack()
    assert aws.sms.live_numbers() == [number]  # retained: nothing released
    return str(number["PhoneNumberId"])


@pytest.mark.parametrize("forgotten", [False, True], ids=["token-remembered", "token-forgotten"])
def test_a_recreated_stack_adopts_the_number_a_failed_create_bought_and_applies_the_changed_option(
    aws: FakeAws, forgotten: bool
) -> None:
    """The failed first deploy's purchase carried international sending and a preference; the recreated
    stack asks for international sending off and another preference: the number is adopted (one purchase
    ever), international sending is turned off in place, and the preference is ignored."""
    bought = {**TEN_DLC, INTERNATIONAL: True, PREFERENCE: STARTS_WITH_510}
    number_id = _create_failed_after_buying(aws, bought)
    [purchase] = aws.sms.calls_to("RequestPhoneNumber")
    assert purchase.params[INTERNATIONAL] is True and purchase.params[PREFERENCE] == STARTS_WITH_510
    if forgotten:
        aws.sms.forget_client_tokens()
    second = CloudFormationHarness(aws, stack_id=RECREATED_STACK_ID)
    adopted = second.create("Number", PHONE, {**TEN_DLC, INTERNATIONAL: False, PREFERENCE: ENDS_WITH_4455})
    assert adopted.ok and adopted.physical_id == number_id, adopted.reason
    assert _purchases(aws) == 1
    assert aws.sms.numbers[number_id]["InternationalSendingEnabled"] is False
    assert aws.sms.calls_to("UpdatePhoneNumber")[-1].params == {
        "PhoneNumberId": number_id,
        "InternationalSendingEnabled": False,
    }


def test_a_recreated_stack_with_the_same_options_adopts_and_writes_nothing(aws: FakeAws) -> None:
    bought = {**TEN_DLC, INTERNATIONAL: True, PREFERENCE: STARTS_WITH_510}
    number_id = _create_failed_after_buying(aws, bought)
    writes = len(aws.sms.write_calls())
    adopted = CloudFormationHarness(aws, stack_id=RECREATED_STACK_ID).create("Number", PHONE, bought)
    assert adopted.ok and adopted.physical_id == number_id, adopted.reason
    assert len(aws.sms.write_calls()) == writes
