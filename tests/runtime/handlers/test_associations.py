"""Association follows DescribeRegistrationTypeDefinitions; removals the API refuses (issue 12, points 5 and 8).

Every case drives the real handlers through the CloudFormation harness against the fake account, whose
registration types declare several ``SupportedAssociations`` entries where it matters, so a handler that
read the first entry would associate at the wrong time and fail these tests.
"""

from __future__ import annotations

from typing import Any

import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness
from fakes.estate import PHONE, REGISTRATION, Estate
from fakes.samples import NUMBER_PROPERTIES, TFN_FIELDS

from sms_runtime.contract import PhoneNumberProps, RegistrationAttrs, RegistrationProps
from sms_runtime.registration.live_rules import AssociationRule, pick_association

TYPE = "US_TOLL_FREE_REGISTRATION"
RELEASE = {**NUMBER_PROPERTIES, PhoneNumberProps.ON_DELETE: "release"}


def _entry(resource_type: str, behaviour: str, country: str | None = "US", *, closes: bool = True) -> dict[str, str]:
    entry = {
        "ResourceType": resource_type,
        "AssociationBehavior": behaviour,
        "DisassociationBehavior": (
            "DISASSOCIATE_ALL_CLOSES_REGISTRATION" if closes else "DISASSOCIATE_ALL_ALLOWS_DELETE_REGISTRATION"
        ),
    }
    if country:
        entry["IsoCountryCode"] = country
    return entry


def _declare(aws: FakeAws, governing: dict[str, str]) -> None:
    """``governing`` is the toll-free US entry; two decoys come first, each with another behaviour."""
    decoys = [
        _entry("SENDER_ID", "ASSOCIATE_ON_APPROVAL", None),
        _entry(
            "TOLL_FREE",
            "ASSOCIATE_AFTER_COMPLETE" if "BEFORE" in governing["AssociationBehavior"] else "ASSOCIATE_BEFORE_SUBMIT",
            "CA",
        ),
    ]
    aws.sms.put_registration_type(TYPE, [*decoys, governing])


def _association_calls(aws: FakeAws) -> list[Any]:
    return aws.sms.calls_to("CreateRegistrationAssociation", outcome=None)


# ----- picking the entry ---------------------------------------------------------------------------


def test_pick_prefers_the_numbers_country_then_no_country_and_never_another_country() -> None:
    anywhere = AssociationRule("PHONE_NUMBER", "", "ASSOCIATE_AFTER_COMPLETE", "DELETE_REGISTRATION_DISASSOCIATES")
    canada = AssociationRule("TOLL_FREE", "CA", "ASSOCIATE_ON_APPROVAL", "DISASSOCIATE_ALL_CLOSES_REGISTRATION")
    us = AssociationRule("toll-free", "US", "ASSOCIATE_BEFORE_SUBMIT", "DISASSOCIATE_ALL_CLOSES_REGISTRATION")
    sender = AssociationRule("SENDER_ID", "US", "ASSOCIATE_ON_APPROVAL", "DELETE_REGISTRATION_DISASSOCIATES")
    assert pick_association([sender, canada, anywhere, us], "TOLL_FREE", "US") == us
    assert pick_association([sender, canada, anywhere], "TOLL_FREE", "US") == anywhere
    assert pick_association([sender, canada], "TOLL_FREE", "US") is None
    assert pick_association([canada, anywhere], "TOLL_FREE", None) == anywhere


def test_removal_rule_keeps_the_last_number_only_where_losing_it_closes_the_registration() -> None:
    closes = AssociationRule("TOLL_FREE", "US", "ASSOCIATE_BEFORE_SUBMIT", "DISASSOCIATE_ALL_CLOSES_REGISTRATION")
    deletable = AssociationRule(
        "TEN_DLC", "US", "ASSOCIATE_AFTER_COMPLETE", "DISASSOCIATE_ALL_ALLOWS_DELETE_REGISTRATION"
    )
    assert closes.may_remove(1) and not closes.may_remove(0)
    assert deletable.may_remove(0)


# ----- when numbers are associated ---------------------------------------------------------------


