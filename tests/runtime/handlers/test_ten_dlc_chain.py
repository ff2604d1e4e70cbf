"""The full 10DLC chain through the CloudFormation harness (issue 18): brand, vetting, campaign, numbers.

Each step is a CloudFormation request the real handlers answer against the fake SMS API behind real
botocore. The deploy never waits for a review: a campaign whose brand is not approved is filled but not
submitted, a number whose campaign is not approved is not bought, and each completes saying what it
waits for. The review state changes on approval, so the next deploy sends those resources an Update
(``ReviewState``) and they carry on.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pytest
from fakes.aws import FakeAws
from fakes.cloudformation import STACK_ID, CloudFormationHarness, Outcome
from fakes.samples import registration_properties

from sms_runtime.contract import (
    PHONE_NUMBER_TYPE,
    REGISTRATION_TYPE,
    REVIEW_STATE_INITIAL,
    PhoneNumberAttrs,
    PhoneNumberProps,
    RegistrationAttrs,
    RegistrationProps,
)
from sms_runtime.handlers.number_purchase import is_phone_number_id
from sms_runtime.handlers.number_waiting import AWAITING_PREFIX, is_awaiting_id
from sms_runtime.registration.field_definitions import load_snapshot, validate_field_values

BRAND_TYPE = "US_TEN_DLC_BRAND_REGISTRATION"
VETTING_TYPE = "US_TEN_DLC_BRAND_VETTING"
CAMPAIGN_TYPE = "US_TEN_DLC_CAMPAIGN_REGISTRATION"
RECREATED_STACK_ID = STACK_ID.rsplit("/", 1)[0] + "/99999999-8888-7777-6666-555555555555"

BRAND_FIELDS: dict[str, Any] = {
    "companyInfo.companyName": "Northwind Dental Group LLC",
    "companyInfo.taxIdIssuingCountry": "US",
    "companyInfo.taxId": "12-3456789",
    "companyInfo.legalType": ["PRIVATE_PROFIT"],
    "companyInfo.address": "200 Pine Street",
    "companyInfo.city": "Portland",
    "companyInfo.state": "OR",
    "companyInfo.zipCode": "97204",
    "companyInfo.isoCountryCode": "US",
    "contactInfo.dbaName": "Northwind Dental",
    "contactInfo.vertical": ["HEALTHCARE"],
    "contactInfo.website": "https://www.northwind-dental.example",
    "contactInfo.supportEmail": "support@northwind-dental.example",
    "contactInfo.supportPhoneNumber": "+15035550147",
}

CAMPAIGN_FIELDS: dict[str, Any] = {
    "campaignInfo.campaignName": "Northwind Dental appointment reminders for opted-in patients",
    "campaignInfo.vertical": ["HEALTHCARE"],
    "campaignInfo.termsAndConditionsLink": "https://www.northwind-dental.example/sms-terms",
    "campaignInfo.privacyPolicyLink": "https://www.northwind-dental.example/privacy",
    "campaignInfo.optInWorkflow": (
        "Patients opt in on the booking page of www.northwind-dental.example by ticking an unchecked box "
        "labelled 'Text me appointment reminders from Northwind Dental. Up to 4 msgs/month. Msg & data rates "
        "may apply. Reply HELP for help, STOP to cancel.'"
    ),
    "campaignInfo.optInMessage": (
        "Northwind Dental: you are subscribed to appointment reminders. Up to 4 msgs/month. "
        "Msg & data rates may apply. Reply HELP for help, STOP to cancel."
    ),
    "campaignInfo.helpMessage": (
        "Northwind Dental: for help email support@northwind-dental.example. Reply STOP to cancel."
    ),
    "campaignInfo.stopMessage": (
        "Northwind Dental: you are unsubscribed and will receive no more messages. Reply START to resubscribe."
    ),
    "campaignCapabilities.numberCapabilities": ["SMS"],
    "campaignCapabilities.messageType": ["Transactional"],
    "campaignUseCase.useCase": ["ACCOUNT_NOTIFICATION"],
    "campaignUseCase.subscriberOptIn": ["Yes"],
    "campaignUseCase.subscriberOptOut": ["Yes"],
    "campaignUseCase.subscriberHelp": ["Yes"],
    "campaignUseCase.directLending": ["No"],
    "campaignUseCase.embeddedLink": ["No"],
    "campaignUseCase.embeddedPhone": ["No"],
    "campaignUseCase.ageGated": ["No"],
    "messageSamples.messageSample1": (
        "Northwind Dental: your cleaning is on May 3 at 10:00. Reply C to confirm. Reply STOP to opt out."
    ),
    "messageSamples.messageSample2": (
        "Northwind Dental: reminder, your appointment is tomorrow at 14:30. Reply STOP to opt out."
    ),
}

TEN_DLC_NUMBER: dict[str, Any] = {
    PhoneNumberProps.NUMBER_TYPE: "TEN_DLC",
    PhoneNumberProps.ISO_COUNTRY_CODE: "US",
    PhoneNumberProps.MESSAGE_TYPE: "TRANSACTIONAL",
    PhoneNumberProps.NUMBER_CAPABILITIES: ["SMS"],
}
CHAIN_WRITES = (
    "CreateRegistration",
    "PutRegistrationFieldValue",
    "CreateRegistrationAssociation",
    "SubmitRegistrationVersion",
    "RequestPhoneNumber",
)
FIX_WRITES = ("CreateRegistrationVersion", "PutRegistrationFieldValue", "SubmitRegistrationVersion")
FAULTS = ("ThrottlingException", "InternalServerException", "timeout")


@pytest.mark.parametrize(("kind", "fields"), [(BRAND_TYPE, BRAND_FIELDS), (CAMPAIGN_TYPE, CAMPAIGN_FIELDS)])
def test_the_sample_values_are_valid_against_the_shipped_snapshots(kind: str, fields: dict[str, Any]) -> None:
    assert validate_field_values(load_snapshot(kind), fields) == []
    assert validate_field_values(load_snapshot(VETTING_TYPE), {}) == []


class Chain:
    """One stack's 10DLC chain, deployed step by step through the harness."""

    def __init__(self, aws: FakeAws, cfn: CloudFormationHarness) -> None:
        self.aws, self.cfn = aws, cfn
        self.review_state = REVIEW_STATE_INITIAL

    def id_of(self, logical_id: str) -> str:
        return self.cfn.resources[logical_id].physical_id

    def brand_props(self) -> dict[str, Any]:
        return self._registration(BRAND_TYPE, BRAND_FIELDS, [])

    def vetting_props(self) -> dict[str, Any]:
        return self._registration(VETTING_TYPE, {}, [self.id_of("Brand")])

    def campaign_props(self, fields: Mapping[str, Any] = CAMPAIGN_FIELDS) -> dict[str, Any]:
        return self._registration(CAMPAIGN_TYPE, fields, [self.id_of("Brand")])

    def number_props(self, **extra: Any) -> dict[str, Any]:
        return {
            **TEN_DLC_NUMBER,
            PhoneNumberProps.REGISTRATION_ID: self.id_of("Campaign"),
            PhoneNumberProps.REVIEW_STATE: self.review_state,
            **extra,
        }

    def _registration(self, kind: str, fields: Mapping[str, Any], linked: list[str]) -> dict[str, Any]:
        props = registration_properties([], fields=dict(fields), registration_type=kind)
        props[RegistrationProps.LINKED_REGISTRATION_IDS] = linked
        props[RegistrationProps.REVIEW_STATE] = self.review_state
        return props

    def approved(self, logical_id: str, **attributes: str) -> None:
        """The registrar approves; the tracker writes a new review state (the next deploy sends Updates)."""
        self.aws.sms.approve(self.id_of(logical_id), attributes or None)
        self.review_state = f"digest-after-{logical_id}-{len(self.aws.sms.calls)}"

    def deploy(self, logical_id: str, props: Mapping[str, Any]) -> Outcome:
        """Create the resource, or Update it when it exists (what ``cdk deploy`` sends it)."""
        if logical_id in self.cfn.resources:
            outcome = self.cfn.update(logical_id, props)
        else:
            kind = PHONE_NUMBER_TYPE if PhoneNumberProps.NUMBER_TYPE in props else REGISTRATION_TYPE
            outcome = self.cfn.create(logical_id, kind, props)
        assert outcome.ok, outcome.reason
        return outcome

    def registration(self, logical_id: str) -> Any:
        return self.aws.sms.registrations[self.id_of(logical_id)]


