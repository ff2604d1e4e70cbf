"""Custom::SmsPhoneNumber decisions where a mistake costs money or a number: buy, adopt, update, release.

Every test drives the real handlers against the fake SMS API behind real botocore, with events parsed from
JSON as Lambda delivers them (:mod:`fakes.lambda_harness`), and asserts which calls were made or not made.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness
from fakes.estate import PHONE, REGISTRATION
from fakes.samples import NUMBER_PROPERTIES, registration_properties

from sms_runtime.contract import PhoneNumberAttrs, PhoneNumberProps, RollbackAttrs
from sms_runtime.handlers import dispatch
from sms_runtime.handlers.number_purchase import PLACEHOLDER_PREFIX

RELEASE = {**NUMBER_PROPERTIES, PhoneNumberProps.ON_DELETE: "release"}
POOL = "pool-0123456789abcdef"


@pytest.fixture
def cfn(aws: FakeAws) -> CloudFormationHarness:
    return CloudFormationHarness(aws)


def _decisions(capsys: pytest.CaptureFixture[str], step: str) -> list[dict[str, Any]]:
    """The number's decision lines of ``step`` written since the last read."""
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith('{"log":')]
    return [line for line in lines if line["resourceType"] == PHONE and line["step"] == step]


def _registration_with(aws: FakeAws, cfn: CloudFormationHarness, count: int) -> tuple[str, list[str]]:
    """A toll-free registration (a draft) with ``count`` numbers that may be released (``OnDelete: release``)."""
    ids = [cfn.create(f"Number{i}", PHONE, RELEASE).physical_id for i in range(count)]
    outcome = cfn.create("Registration", REGISTRATION, registration_properties(ids, submit=False))
    assert outcome.ok, outcome.reason
    return outcome.physical_id, ids


def _in_pool(aws: FakeAws, cfn: CloudFormationHarness, count: int) -> list[str]:
    """``count`` numbers that may be released, put in one pool (what AWS::SMSVOICE::Pool does)."""
    ids = [cfn.create(f"Number{i}", PHONE, RELEASE).physical_id for i in range(count)]
    client = aws.sms_client()
    for number_id in ids:
        aws.clock.advance(1.0)  # the API's 1 request/s
        client.associate_origination_identity(PoolId=POOL, OriginationIdentity=number_id, IsoCountryCode="US")
    return ids


# ----- properties ----------------------------------------------------------------------------------------


def test_an_unknown_on_delete_choice_fails_before_anything_is_bought(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    outcome = cfn.create("Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.ON_DELETE: "delete"})
    assert not outcome.ok
    assert "property OnDelete must be one of ('retain', 'release'), got 'delete'" in outcome.reason
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None) == []


def test_a_two_way_role_without_two_way_fails_before_anything_is_bought(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    outcome = cfn.create(
        "Number", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.TWO_WAY_CHANNEL_ROLE: "arn:aws:iam::1:role/r"}
    )
    assert not outcome.ok and "need TwoWayEnabled: true" in outcome.reason
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None) == []


# ----- update --------------------------------------------------------------------------------------------