def test_entry_is_chosen_by_resource_type_and_country_not_position(aws: FakeAws, estate: Estate) -> None:
    _declare(aws, _entry("TOLL_FREE", "ASSOCIATE_BEFORE_SUBMIT"))
    assert estate.number().ok
    outcome = estate.registration()
    assert outcome.ok, outcome.reason
    registration = aws.sms.registrations[estate.registration_id()]
    assert registration.associations == [estate.cfn.resources["Number"].physical_id]
    [associate] = _association_calls(aws)
    [submit] = aws.sms.calls_to("SubmitRegistrationVersion")
    assert associate.time <= submit.time and registration.latest.status == "SUBMITTED"
    assert (
        outcome.data[RegistrationAttrs.PENDING_ASSOCIATIONS] == "0"
        and RegistrationAttrs.ASSOCIATIONS_WAIT_FOR not in outcome.data
    )


def test_before_submit_numbers_join_only_a_draft(aws: FakeAws, estate: Estate) -> None:
    _declare(aws, _entry("TOLL_FREE", "ASSOCIATE_BEFORE_SUBMIT"))
    assert estate.number().ok and estate.registration().ok
    registration_id = estate.registration_id()
    second = estate.cfn.create("Second", PHONE, NUMBER_PROPERTIES)
    first_id = estate.cfn.resources["Number"].physical_id
    both = [first_id, second.physical_id]
    # While version 1 is SUBMITTED, the added number waits: no call is even tried.
    waiting = estate.cfn.update(
        "Registration", {**estate.registration_props(), RegistrationProps.PHONE_NUMBER_IDS: both}
    )
    assert waiting.ok, waiting.reason
    assert len(_association_calls(aws)) == 1
    assert (
        waiting.data[RegistrationAttrs.PENDING_ASSOCIATIONS],
        waiting.data[RegistrationAttrs.ASSOCIATIONS_WAIT_FOR],
    ) == ("1", "a new DRAFT version")
    # Denied and edited: the new DRAFT takes the number before it is submitted.
    aws.sms.deny(registration_id)
    edited = {**TFN_FIELDS, "companyInfo.city": "Tacoma"}
    resubmitted = estate.cfn.update(
        "Registration", {**estate.registration_props(fields=edited), RegistrationProps.PHONE_NUMBER_IDS: both}
    )
    assert resubmitted.ok, resubmitted.reason
    registration = aws.sms.registrations[registration_id]
    assert registration.associations == both and registration.latest.status == "SUBMITTED"
    assert resubmitted.data[RegistrationAttrs.PENDING_ASSOCIATIONS] == "0"
    assert all(call.outcome == "ok" for call in _association_calls(aws))


@pytest.mark.parametrize(
    ("behaviour", "waits_for"), [("ASSOCIATE_AFTER_COMPLETE", "COMPLETE"), ("ASSOCIATE_ON_APPROVAL", "approval")]
)
def test_later_behaviours_wait_for_their_state_then_the_next_deploy_associates(
    aws: FakeAws, estate: Estate, behaviour: str, waits_for: str
) -> None:
    _declare(aws, _entry("TOLL_FREE", behaviour))
    assert estate.number().ok
    submitted = estate.registration()
    assert submitted.ok, submitted.reason
    assert _association_calls(aws) == []  # not before submit, not while in review
    assert (
        submitted.data[RegistrationAttrs.PENDING_ASSOCIATIONS],
        submitted.data[RegistrationAttrs.ASSOCIATIONS_WAIT_FOR],
    ) == ("1", waits_for)
    registration_id = estate.registration_id()
    aws.sms.approve(registration_id)
    again = estate.cfn.update("Registration", {**estate.registration_props(), RegistrationProps.LINT_SUPPRESSIONS: []})
    assert again.ok, again.reason
    assert aws.sms.registrations[registration_id].associations == [estate.cfn.resources["Number"].physical_id]
    assert [call.outcome for call in _association_calls(aws)] == ["ok"]
    assert again.data[RegistrationAttrs.PENDING_ASSOCIATIONS] == "0"


def test_a_number_no_entry_covers_fails_clearly_before_any_association(aws: FakeAws, estate: Estate) -> None:
    aws.sms.put_registration_type(TYPE, [_entry("TOLL_FREE", "ASSOCIATE_BEFORE_SUBMIT", "CA")])
    assert estate.number().ok
    outcome = estate.registration(submit=False)
    assert not outcome.ok and "supports no association with a TOLL_FREE number in US" in outcome.reason
    assert _association_calls(aws) == []


# ----- removals the API refuses --------------------------------------------------------------------