def _writes(aws: FakeAws, action: str, **params: str) -> list[Any]:
    """Calls of ``action`` the fake applied (answered or with a lost answer), with these parameters."""
    return [
        c
        for c in aws.sms.calls
        if c.action == action
        and c.outcome in ("ok", "ok-response-lost")
        and all(c.params.get(k) == v for k, v in params.items())
    ]


def _run_chain(aws: FakeAws, cfn: CloudFormationHarness) -> Chain:
    """The issue's order: brand, a campaign and number that wait, approval, vetting, campaign, numbers."""
    chain = Chain(aws, cfn)
    brand = chain.deploy("Brand", chain.brand_props())
    assert chain.registration("Brand").latest.status == "SUBMITTED"
    assert RegistrationAttrs.WAITING_FOR not in brand.data

    # The campaign is declared while its brand is in review: its fields go in, it is not submitted.
    campaign = chain.deploy("Campaign", chain.campaign_props())
    brand_id = chain.id_of("Brand")
    assert campaign.data[RegistrationAttrs.WAITING_FOR] == f"approval of registration {brand_id} ({BRAND_TYPE})"
    assert chain.registration("Campaign").latest.status == "DRAFT"
    assert set(chain.registration("Campaign").latest.values) == set(CAMPAIGN_FIELDS)
    campaign_id = chain.id_of("Campaign")
    assert _writes(aws, "SubmitRegistrationVersion", RegistrationId=campaign_id) == []
    assert _writes(aws, "CreateRegistrationAssociation", RegistrationId=campaign_id) == []

    # A 10DLC number of a campaign not approved: nothing is bought.
    number = chain.deploy("Number", chain.number_props())
    assert is_awaiting_id(number.physical_id) and not is_phone_number_id(number.physical_id)
    assert number.data[PhoneNumberAttrs.WAITING_FOR] == f"approval of registration {campaign_id}"
    placeholder = number.physical_id
    assert number.data[PhoneNumberAttrs.PHONE_NUMBER_ID] == number.data[PhoneNumberAttrs.PHONE_NUMBER] == placeholder
    assert number.data[PhoneNumberAttrs.PHONE_NUMBER_ARN] == placeholder and not placeholder.startswith("phone-")
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None) == []

    # The brand is approved; the vetting names it (no fields at all) and is submitted.
    chain.approved("Brand")
    vetting = chain.deploy("Vetting", chain.vetting_props())
    assert chain.registration("Vetting").associations == [brand_id]
    assert chain.registration("Vetting").latest.status == "SUBMITTED"
    assert vetting.data[RegistrationAttrs.ADDITIONAL_ATTRIBUTES] == "{}"
    chain.approved("Vetting", VETTING_SCORE="75")

    # The next deploy: every waiting resource gets an Update (its ReviewState changed).
    scored = chain.deploy("Vetting", chain.vetting_props())
    assert json.loads(scored.data[RegistrationAttrs.ADDITIONAL_ATTRIBUTES]) == {"VETTING_SCORE": "75"}
    submitted = chain.deploy("Campaign", chain.campaign_props())
    assert RegistrationAttrs.WAITING_FOR not in submitted.data
    assert chain.registration("Campaign").associations == [brand_id]
    assert chain.registration("Campaign").latest.status == "SUBMITTED"
    still = chain.deploy("Number", chain.number_props())
    assert still.physical_id == number.physical_id  # the campaign is in review: still nothing bought
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None) == []

    # The campaign is approved: the next deploy buys the number into it.
    chain.approved("Campaign")
    bought = chain.deploy("Number", chain.number_props())
    assert is_phone_number_id(bought.physical_id)
    assert PhoneNumberAttrs.WAITING_FOR not in bought.data
    assert bought.data[PhoneNumberAttrs.PHONE_NUMBER_ID] == bought.physical_id
    requests = _writes(aws, "RequestPhoneNumber")  # a retry after a lost answer repeats the same request
    assert {(c.params["RegistrationId"], c.params["ClientToken"]) for c in requests} == {
        (campaign_id, requests[0].params["ClientToken"])
    }
    assert len(aws.sms.live_numbers()) == 1
    assert chain.registration("Campaign").associations == [brand_id, bought.physical_id]
    return chain