def test_a_settings_change_is_an_update_in_place_not_an_identity_change(
    aws: FakeAws, cfn: CloudFormationHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    created = cfn.create("Number", PHONE, NUMBER_PROPERTIES)
    capsys.readouterr()
    updated = cfn.update("Number", {**NUMBER_PROPERTIES, PhoneNumberProps.OPT_OUT_LIST_NAME: "Clinic"})
    assert updated.ok and updated.physical_id == created.physical_id
    [line] = _decisions(capsys, "onEvent")
    assert line["actions"] == ["update-in-place", "update-settings"]
    assert line["detail"] == {"settings": "OptOutListName"}
    assert updated.data == {
        PhoneNumberAttrs.PHONE_NUMBER_ID: created.physical_id,
        PhoneNumberAttrs.PHONE_NUMBER_ARN: aws.sms.numbers[created.physical_id]["PhoneNumberArn"],
        PhoneNumberAttrs.PHONE_NUMBER: aws.sms.numbers[created.physical_id]["PhoneNumber"],
    }


def test_an_update_of_a_number_gone_from_the_account_fails_clearly(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    created = cfn.create("Number", PHONE, NUMBER_PROPERTIES)
    aws.sms.numbers[created.physical_id]["Status"] = "DELETED"  # released in the console
    outcome = cfn.update("Number", {**NUMBER_PROPERTIES, PhoneNumberProps.OPT_OUT_LIST_NAME: "Clinic"}, rollback=False)
    assert not outcome.ok
    assert f"phone number {created.physical_id} no longer exists in this account" in outcome.reason
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None)[1:] == []


@pytest.mark.parametrize("association", [None, PhoneNumberProps.POOL_ID, PhoneNumberProps.REGISTRATION_ID])
def test_the_rollback_of_a_failed_replacement_updates_the_live_number_in_place(
    aws: FakeAws, cfn: CloudFormationHarness, association: str | None
) -> None:
    """The live number already has the identity the rollback asks for (its pool or registration included):
    an update in place, not a refusal the rollback would have to forgive (SkippedInRollback)."""
    registration = aws.sms_client().create_registration(RegistrationType="US_TOLL_FREE_REGISTRATION")
    values = {PhoneNumberProps.POOL_ID: POOL, PhoneNumberProps.REGISTRATION_ID: registration["RegistrationId"]}
    props = {**NUMBER_PROPERTIES, **({association: values[association]} if association else {})}
    created = cfn.create("Number", PHONE, props)
    assert created.ok, created.reason
    aws.sms.fail_next("RequestPhoneNumber", "AccessDeniedException")
    replacing = {PhoneNumberProps.MESSAGE_TYPE: "PROMOTIONAL", PhoneNumberProps.ALLOW_REPLACEMENT: True}
    failed = cfn.update("Number", {**props, **replacing})
    assert not failed.ok
    rollback = cfn.last_rollback
    assert rollback is not None and rollback.ok, rollback and rollback.reason
    assert RollbackAttrs.SKIPPED_IN_ROLLBACK not in rollback.data
    assert rollback.data[PhoneNumberAttrs.PHONE_NUMBER_ID] == created.physical_id
    assert [n["PhoneNumberId"] for n in aws.sms.live_numbers()] == [created.physical_id]


# ----- delete --------------------------------------------------------------------------------------------


def test_release_is_the_only_choice_that_releases(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    kept = cfn.create("Kept", PHONE, {**NUMBER_PROPERTIES, PhoneNumberProps.ON_DELETE: "retain"})
    released = cfn.create("Released", PHONE, RELEASE)
    assert cfn.delete("Kept").ok and cfn.delete("Released").ok
    [release] = aws.sms.calls_to("ReleasePhoneNumber")
    assert release.params == {"PhoneNumberId": released.physical_id}
    assert [n["PhoneNumberId"] for n in aws.sms.live_numbers()] == [kept.physical_id]


def test_an_unprotected_number_is_released_without_touching_its_protection(
    aws: FakeAws, cfn: CloudFormationHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    cfn.create("Number", PHONE, {**RELEASE, PhoneNumberProps.DELETION_PROTECTION_ENABLED: False})
    capsys.readouterr()
    assert cfn.delete("Number").ok
    assert aws.sms.calls_to("UpdatePhoneNumber", outcome=None) == []
    assert aws.sms.live_numbers() == []
    [line] = _decisions(capsys, "onEvent")
    assert line["actions"] == ["release"] and line["detail"] == {"pool_left": "no"}


def test_a_failed_release_of_an_unprotected_number_leaves_its_protection_off(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    created = cfn.create("Number", PHONE, {**RELEASE, PhoneNumberProps.DELETION_PROTECTION_ENABLED: False})
    aws.sms.fail_next("ReleasePhoneNumber", "AccessDeniedException")
    assert not cfn.delete("Number").ok
    assert aws.sms.calls_to("UpdatePhoneNumber", outcome=None) == []
    assert aws.sms.numbers[created.physical_id]["DeletionProtectionEnabled"] is False


def test_a_failed_release_whose_protection_cannot_be_restored_reports_the_release_and_says_so(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    created = cfn.create("Number", PHONE, RELEASE)
    aws.sms.fail_next("ReleasePhoneNumber", "AccessDeniedException")
    aws.sms.fail_nth("UpdatePhoneNumber", 2, "AccessDeniedException")  # protection off works, back on fails
    event = json.loads(json.dumps(cfn._event("Delete", "Number", PHONE, cfn._props(RELEASE), created.physical_id)))
    with pytest.raises(Exception, match="ReleasePhoneNumber") as failure:
        dispatch.handle_on_event(event, aws.clients())
    assert f"deletion protection of {created.physical_id} is still off" in " ".join(failure.value.__notes__)
    assert aws.sms.numbers[created.physical_id]["Status"] != "DELETED"


def test_a_number_already_released_is_not_released_again(
    aws: FakeAws, cfn: CloudFormationHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    created = cfn.create("Number", PHONE, RELEASE)
    aws.sms.numbers[created.physical_id]["Status"] = "DELETED"
    capsys.readouterr()
    assert cfn.delete("Number").ok
    assert aws.sms.calls_to("ReleasePhoneNumber", outcome=None) == []
    [line] = _decisions(capsys, "onEvent")
    assert line["actions"] == ["nothing"] and line["detail"] == {"reason": "number-gone"}


def test_a_number_the_api_still_lists_as_deleted_is_not_released_again(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    created = cfn.create("Number", PHONE, RELEASE)
    number = aws.sms.numbers[created.physical_id]

    def released_meanwhile(params: dict[str, Any]) -> dict[str, Any]:
        return {"PhoneNumbers": [{**number, "Status": "DELETED"}]}

    setattr(aws.sms, "_op_describe_phone_numbers", released_meanwhile)  # noqa: B010
    assert cfn.delete("Number").ok
    assert aws.sms.calls_to("ReleasePhoneNumber", outcome=None) == []
    assert aws.sms.calls_to("UpdatePhoneNumber", outcome=None) == []


def test_the_last_number_of_a_toll_free_registration_is_kept(
    aws: FakeAws, cfn: CloudFormationHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    registration_id, [number_id] = _registration_with(aws, cfn, 1)
    capsys.readouterr()
    assert cfn.delete("Number0").ok
    assert aws.sms.calls_to("ReleasePhoneNumber", outcome=None) == []
    assert aws.sms.calls_to("UpdatePhoneNumber", outcome=None) == []
    assert aws.sms.registrations[registration_id].status == "CREATED"
    [line] = _decisions(capsys, "onEvent")
    assert line["actions"] == ["retain-release-refused"]
    assert line["detail"] == {
        "reason": f"last number of registration {registration_id} (DISASSOCIATE_ALL_CLOSES_REGISTRATION)"
    }
    assert aws.sms.numbers[number_id]["Status"] != "DELETED"


def test_a_toll_free_registration_s_other_number_is_released(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    registration_id, [first, second] = _registration_with(aws, cfn, 2)
    assert cfn.delete("Number0").ok
    assert aws.sms.numbers[first]["Status"] == "DELETED"
    assert aws.sms.registrations[registration_id].associations == [second]
    assert aws.sms.registrations[registration_id].status == "CREATED"


@pytest.mark.parametrize("gone", ["DELETED", "CLOSED"])
def test_the_last_number_of_a_registration_already_gone_is_released(
    aws: FakeAws, cfn: CloudFormationHarness, gone: str
) -> None:
    registration_id, [number_id] = _registration_with(aws, cfn, 1)
    aws.sms.registrations[registration_id].status = gone
    assert cfn.delete("Number0").ok
    assert aws.sms.numbers[number_id]["Status"] == "DELETED"


def test_a_release_that_cannot_read_the_registration_fails_and_releases_nothing(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    _registration, [number_id] = _registration_with(aws, cfn, 1)
    aws.sms.fail_next("DescribeRegistrations", "AccessDeniedException")
    outcome = cfn.delete("Number0")
    assert not outcome.ok and "AccessDenied" in outcome.reason
    assert aws.sms.calls_to("ReleasePhoneNumber", outcome=None) == []
    assert aws.sms.numbers[number_id]["Status"] != "DELETED"


def test_a_pooled_number_leaves_its_pool_and_is_released(
    aws: FakeAws, cfn: CloudFormationHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = _in_pool(aws, cfn, 2)
    capsys.readouterr()
    assert cfn.delete("Number0").ok
    [left] = aws.sms.calls_to("DisassociateOriginationIdentity")
    assert {k: left.params[k] for k in ("PoolId", "OriginationIdentity", "IsoCountryCode")} == {
        "PoolId": POOL,
        "OriginationIdentity": first,
        "IsoCountryCode": "US",
    }
    assert aws.sms.numbers[first]["Status"] == "DELETED" and aws.sms.numbers[second]["PoolId"] == POOL
    [line] = _decisions(capsys, "onEvent")
    assert line["actions"] == ["release"] and line["detail"] == {"pool_left": "yes"}


def test_the_last_number_of_a_pool_is_kept_and_the_delete_succeeds(
    aws: FakeAws, cfn: CloudFormationHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    [number_id] = _in_pool(aws, cfn, 1)
    capsys.readouterr()
    assert cfn.delete("Number0").ok
    assert aws.sms.calls_to("ReleasePhoneNumber", outcome=None) == []
    assert aws.sms.numbers[number_id]["PoolId"] == POOL
    [line] = _decisions(capsys, "onEvent")
    assert line["actions"] == ["retain-release-refused"] and line["detail"] == {"reason": f"last number of pool {POOL}"}


def test_a_pool_exit_whose_answer_was_lost_still_releases(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    first, _second = _in_pool(aws, cfn, 2)
    aws.sms.fail_next("DisassociateOriginationIdentity", "timeout")
    assert cfn.delete("Number0").ok
    assert aws.sms.numbers[first]["Status"] == "DELETED"


def test_a_refused_pool_exit_fails_and_releases_nothing(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    first, _second = _in_pool(aws, cfn, 2)
    aws.sms.fail_next("DisassociateOriginationIdentity", "AccessDeniedException")
    outcome = cfn.delete("Number0")
    assert not outcome.ok and "AccessDenied" in outcome.reason
    assert aws.sms.calls_to("ReleasePhoneNumber", outcome=None) == []
    assert aws.sms.numbers[first]["PoolId"] == POOL


def test_a_failed_release_after_leaving_the_pool_says_the_number_left_it(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    first, _second = _in_pool(aws, cfn, 2)
    aws.sms.fail_next("ReleasePhoneNumber", "AccessDeniedException")
    event = json.loads(json.dumps(cfn._event("Delete", "Number0", PHONE, cfn._props(RELEASE), first)))
    with pytest.raises(Exception, match="ReleasePhoneNumber") as failure:
        dispatch.handle_on_event(event, aws.clients())
    assert f"{first} already left pool {POOL}; add it back if it stays" in failure.value.__notes__


def test_a_failed_release_outside_a_pool_says_nothing_about_pools(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    created = cfn.create("Number", PHONE, RELEASE)
    aws.sms.fail_next("ReleasePhoneNumber", "AccessDeniedException")
    event = json.loads(json.dumps(cfn._event("Delete", "Number", PHONE, cfn._props(RELEASE), created.physical_id)))
    with pytest.raises(Exception, match="ReleasePhoneNumber") as failure:
        dispatch.handle_on_event(event, aws.clients())
    assert not any("pool" in note for note in getattr(failure.value, "__notes__", []))


def test_the_rollback_delete_of_a_failed_create_touches_nothing(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    aws.sms.fail_next("RequestPhoneNumber", "AccessDeniedException")
    failed = cfn.create("Number", PHONE, RELEASE)
    assert not failed.ok and failed.physical_id.startswith(PLACEHOLDER_PREFIX)
    calls = len(aws.sms.calls)
    rollback = cfn.rollback_failed_create("Number", PHONE, failed, RELEASE)
    assert rollback.ok, rollback.reason
    assert len(aws.sms.calls) == calls


# ----- adoption by tag -----------------------------------------------------------------------------------


def test_a_retry_adopts_its_tagged_number_and_never_a_released_one(
    aws: FakeAws, cfn: CloudFormationHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    """This resource once bought a number and released it; the API still lists it (DELETED, tags intact).
    A later create bought again but lost the answer; its retry, the tokens forgotten, adopts the live one."""
    released = cfn.create("Number", PHONE, {**RELEASE, PhoneNumberProps.DELETION_PROTECTION_ENABLED: False}).physical_id
    assert cfn.delete("Number").ok
    aws.sms.forget_client_tokens()
    aws.sms.fail_next("RequestPhoneNumber", "timeout")  # bought; the answer never arrives
    aws.sms.fail_next("RequestPhoneNumber", "AccessDeniedException")
    assert not cfn.create("Number", PHONE, {**RELEASE, PhoneNumberProps.DELETION_PROTECTION_ENABLED: False}).ok
    [bought] = [n["PhoneNumberId"] for n in aws.sms.live_numbers()]
    aws.sms.forget_client_tokens()
    listed = aws.sms._op_describe_phone_numbers

    def listing_released_first(params: dict[str, Any]) -> dict[str, Any]:
        page = listed(params)
        if not params.get("PhoneNumberIds"):
            page["PhoneNumbers"] = [{**aws.sms.numbers[released]}, *page["PhoneNumbers"]]
        return page

    setattr(aws.sms, "_op_describe_phone_numbers", listing_released_first)  # noqa: B010
    purchases = len(aws.sms.calls_to("RequestPhoneNumber", outcome=None))
    capsys.readouterr()
    adopted = cfn.create("Number", PHONE, {**RELEASE, PhoneNumberProps.DELETION_PROTECTION_ENABLED: False})
    assert adopted.ok and adopted.physical_id == bought, adopted.reason
    assert len(aws.sms.calls_to("RequestPhoneNumber", outcome=None)) == purchases
    polls = _decisions(capsys, "isComplete")
    assert polls[-1]["actions"] == ["adopt"] and polls[-1]["detail"] == {"found_by": "client-token-tag"}