def _pool(aws: FakeAws, pool_id: str, *number_ids: str) -> None:
    """What AWS::SMSVOICE::Pool's OriginationIdentities does, through the same API a user would call."""
    client = aws.sms_client()
    for number_id in number_ids:
        aws.clock.sleep(1.0)  # the action's request-rate quota: one per second
        client.associate_origination_identity(PoolId=pool_id, OriginationIdentity=number_id, IsoCountryCode="US")


def test_the_fake_refuses_to_release_a_pooled_number(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    number_id = cfn.create(
        "Number", PHONE, {**RELEASE, PhoneNumberProps.DELETION_PROTECTION_ENABLED: False}
    ).physical_id
    _pool(aws, "pool-1", number_id)
    with pytest.raises(aws.sms_client().exceptions.ConflictException) as refused:
        aws.sms_client().release_phone_number(PhoneNumberId=number_id)
    assert refused.value.response["Reason"] == "PHONE_NUMBER_ASSOCIATED_TO_POOL"


def test_release_of_a_pooled_number_leaves_the_retained_pool_first(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    first = cfn.create("First", PHONE, RELEASE).physical_id
    second = cfn.create("Second", PHONE, RELEASE).physical_id
    _pool(aws, "pool-1", first, second)
    outcome = cfn.delete("First")
    assert outcome.ok, outcome.reason
    assert aws.sms.numbers[first]["Status"] == "DELETED"
    leave, release = aws.sms.calls_to("DisassociateOriginationIdentity")[0], aws.sms.calls_to("ReleasePhoneNumber")[0]
    assert leave.params["PoolId"] == "pool-1" and leave.time <= release.time
    # The pool's last number cannot leave (a pool keeps one identity): it is kept, protected, and the
    # Delete succeeds, so the stack deletion is not stranded in DELETE_FAILED.
    kept = cfn.delete("Second")
    assert kept.ok, kept.reason
    assert aws.sms.numbers[second]["Status"] != "DELETED" and aws.sms.numbers[second]["DeletionProtectionEnabled"]
    assert len(aws.sms.calls_to("ReleasePhoneNumber", outcome=None)) == 1


def test_release_never_takes_the_last_number_of_a_toll_free_registration(aws: FakeAws, estate: Estate) -> None:
    assert estate.number({PhoneNumberProps.ON_DELETE: "release"}).ok and estate.registration().ok
    registration_id = estate.registration_id()
    number_id = estate.cfn.resources["Number"].physical_id
    outcome = estate.cfn.delete("Number")
    assert outcome.ok, outcome.reason
    assert aws.sms.registrations[registration_id].status == "SUBMITTED"  # not CLOSED
    assert aws.sms.numbers[number_id]["Status"] != "DELETED"
    assert aws.sms.calls_to("ReleasePhoneNumber", outcome=None) == []
    assert aws.sms.calls_to("UpdatePhoneNumber", outcome=None) == []  # protection never switched off


def test_release_follows_a_disassociation_behaviour_that_keeps_the_registration(aws: FakeAws, estate: Estate) -> None:
    _declare(aws, _entry("TOLL_FREE", "ASSOCIATE_BEFORE_SUBMIT", closes=False))
    assert estate.number({PhoneNumberProps.ON_DELETE: "release"}).ok and estate.registration().ok
    number_id = estate.cfn.resources["Number"].physical_id
    assert estate.cfn.delete("Number").ok
    assert aws.sms.numbers[number_id]["Status"] == "DELETED"


def test_registration_with_two_numbers_lets_one_go(aws: FakeAws, estate: Estate) -> None:
    assert estate.number({PhoneNumberProps.ON_DELETE: "release"}).ok
    second = estate.cfn.create("Second", PHONE, RELEASE).physical_id
    first = estate.cfn.resources["Number"].physical_id
    props = {**estate.registration_props(), RegistrationProps.PHONE_NUMBER_IDS: [first, second]}
    assert estate.cfn.create("Registration", REGISTRATION, props).ok
    assert estate.cfn.delete("Second").ok
    assert aws.sms.numbers[second]["Status"] == "DELETED"
    assert estate.cfn.delete("Number").ok  # now the last one: kept
    assert aws.sms.numbers[first]["Status"] != "DELETED"
    assert aws.sms.registrations[estate.registration_id()].status == "SUBMITTED"