def test_the_full_chain_waits_for_each_approval_and_carries_on_with_the_next_deploy(
    aws: FakeAws, cfn: CloudFormationHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    chain = _run_chain(aws, cfn)
    lines = [line for line in capsys.readouterr().out.splitlines() if '"sms-estate.decision"' in line]
    actions = {action for line in lines for action in json.loads(line)["actions"]}
    assert {"link-later", "link", "wait", "purchase-requested", "buy"} <= actions  # each decision is logged
    # One brand per campaign and vetting: each "link" line links exactly it, each "link-later" line waits for it.
    decisions = [json.loads(line) for line in lines]
    linking = [d for d in decisions if "link" in d["actions"]]
    later = [d for d in decisions if "link-later" in d["actions"]]
    assert [d["logicalId"] for d in linking] == ["Vetting", "Campaign"]
    assert all(d["detail"]["linked"] == "1" for d in linking)
    assert later and all(d["detail"]["pending"] == "1" for d in later)
    assert not [line for line in lines if "Northwind" in line or "+1833" in line]  # never a value or a number
    # The replacement of the placeholder by the number: CloudFormation's clean-up Delete changed nothing.
    assert aws.sms.calls_to("ReleasePhoneNumber", outcome=None) == []
    assert len(aws.sms.live_numbers()) == 1
    for logical_id in ("Brand", "Vetting", "Campaign"):
        assert len(_writes(aws, "SubmitRegistrationVersion", RegistrationId=chain.id_of(logical_id))) == 1


def test_an_unchanged_redeploy_and_a_review_state_change_alone_write_nothing(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    chain = _run_chain(aws, cfn)
    writes = len(aws.sms.write_calls())
    props = {
        "Brand": chain.brand_props(),
        "Vetting": chain.vetting_props(),
        "Campaign": chain.campaign_props(),
        "Number": chain.number_props(),
    }
    for logical_id, same in props.items():
        assert chain.deploy(logical_id, same).physical_id == chain.id_of(logical_id)
    chain.review_state = "another-approval-elsewhere"
    for logical_id in props:
        refreshed = {**props[logical_id], RegistrationProps.REVIEW_STATE: chain.review_state}
        assert chain.deploy(logical_id, refreshed).ok
    assert len(aws.sms.write_calls()) == writes


def test_a_default_delete_of_the_chain_releases_and_deletes_nothing(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    chain = _run_chain(aws, cfn)
    chain.deploy("Second", chain.campaign_props())  # submitted, in review
    second = {**TEN_DLC_NUMBER, PhoneNumberProps.REGISTRATION_ID: chain.id_of("Second")}
    assert is_awaiting_id(chain.deploy("Waiting", second).physical_id)
    writes = len(aws.sms.write_calls())
    outcomes = cfn.delete_stack()  # newest first: the numbers, the campaign, the vetting, the brand
    assert outcomes and all(outcome.ok for outcome in outcomes)
    assert len(aws.sms.write_calls()) == writes
    assert len(aws.sms.live_numbers()) == 1
    assert sorted(r.status for r in aws.sms.live_registrations()) == ["COMPLETE"] * 3 + ["SUBMITTED"]


FIXED_OPT_IN = (
    "Northwind Dental: you opted in to appointment reminders. Up to 4 msgs/month. "
    "Msg & data rates may apply. Reply HELP for help, STOP to cancel."
)


def _denied_then_fixed(aws: FakeAws, cfn: CloudFormationHarness, fault: tuple[str, str] | None = None) -> Chain:
    """A campaign submitted and denied, then a deploy with one field edited (``fault``: injected on that deploy)."""
    chain = Chain(aws, cfn)
    chain.deploy("Brand", chain.brand_props())
    chain.approved("Brand")
    chain.deploy("Campaign", chain.campaign_props())
    campaign_id = chain.id_of("Campaign")
    aws.sms.deny(campaign_id, reasons=["Call to action unclear"])
    if fault is not None:
        aws.sms.fail_nth(fault[0], 1, fault[1])
        aws.sms.fail_nth(fault[0], 3, fault[1])
    chain.deploy("Campaign", chain.campaign_props({**CAMPAIGN_FIELDS, "campaignInfo.optInMessage": FIXED_OPT_IN}))
    return chain


def _assert_fixed_once(aws: FakeAws, chain: Chain) -> None:
    campaign_id = chain.id_of("Campaign")
    campaign = chain.registration("Campaign")
    assert [v.status for v in campaign.versions] == ["DENIED", "SUBMITTED"]
    assert chain.cfn.resources["Campaign"].data[RegistrationAttrs.VERSION_NUMBER] == "2"
    assert len(_writes(aws, "CreateRegistrationVersion", RegistrationId=campaign_id)) == 1
    assert set(campaign.latest.values) == set(CAMPAIGN_FIELDS)  # every field again: a new version starts empty
    assert campaign.latest.values["campaignInfo.optInMessage"] == {"TextValue": FIXED_OPT_IN}
    assert len(_writes(aws, "SubmitRegistrationVersion", RegistrationId=campaign_id)) == 2
    assert campaign.associations == [chain.id_of("Brand")]  # the link survives; it is made once
    assert len(_writes(aws, "CreateRegistrationAssociation", RegistrationId=campaign_id)) == 1


def test_a_denied_campaign_is_fixed_by_a_one_field_edit(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    chain = _denied_then_fixed(aws, cfn)
    _assert_fixed_once(aws, chain)
    # every field was put on version 2, not only the edited one
    puts = [
        c for c in _writes(aws, "PutRegistrationFieldValue") if c.params["RegistrationId"] == chain.id_of("Campaign")
    ]
    assert len(puts) == 2 * len(CAMPAIGN_FIELDS)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("action", FIX_WRITES)
def test_a_fault_on_any_write_of_the_fix_converges_without_a_duplicate(action: str, fault: str) -> None:
    aws = FakeAws()
    chain = _denied_then_fixed(aws, CloudFormationHarness(aws), (action, fault))
    _assert_fixed_once(aws, chain)


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("action", CHAIN_WRITES)
def test_a_fault_on_any_write_of_the_chain_converges_without_a_duplicate(action: str, fault: str) -> None:
    aws = FakeAws()
    cfn = CloudFormationHarness(aws)
    aws.sms.fail_nth(action, 1, fault)
    aws.sms.fail_nth(action, 3, fault)
    chain = _run_chain(aws, cfn)
    assert len(aws.sms.live_numbers()) == 1
    assert len(aws.sms.live_registrations()) == 3
    for logical_id in ("Brand", "Vetting", "Campaign"):
        registration_id = chain.id_of(logical_id)
        assert len(_writes(aws, "SubmitRegistrationVersion", RegistrationId=registration_id)) == 1
    pairs = [
        (c.params["RegistrationId"], c.params["ResourceId"]) for c in _writes(aws, "CreateRegistrationAssociation")
    ]
    assert len(pairs) == len(set(pairs)) == 2  # the vetting's and the campaign's brand, once each
    for registration in aws.sms.live_registrations():
        assert len(registration.associations) == len(set(registration.associations))
    served = "ok-response-lost" if fault == "timeout" else fault
    assert [c for c in aws.sms.calls if c.action == action and c.outcome == served]  # the fault really struck


# ----- links the type cannot make, and the number's CloudFormation paths ---------------------------------


def test_a_link_the_type_does_not_support_fails_before_any_write(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    chain = Chain(aws, cfn)
    chain.deploy("Brand", chain.brand_props())
    brand_links_brand = {**chain.brand_props(), RegistrationProps.LINKED_REGISTRATION_IDS: [chain.id_of("Brand")]}
    writes = len(aws.sms.write_calls())
    refused = cfn.create("Other", REGISTRATION_TYPE, brand_links_brand)
    assert not refused.ok
    assert f"{BRAND_TYPE} supports no association with a {BRAND_TYPE} registration" in refused.reason
    assert len(aws.sms.write_calls()) == writes
    unknown = cfn.create(
        "Another", REGISTRATION_TYPE, {**chain.vetting_props(), RegistrationProps.LINKED_REGISTRATION_IDS: ["nope"]}
    )
    assert not unknown.ok and "linked registration nope does not exist" in unknown.reason
    assert len(aws.sms.write_calls()) == writes


def test_a_campaign_filed_for_one_brand_refuses_another_and_rolls_back_in_place(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    """The registry files a campaign under one brand and no call removes an association: editing ``brand``
    to another brand fails before any write, and CloudFormation's rollback Update back changes nothing."""
    chain = Chain(aws, cfn)
    chain.deploy("OtherBrand", chain.brand_props())  # first, so its ID sorts before the brand's: order is no rule
    aws.sms.approve(chain.id_of("OtherBrand"))
    chain.deploy("Brand", chain.brand_props())
    chain.approved("Brand")
    chain.deploy("Campaign", chain.campaign_props())
    campaign_id = chain.id_of("Campaign")
    assert chain.id_of("OtherBrand") < chain.id_of("Brand")
    assert len(_writes(aws, "CreateRegistrationAssociation", RegistrationId=campaign_id)) == 1
    aws.sms.deny(campaign_id)  # a new DRAFT could take a link again: only the rule stops it
    writes = len(aws.sms.write_calls())
    moved = {**chain.campaign_props(), RegistrationProps.LINKED_REGISTRATION_IDS: [chain.id_of("OtherBrand")]}
    refused = cfn.update("Campaign", moved)
    assert not refused.ok
    assert f"already associated with {BRAND_TYPE} {chain.id_of('Brand')}" in refused.reason
    assert "nothing was written" in refused.reason
    assert cfn.resources["Campaign"].physical_id == campaign_id  # rolled back to the same registration
    assert len(aws.sms.write_calls()) == writes
    linked = aws.sms.registrations[campaign_id].associations
    assert linked == [chain.id_of("Brand")]


def test_the_purchase_after_waiting_uses_the_token_a_direct_create_would(aws: FakeAws) -> None:
    """Two accounts, the same stack: one waits then buys, the other buys at once; the tokens agree."""
    waited = _run_chain(aws, CloudFormationHarness(aws))
    other = FakeAws()
    direct = Chain(other, CloudFormationHarness(other))
    direct.deploy("Brand", direct.brand_props())
    direct.approved("Brand")
    direct.deploy("Campaign", direct.campaign_props())
    direct.approved("Campaign")
    assert is_phone_number_id(direct.deploy("Number", direct.number_props()).physical_id)
    [first] = aws.sms.calls_to("RequestPhoneNumber")
    [second] = other.sms.calls_to("RequestPhoneNumber")
    assert first.params["ClientToken"] == second.params["ClientToken"]
    assert is_phone_number_id(waited.id_of("Number"))


def _awaiting_then_approved(aws: FakeAws, cfn: CloudFormationHarness, **number: Any) -> Chain:
    chain = Chain(aws, cfn)
    chain.deploy("Brand", chain.brand_props())
    chain.approved("Brand")
    chain.deploy("Campaign", chain.campaign_props())
    assert chain.deploy("Number", chain.number_props(**number)).physical_id.startswith(AWAITING_PREFIX)
    chain.approved("Campaign")
    return chain


def test_a_failed_stack_update_after_the_purchase_keeps_the_number_and_the_next_deploy_adopts_it(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    chain = _awaiting_then_approved(aws, cfn, **{PhoneNumberProps.ON_DELETE: "release"})
    placeholder = chain.id_of("Number")
    update = cfn.update_stack(
        [("Number", chain.number_props(**{PhoneNumberProps.ON_DELETE: "release"}))], fail_after=True
    )
    assert update.outcomes[0].ok and is_phone_number_id(update.outcomes[0].physical_id)
    bought = update.outcomes[0].physical_id
    assert update.rolled_back_cleanly
    assert chain.id_of("Number") == placeholder  # CloudFormation is back on the placeholder
    assert aws.sms.calls_to("ReleasePhoneNumber", outcome=None) == []  # the clean-up Delete released nothing
    again = chain.deploy("Number", chain.number_props(**{PhoneNumberProps.ON_DELETE: "release"}))
    assert again.physical_id == bought
    assert len(aws.sms.calls_to("RequestPhoneNumber")) == 1 and len(aws.sms.live_numbers()) == 1


def test_an_awaiting_number_waits_again_and_its_delete_does_nothing(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    chain = Chain(aws, cfn)
    chain.deploy("Brand", chain.brand_props())
    chain.deploy("Campaign", chain.campaign_props())
    release = {PhoneNumberProps.ON_DELETE: "release"}
    first = chain.deploy("Number", chain.number_props(**release))
    chain.review_state = "something-else-was-approved"
    again = chain.deploy("Number", chain.number_props(**release))
    assert again.physical_id == first.physical_id and PhoneNumberAttrs.WAITING_FOR in again.data
    writes = len(aws.sms.write_calls())
    assert cfn.delete("Number").ok
    assert len(aws.sms.write_calls()) == writes
    assert aws.sms.calls_to("RequestPhoneNumber", outcome=None) == []


def test_a_stack_recreated_under_the_same_name_adopts_the_number_it_left(aws: FakeAws) -> None:
    first = CloudFormationHarness(aws)
    chain = _awaiting_then_approved(aws, first)
    bought = chain.deploy("Number", chain.number_props()).physical_id
    campaign_id = chain.id_of("Campaign")
    assert all(outcome.ok for outcome in first.delete_stack())
    aws.sms.forget_client_tokens()  # long after: only the identity tag and the deleted stack's record help
    second = CloudFormationHarness(aws, stack_id=RECREATED_STACK_ID)
    outcome = second.create(
        "Number", PHONE_NUMBER_TYPE, {**TEN_DLC_NUMBER, PhoneNumberProps.REGISTRATION_ID: campaign_id}
    )
    assert outcome.ok, outcome.reason
    assert outcome.physical_id == bought
    assert len(aws.sms.calls_to("RequestPhoneNumber")) == 1 and len(aws.sms.live_numbers()) == 1


def test_a_brand_kept_as_a_draft_keeps_its_campaign_waiting(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    """A brand never submitted (CREATED, staging's drafts) is not approved: the campaign links nothing."""
    chain = Chain(aws, cfn)
    chain.deploy("Brand", {**chain.brand_props(), RegistrationProps.SUBMIT: False})
    assert chain.registration("Brand").status == "CREATED"
    campaign = chain.deploy("Campaign", chain.campaign_props())
    assert campaign.data[RegistrationAttrs.WAITING_FOR].startswith(f"approval of registration {chain.id_of('Brand')}")
    assert aws.sms.calls_to("CreateRegistrationAssociation", outcome=None) == []
    assert aws.sms.calls_to("SubmitRegistrationVersion", outcome=None) == []


@pytest.mark.parametrize("behaviour", ["ASSOCIATE_AFTER_COMPLETE", "ASSOCIATE_ON_APPROVAL"])
def test_a_link_due_after_approval_does_not_hold_back_the_submission(
    aws: FakeAws, cfn: CloudFormationHarness, behaviour: str
) -> None:
    """Only an ASSOCIATE_BEFORE_SUBMIT link is a prerequisite of submitting (as the live type definition says)."""
    entries = [dict(e) for e in aws.sms.type_definitions[CAMPAIGN_TYPE]]
    for entry in entries:
        if entry["ResourceType"] == BRAND_TYPE:
            entry["AssociationBehavior"] = behaviour
    aws.sms.put_registration_type(CAMPAIGN_TYPE, entries)
    chain = Chain(aws, cfn)
    chain.deploy("Brand", chain.brand_props())  # submitted, not approved
    campaign = chain.deploy("Campaign", chain.campaign_props())
    assert chain.registration("Campaign").latest.status == "SUBMITTED"
    assert campaign.data[RegistrationAttrs.WAITING_FOR].startswith(f"approval of registration {chain.id_of('Brand')}")


def test_an_association_refused_for_another_reason_fails_the_deploy(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    """Only RESOURCE_ALREADY_ASSOCIATED (a retry whose first call landed) is what was wanted; nothing is submitted."""
    chain = Chain(aws, cfn)
    chain.deploy("Brand", chain.brand_props())
    chain.approved("Brand")
    aws.sms.fail_next("CreateRegistrationAssociation", "AccessDeniedException")
    refused = cfn.create("Campaign", REGISTRATION_TYPE, chain.campaign_props())
    assert not refused.ok and "AccessDeniedException" in refused.reason
    assert _writes(aws, "SubmitRegistrationVersion", RegistrationId=refused.physical_id) == []


def test_a_closed_brand_is_not_linked_and_the_campaign_waits(aws: FakeAws, cfn: CloudFormationHarness) -> None:
    """Only COMPLETE is approved: a CLOSED brand (its last use gone) is waited for, never associated."""
    chain = Chain(aws, cfn)
    chain.deploy("Brand", chain.brand_props())
    chain.registration("Brand").status = "CLOSED"
    campaign = chain.deploy("Campaign", chain.campaign_props())
    assert campaign.data[RegistrationAttrs.WAITING_FOR].startswith(f"approval of registration {chain.id_of('Brand')}")
    assert aws.sms.calls_to("CreateRegistrationAssociation", outcome=None) == []


def test_a_campaign_with_its_numbers_refuses_another_brand_naming_the_brand_it_has(
    aws: FakeAws, cfn: CloudFormationHarness
) -> None:
    """The refusal names the registration of the same type the campaign holds, never one of its numbers."""
    chain = _run_chain(aws, cfn)
    campaign_id = chain.id_of("Campaign")
    assert len(aws.sms.registrations[campaign_id].associations) == 2  # the brand and the 10DLC number
    chain.deploy("OtherBrand", chain.brand_props())
    aws.sms.approve(chain.id_of("OtherBrand"))
    writes = len(aws.sms.write_calls())
    moved = {**chain.campaign_props(), RegistrationProps.LINKED_REGISTRATION_IDS: [chain.id_of("OtherBrand")]}
    refused = cfn.update("Campaign", moved)
    assert not refused.ok
    assert f"already associated with {BRAND_TYPE} {chain.id_of('Brand')};" in refused.reason
    assert len(aws.sms.write_calls()) == writes
