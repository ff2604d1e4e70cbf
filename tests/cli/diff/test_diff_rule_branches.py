"""Every branch of every diff consequence rule, on hand-built changes: which rule fires, and which does not.

The pair tests (``test_diff_pairs.py``) show what a reviewer reads for real configs; they need CDK
synthesis and reach only the branches our constructs produce. Here each rule of
``sms_estate.cli.diff.checks`` meets its firing case and its neighbouring case (a number kept vs
released, a list retained vs deleted, event types narrowed vs widened, protection off vs on, a trust
losing aws:SourceArn vs aws:SourceAccount). Each case asserts the whole classification of one change:
the rule IDs, their class, the exact sentence and the acknowledgement ID, so a rule that fires where a
neighbour should (or stays silent) fails the case. Resources go through a JSON round trip, as a
``cdk.out`` template does, so no type name or value is the very string object the module compares to.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from sms_estate.cli.diff.consequences import classify, classify_all
from sms_estate.cli.diff.rules import Severity
from sms_estate.cli.diff.templates import ChangeKind, ResourceChange, ResourceState
from sms_runtime.contract import (
    CONFIGURATION_SET_DEFAULTS_TYPE,
    PHONE_NUMBER_TYPE,
    REGISTRATION_CHECK_TYPE,
    REGISTRATION_TYPE,
    AttachmentKeys,
    PhoneNumberProps,
    RegistrationAttrs,
    RegistrationProps,
)

D, S, C, SEC, W, INFO = (
    Severity.DESTRUCTIVE,
    Severity.SLOW,
    Severity.COSTLY,
    Severity.SECURITY,
    Severity.WARNING,
    Severity.INFO,
)
Finding = tuple[str, Severity, str, str | None]

NUMBER = PHONE_NUMBER_TYPE
AWS_NUMBER = "AWS::SMSVOICE::PhoneNumber"
REGISTRATION = REGISTRATION_TYPE
OPT_OUT_LIST = "AWS::SMSVOICE::OptOutList"
CONFIG_SET = "AWS::SMSVOICE::ConfigurationSet"
DEFAULTS = CONFIGURATION_SET_DEFAULTS_TYPE
POOL = "AWS::SMSVOICE::Pool"
SENDER_ID = "AWS::SMSVOICE::SenderId"
ROLE = "AWS::IAM::Role"
POLICY = "AWS::IAM::Policy"

RELEASED = "RELEASED (gone for good; its registration loses the number)"
RENAMED = " (renamed: replaced by a new resource)"
STOP = "people who replied STOP could be texted again"
KEPT = "the old one is kept in the account, no longer managed"
BILLED = "it is still billed monthly until someone releases it"
BY_HAND = "delete it by hand once nothing uses it"
REVIEW = "up to 15 business days"
LABELS = {
    "ListA": "shop-optouts",
    "ListB": "shop-scratch-optouts",
    "AlertsSet": "shop-alerts",
    "Replies": "shop-replies",
    "CampaignId": "shop-alerts-campaign",
}


def state(
    resource_type: str,
    name: str = "main",
    *,
    deletion: str | None = None,
    replace: str | None = None,
    **properties: Any,
) -> ResourceState:
    """One resource as ``cdk.out`` declares it, named ``name`` by its construct path."""
    resource: dict[str, Any] = {
        "Type": resource_type,
        "Properties": properties,
        "Metadata": {"aws:cdk:path": f"SmsEstate-shop-us-east-1/{name}/Resource"},
    }
    if deletion:
        resource["DeletionPolicy"] = deletion
    if replace:
        resource["UpdateReplacePolicy"] = replace
    return ResourceState.from_template(f"{name.title().replace('-', '')}Id", json.loads(json.dumps(resource)))


def change(kind: ChangeKind, old: ResourceState | None = None, new: ResourceState | None = None) -> ResourceChange:
    return ResourceChange("shop", "us-east-1", "SmsEstate-shop-us-east-1", kind, old, new, LABELS)


def added(new: ResourceState) -> ResourceChange:
    return change("added", None, new)


def removed(old: ResourceState) -> ResourceChange:
    return change("removed", old, None)


def changed(old: ResourceState, new: ResourceState) -> ResourceChange:
    return change("changed", old, new)


def renamed(old: ResourceState, new: ResourceState) -> ResourceChange:
    return change("renamed", old, new)


def findings(of: ResourceChange) -> list[Finding]:
    return [(c.rule.id, c.severity, c.finding.message, c.finding.ack_id) for c in classify(of)]


def check(of: ResourceChange, expected: list[Finding]) -> None:
    assert findings(of) == expected


# --- phone numbers: released or kept, replaced or refused, leased -----------------------------------

TOLL_FREE = {
    PhoneNumberProps.NUMBER_TYPE: "TOLL_FREE",
    PhoneNumberProps.ISO_COUNTRY_CODE: "US",
    PhoneNumberProps.MESSAGE_TYPE: "TRANSACTIONAL",
}
ALLOWED: dict[str, Any] = {PhoneNumberProps.ALLOW_REPLACEMENT: True}


def number(*, deletion: str | None = None, replace: str | None = None, **properties: Any) -> ResourceState:
    return state(NUMBER, deletion=deletion, replace=replace, **{**TOLL_FREE, **properties})


def aws_number(*, deletion: str | None = None, replace: str | None = None, **properties: Any) -> ResourceState:
    return state(AWS_NUMBER, deletion=deletion, replace=replace, **{**TOLL_FREE, **properties})


NUMBER_CASES = [
    pytest.param(
        removed(number(OnDelete="release")),
        [("SMS-D1", D, f"phone number main will be {RELEASED}", "release:phone-number/main@us-east-1")],
        id="removed-released",
    ),
    pytest.param(
        removed(number(OnDelete="retain")),
        [("SMS-W6", W, f"phone number main leaves the stack; {KEPT}: {BILLED}", None)],
        id="removed-kept",
    ),
    pytest.param(
        removed(number()),
        [("SMS-W6", W, f"phone number main leaves the stack; {KEPT}: {BILLED}", None)],
        id="removed-kept-by-default",
    ),
    pytest.param(
        renamed(number(OnDelete="release"), number(OnDelete="release")),
        [("SMS-D1", D, f"phone number main will be {RELEASED}{RENAMED}", "release:phone-number/main@us-east-1")],
        id="renamed-released",
    ),
    pytest.param(
        renamed(number(), number()),
        [("SMS-W6", W, f"phone number main replaced (renamed); {KEPT}: {BILLED}", None)],
        id="renamed-kept",
    ),
    pytest.param(
        removed(aws_number()),
        [("SMS-D1", D, f"phone number main will be {RELEASED}", "release:phone-number/main@us-east-1")],
        id="native-removed-deleted",
    ),
    pytest.param(
        removed(aws_number(deletion="Retain")),
        [("SMS-W6", W, f"phone number main leaves the stack; {KEPT}: {BILLED}", None)],
        id="native-removed-retained",
    ),
    pytest.param(
        changed(
            number(**ALLOWED, OnDelete="release"), number(**ALLOWED, OnDelete="release", MessageType="PROMOTIONAL")
        ),
        [
            (
                "SMS-D2",
                D,
                f"phone number main will be REPLACED (MessageType changed): a new number is leased and the old one "
                f"{RELEASED}",
                "replace:phone-number/main@us-east-1",
            ),
            (
                "SMS-C1",
                C,
                "phone number main: replacement TOLL_FREE number in US, leased monthly from the day it is requested",
                None,
            ),
        ],
        id="replaced-old-released",
    ),
    pytest.param(
        changed(number(**ALLOWED), number(**ALLOWED, MessageType="PROMOTIONAL")),
        [
            (
                "SMS-W1",
                W,
                "phone number main will be REPLACED (MessageType changed): a new number is leased; the old one is "
                "kept in the account, still billed, no longer managed",
                None,
            ),
            (
                "SMS-C1",
                C,
                "phone number main: replacement TOLL_FREE number in US, leased monthly from the day it is requested",
                None,
            ),
        ],
        id="replaced-old-kept",
    ),
    pytest.param(
        changed(number(OnDelete="release"), number(OnDelete="release", MessageType="PROMOTIONAL")),
        [
            (
                "SMS-W2",
                W,
                "phone number main: MessageType changed, which only a new number can satisfy; the deploy will FAIL "
                "unless allow_replacement is set (then a new number is leased)",
                None,
            )
        ],
        id="replacement-refused",
    ),
    pytest.param(
        changed(
            number(**ALLOWED, OnDelete="release"),
            number(
                **ALLOWED, OnDelete="release", NumberType="SIMULATOR", IsoCountryCode="CA", MessageType="PROMOTIONAL"
            ),
        ),
        [
            (
                "SMS-D2",
                D,
                "phone number main will be REPLACED (IsoCountryCode, MessageType, NumberType changed): a new number "
                f"is leased and the old one {RELEASED}",
                "replace:phone-number/main@us-east-1",
            ),
            (
                "SMS-C1",
                C,
                "phone number main: replacement SIMULATOR number in CA, leased monthly from the day it is requested",
                None,
            ),
        ],
        id="three-identity-properties-all-named",
    ),
    pytest.param(
        changed(
            number(**ALLOWED),
            number(
                **ALLOWED,
                NumberType="SIMULATOR",
                IsoCountryCode="CA",
                MessageType="PROMOTIONAL",
                NumberCapabilities=["SMS"],
            ),
        ),
        [
            (
                "SMS-W1",
                W,
                "phone number main will be REPLACED (IsoCountryCode, MessageType, NumberCapabilities and 1 more "
                "changed): a new number is leased; the old one is kept in the account, still billed, no longer managed",
                None,
            ),
            (
                "SMS-C1",
                C,
                "phone number main: replacement SIMULATOR number in CA, leased monthly from the day it is requested",
                None,
            ),
        ],
        id="four-identity-properties-three-named",
    ),
    pytest.param(
        changed(aws_number(), aws_number(IsoCountryCode="CA")),
        [
            (
                "SMS-D2",
                D,
                f"phone number main will be REPLACED (IsoCountryCode changed): a new number is leased and the old one "
                f"{RELEASED}",
                "replace:phone-number/main@us-east-1",
            ),
            (
                "SMS-C1",
                C,
                "phone number main: replacement TOLL_FREE number in CA, leased monthly from the day it is requested",
                None,
            ),
        ],
        id="native-replaced-old-deleted",
    ),
    pytest.param(
        changed(aws_number(replace="Retain"), aws_number(replace="Retain", IsoCountryCode="CA")),
        [
            (
                "SMS-W1",
                W,
                "phone number main will be REPLACED (IsoCountryCode changed): a new number is leased; the old one is "
                "kept in the account, still billed, no longer managed",
                None,
            ),
            (
                "SMS-C1",
                C,
                "phone number main: replacement TOLL_FREE number in CA, leased monthly from the day it is requested",
                None,
            ),
            ("SMS-W6", W, f"phone number main is replaced; {KEPT}: {BILLED}", None),
        ],
        id="native-replaced-old-retained",
    ),
    pytest.param(
        renamed(aws_number(), aws_number(IsoCountryCode="CA")),
        [("SMS-D1", D, f"phone number main will be {RELEASED}{RENAMED}", "release:phone-number/main@us-east-1")],
        id="renamed-with-new-country-is-no-in-place-replacement",
    ),
    pytest.param(
        changed(number(OnDelete="retain"), number(OnDelete="release")),
        [("SMS-I1", INFO, "phone number main changes in place (OnDelete)", None)],
        id="on-delete-changes-in-place",
    ),
    pytest.param(
        added(number()),
        [
            (
                "SMS-C1",
                C,
                "phone number main: new TOLL_FREE number in US, leased monthly from the day it is requested",
                None,
            )
        ],
        id="added-leased",
    ),
    pytest.param(
        added(state(NUMBER)),
        [("SMS-C1", C, "phone number main: new phone number in ?, leased monthly from the day it is requested", None)],
        id="added-without-type-or-country",
    ),
    pytest.param(
        added(aws_number()),
        [
            (
                "SMS-C1",
                C,
                "phone number main: new TOLL_FREE number in US, leased monthly from the day it is requested",
                None,
            )
        ],
        id="native-added-leased",
    ),
]


@pytest.mark.parametrize(("of", "expected"), NUMBER_CASES)
def test_phone_number_rules(of: ResourceChange, expected: list[Finding]) -> None:
    check(of, expected)


# --- registrations: re-review, submission, draft edits, deletion, type change ----------------------

FIELDS = {"companyName": "Shop", "website": "https://shop.example", "supportEmail": "help@shop.example"}
PHOTO = {
    "optInImage": {
        AttachmentKeys.FILE_NAME: "opt-in.png",
        AttachmentKeys.SHA256: "aa",
        AttachmentKeys.KEY: "assets/1.png",
    }
}


def registration(**properties: Any) -> ResourceState:
    base = {
        RegistrationProps.REGISTRATION_TYPE: "US_TOLL_FREE_REGISTRATION",
        RegistrationProps.FIELDS: FIELDS,
        RegistrationProps.ATTACHMENTS: PHOTO,
    }
    return state(REGISTRATION, **{**base, **properties})


def submitted_edit(submit: Any, **properties: Any) -> ResourceChange:
    return changed(registration(Submit=submit), registration(Submit=submit, **properties))


def re_review(edits: str) -> Finding:
    message = (
        f"registration main: {edits} changed after submission: a new version opens and review restarts "
        f"({REVIEW}); while a review is running the deploy fails instead"
    )
    return ("SMS-S1", S, message, None)


def draft_edit(edits: str) -> Finding:
    return ("SMS-I2", INFO, f"registration main (a draft): {edits} change in place", None)


SUBMITTED = ("SMS-S2", S, f"registration main will be submitted for review, which takes {REVIEW}", None)
REGISTRATION_KEPT = (
    "SMS-W6",
    W,
    f"registration main leaves the stack; {KEPT}: its review and its numbers stay as they are",
    None,
)

REGISTRATION_CASES = [
    pytest.param(
        submitted_edit(True, Fields={**FIELDS, "companyName": "Shop Inc"}),
        [re_review("companyName")],
        id="submitted-field",
    ),
    pytest.param(
        submitted_edit(False, Fields={**FIELDS, "companyName": "Shop Inc"}),
        [draft_edit("companyName")],
        id="draft-field",
    ),
    pytest.param(
        changed(registration(), registration(Fields={**FIELDS, "companyName": "Shop Inc"})),
        [draft_edit("companyName")],
        id="never-submitted-field",
    ),
    pytest.param(submitted_edit(True, Fields={**FIELDS, "phone": "+1"}), [re_review("phone")], id="field-added"),
    pytest.param(
        submitted_edit(True, Fields={k: v for k, v in FIELDS.items() if k != "website"}),
        [re_review("website")],
        id="field-dropped",
    ),
    pytest.param(
        submitted_edit(True, Fields={k: f"{v}!" for k, v in FIELDS.items()}),
        [re_review("companyName, supportEmail, website")],
        id="three-fields-all-named",
    ),
    pytest.param(
        submitted_edit(True, Fields={**{k: f"{v}!" for k, v in FIELDS.items()}, "phone": "+1"}),
        [re_review("companyName, phone, supportEmail and 1 more")],
        id="four-fields-three-named",
    ),
    pytest.param(
        submitted_edit(True, Attachments={"optInImage": {**PHOTO["optInImage"], AttachmentKeys.SHA256: "bb"}}),
        [re_review("optInImage")],
        id="attachment-content",
    ),
    pytest.param(
        submitted_edit(
            True, Attachments={**PHOTO, "logo": {AttachmentKeys.FILE_NAME: "logo.png", AttachmentKeys.SHA256: "cc"}}
        ),
        [re_review("logo")],
        id="attachment-added",
    ),
    pytest.param(
        submitted_edit(True, Attachments={"optInImage": {**PHOTO["optInImage"], AttachmentKeys.KEY: "assets/2.png"}}),
        [("SMS-I1", INFO, "registration main changes in place (Attachments)", None)],
        id="attachment-only-moved",
    ),
    pytest.param(added(registration(Submit=True)), [SUBMITTED], id="added-submitted"),
    pytest.param(
        added(registration(Submit=False)), [("SMS-I1", INFO, "registration main will be added", None)], id="added-draft"
    ),
    pytest.param(changed(registration(Submit=False), registration(Submit=True)), [SUBMITTED], id="submit-turned-on"),
    pytest.param(
        changed(registration(Submit=False), registration(Submit=True, Fields={**FIELDS, "website": "x"})),
        [SUBMITTED, draft_edit("website")],
        id="draft-edited-and-submitted",
    ),
    pytest.param(changed(registration(), registration(Submit=True)), [SUBMITTED], id="submit-set"),
    pytest.param(
        changed(registration(Submit=True), registration(Submit=True, DeleteDraftOnRemoval=True)),
        [("SMS-I1", INFO, "registration main changes in place (DeleteDraftOnRemoval)", None)],
        id="already-submitted",
    ),
    pytest.param(
        changed(registration(), registration(RegistrationType="US_TEN_DLC_BRAND_REGISTRATION")),
        [
            (
                "SMS-W3",
                W,
                "registration main: RegistrationType US_TOLL_FREE_REGISTRATION -> US_TEN_DLC_BRAND_REGISTRATION "
                "cannot change; the deploy will FAIL",
                None,
            )
        ],
        id="type-changed",
    ),
    pytest.param(
        changed(registration(RegistrationType="US_TEN_DLC_BRAND_REGISTRATION"), registration()),
        [
            (
                "SMS-W3",
                W,
                "10DLC brand main: RegistrationType US_TEN_DLC_BRAND_REGISTRATION -> US_TOLL_FREE_REGISTRATION "
                "cannot change; the deploy will FAIL",
                None,
            )
        ],
        id="type-changed-back",
    ),
    pytest.param(
        renamed(registration(), registration(Fields={**FIELDS, "website": "x"})),
        [
            (
                "SMS-W6",
                W,
                f"registration main replaced (renamed); {KEPT}: its review and its numbers stay as they are",
                None,
            )
        ],
        id="renamed-fields-are-not-edits",
    ),
    pytest.param(
        renamed(registration(Submit=True), registration(Submit=True)),
        [
            ("SMS-S2", S, f"registration main will be submitted for review{RENAMED}, which takes {REVIEW}", None),
            (
                "SMS-W6",
                W,
                f"registration main replaced (renamed); {KEPT}: its review and its numbers stay as they are",
                None,
            ),
        ],
        id="renamed-submitted-is-a-new-review",
    ),
    pytest.param(
        removed(registration(DeleteDraftOnRemoval=True, Submit=False)),
        [
            (
                "SMS-D3",
                D,
                "registration main will be DELETED (a draft: its field values and attachments are lost)",
                "delete:registration/main@us-east-1",
            )
        ],
        id="draft-deleted",
    ),
    pytest.param(
        removed(registration(DeleteDraftOnRemoval=True, Submit=True)),
        [
            (
                "SMS-D3",
                D,
                "registration main will be DELETED if it is still an unsubmitted draft (a submitted one is kept)",
                "delete:registration/main@us-east-1",
            )
        ],
        id="submitted-deleted-only-if-draft",
    ),
    pytest.param(
        renamed(registration(DeleteDraftOnRemoval=True), registration(DeleteDraftOnRemoval=True)),
        [
            (
                "SMS-D3",
                D,
                f"registration main will be DELETED (a draft: its field values and attachments are lost){RENAMED}",
                "delete:registration/main@us-east-1",
            )
        ],
        id="renamed-draft-deleted",
    ),
    pytest.param(removed(registration(Submit=False)), [REGISTRATION_KEPT], id="removed-kept"),
    pytest.param(removed(registration(DeleteDraftOnRemoval=False)), [REGISTRATION_KEPT], id="removed-kept-explicitly"),
]


@pytest.mark.parametrize(("of", "expected"), REGISTRATION_CASES)
def test_registration_rules(of: ResourceChange, expected: list[Finding]) -> None:
    check(of, expected)


# --- 10DLC and Singapore: review time per type, registry fees, a number bought for a campaign --------

BRAND, VETTING, CAMPAIGN, SG = (
    "US_TEN_DLC_BRAND_REGISTRATION",
    "US_TEN_DLC_BRAND_VETTING",
    "US_TEN_DLC_CAMPAIGN_REGISTRATION",
    "SG_SENDER_ID_REGISTRATION",
)
BRAND_TIME = "1-2 business days for a US company, up to 3 weeks for an international one"
LINKED = {RegistrationProps.LINKED_REGISTRATION_IDS: [{"Fn::GetAtt": ["BrandId", RegistrationAttrs.REGISTRATION_ID]}]}
CAMPAIGN_FIELDS = {"campaignInfo.campaignDescription": "Order updates", "campaignInfo.optInWorkflow": "Web form"}
CAMPAIGN_FEE = (
    "a recurring monthly fee for each campaign, varying with the use case and shown on the registration page "
    "(not given in the guide)"
)


def typed(registration_type: str, **properties: Any) -> ResourceState:
    fields = CAMPAIGN_FIELDS if registration_type == CAMPAIGN else {}
    base = {RegistrationProps.REGISTRATION_TYPE: registration_type, RegistrationProps.FIELDS: fields}
    return state(REGISTRATION, **{**base, **properties})


def ten_dlc_number(**properties: Any) -> ResourceState:
    base = {
        PhoneNumberProps.NUMBER_TYPE: "TEN_DLC",
        PhoneNumberProps.ISO_COUNTRY_CODE: "US",
        PhoneNumberProps.MESSAGE_TYPE: "TRANSACTIONAL",
    }
    return state(NUMBER, **{**base, **properties})


OTHER_BRAND = {
    RegistrationProps.LINKED_REGISTRATION_IDS: [{"Fn::GetAtt": ["OtherBrandId", RegistrationAttrs.REGISTRATION_ID]}]
}
MOVED = (
    "10DLC campaign main: filed for another registration than before; the deploy will FAIL if it is already "
    "associated with the old one (an association cannot be removed): declare a new registration for the new one"
)
TEN_DLC_CASES = [
    pytest.param(
        changed(typed(CAMPAIGN, **LINKED), typed(CAMPAIGN, **OTHER_BRAND)),
        [("SMS-W9", W, MOVED, None)],
        id="campaign-moved-to-another-brand",
    ),
    pytest.param(
        changed(typed(CAMPAIGN), typed(CAMPAIGN, **LINKED)),
        [("SMS-I1", INFO, "10DLC campaign main changes in place (LinkedRegistrationIds)", None)],
        id="campaign-gets-its-first-brand",
    ),
    pytest.param(
        changed(
            typed(CAMPAIGN, Submit=True, **LINKED),
            typed(CAMPAIGN, Submit=True, **LINKED, Fields={**CAMPAIGN_FIELDS, "campaignInfo.optInWorkflow": "App"}),
        ),
        [
            (
                "SMS-S1",
                S,
                "10DLC campaign main: campaignInfo.optInWorkflow changed after submission: a new version opens and "
                "review restarts (up to 4 weeks); while a review is running the deploy fails instead (a campaign "
                "still waiting for its brand's approval is a draft and changes in place)",
                None,
            )
        ],
        id="submitted-campaign-edited-weeks",
    ),
    pytest.param(
        changed(typed(BRAND, Submit=True), typed(BRAND, Submit=True, Fields={"companyInfo.companyName": "Shop"})),
        [
            (
                "SMS-S1",
                S,
                "10DLC brand main: companyInfo.companyName changed after submission: a new version opens and review "
                f"restarts ({BRAND_TIME}); while a review is running the deploy fails instead",
                None,
            )
        ],
        id="submitted-brand-edited-days",
    ),
    pytest.param(
        changed(typed(BRAND), typed(BRAND, Fields={"companyInfo.companyName": "Shop"})),
        [("SMS-I2", INFO, "10DLC brand main (a draft): companyInfo.companyName change in place", None)],
        id="draft-brand-edited-in-place",
    ),
    pytest.param(
        changed(typed(SG, Submit=True), typed(SG, Submit=True, Fields={"senderIdInfo.senderId": "SHOP"})),
        [
            (
                "SMS-S1",
                S,
                "Singapore sender ID registration main: senderIdInfo.senderId changed after submission: a new "
                "version opens and review restarts (a time the guide does not state); while a review is running "
                "the deploy fails instead",
                None,
            )
        ],
        id="submitted-sender-id-registration-edited",
    ),
    pytest.param(
        added(typed(CAMPAIGN, Submit=True, **LINKED)),
        [
            (
                "SMS-S2",
                S,
                "10DLC campaign main will be submitted for review (once its brand is approved), which takes up to 4 "
                "weeks",
                None,
            ),
            ("SMS-C2", C, f"10DLC campaign main will be registered: {CAMPAIGN_FEE}", None),
        ],
        id="new-campaign-slow-and-costly",
    ),
    pytest.param(
        changed(typed(CAMPAIGN, Submit=False, **LINKED), typed(CAMPAIGN, Submit=True, **LINKED)),
        [
            (
                "SMS-S2",
                S,
                "10DLC campaign main will be submitted for review (once its brand is approved), which takes up to 4 "
                "weeks",
                None,
            ),
            ("SMS-C2", C, f"10DLC campaign main will be registered: {CAMPAIGN_FEE}", None),
        ],
        id="campaign-submit-turned-on",
    ),
    pytest.param(
        added(typed(CAMPAIGN, Submit=False, **LINKED)),
        [("SMS-I1", INFO, "10DLC campaign main will be added", None)],
        id="new-draft-campaign-costs-nothing-yet",
    ),
    pytest.param(
        changed(
            typed(CAMPAIGN, Submit=True, **LINKED), typed(CAMPAIGN, Submit=True, DeleteDraftOnRemoval=True, **LINKED)
        ),
        [("SMS-I1", INFO, "10DLC campaign main changes in place (DeleteDraftOnRemoval)", None)],
        id="registered-campaign-not-charged-again",
    ),
    pytest.param(
        added(typed(VETTING, Submit=True, **LINKED)),
        [
            (
                "SMS-S2",
                S,
                f"10DLC brand vetting main will be submitted for review (once its brand is approved), which takes "
                f"{BRAND_TIME}",
                None,
            ),
            ("SMS-C3", C, "10DLC brand vetting main will be registered: a $40 non-refundable vetting fee", None),
        ],
        id="new-vetting-40-dollars",
    ),
    pytest.param(
        added(typed(BRAND, Submit=True)),
        [
            ("SMS-S2", S, f"10DLC brand main will be submitted for review, which takes {BRAND_TIME}", None),
            (
                "SMS-C4",
                C,
                "10DLC brand main will be registered: a one-time brand registration fee, shown on the registration "
                "page (not given in the guide)",
                None,
            ),
        ],
        id="new-brand-one-time-fee",
    ),
    pytest.param(
        renamed(typed(BRAND, Submit=True), typed(BRAND, Submit=True)),
        [
            ("SMS-S2", S, f"10DLC brand main will be submitted for review{RENAMED}, which takes {BRAND_TIME}", None),
            (
                "SMS-C4",
                C,
                f"10DLC brand main will be registered{RENAMED}: a one-time brand registration fee, shown on the "
                "registration page (not given in the guide)",
                None,
            ),
            (
                "SMS-W6",
                W,
                f"10DLC brand main replaced (renamed); {KEPT}: its review and its numbers stay as they are",
                None,
            ),
        ],
        id="renamed-brand-pays-again",
    ),
    pytest.param(
        added(typed(SG, Submit=True)),
        [
            (
                "SMS-S2",
                S,
                "Singapore sender ID registration main will be submitted for review, which takes a time the guide "
                "does not state",
                None,
            )
        ],
        id="new-sender-id-registration-no-registry-fee",
    ),
    pytest.param(
        added(
            ten_dlc_number(
                **{PhoneNumberProps.REGISTRATION_ID: {"Fn::GetAtt": ["CampaignId", RegistrationAttrs.REGISTRATION_ID]}}
            )
        ),
        [
            (
                "SMS-C1",
                C,
                "phone number main: new TEN_DLC number in US, requested once registration shop-alerts-campaign is "
                "approved, then leased monthly from that day even while PENDING",
                None,
            )
        ],
        id="ten-dlc-number-for-a-campaign",
    ),
    pytest.param(
        added(ten_dlc_number()),
        [
            (
                "SMS-C1",
                C,
                "phone number main: new TEN_DLC number in US, leased monthly from the day it is requested",
                None,
            )
        ],
        id="ten-dlc-number-without-campaign",
    ),
]


@pytest.mark.parametrize(("of", "expected"), TEN_DLC_CASES)
def test_ten_dlc_and_sender_id_registration_rules(of: ResourceChange, expected: list[Finding]) -> None:
    check(of, expected)


# --- opt-out lists: deleted or replaced unless retained, switched by a number or pool ---------------


def opt_out_list(name: str = "shop-optouts", **policies: Any) -> ResourceState:
    return state(OPT_OUT_LIST, "optouts", OptOutListName=name, **policies)


LIST_KEPT = "its opt-outs survive; check every number and pool that used it names a list"

OPT_OUT_LIST_CASES = [
    pytest.param(
        removed(opt_out_list()),
        [
            (
                "SMS-D4",
                D,
                f"opt-out list shop-optouts will be DELETED: {STOP}",
                "delete:opt-out-list/shop-optouts@us-east-1",
            )
        ],
        id="removed-deleted",
    ),
    pytest.param(
        renamed(registration(), registration(RegistrationType="US_TEN_DLC_BRAND_REGISTRATION")),
        [
            (
                "SMS-W6",
                W,
                f"registration main replaced (renamed); {KEPT}: its review and its numbers stay as they are",
                None,
            )
        ],
        id="renamed-may-change-type",
    ),
    pytest.param(
        removed(opt_out_list(deletion="Retain")),
        [("SMS-W6", W, f"opt-out list shop-optouts leaves the stack; {KEPT}: {LIST_KEPT}", None)],
        id="removed-retained",
    ),
    pytest.param(
        removed(opt_out_list(deletion="RetainExceptOnCreate")),
        [("SMS-W6", W, f"opt-out list shop-optouts leaves the stack; {KEPT}: {LIST_KEPT}", None)],
        id="removed-retained-except-on-create",
    ),
    pytest.param(
        renamed(opt_out_list(), opt_out_list()),
        [
            (
                "SMS-D4",
                D,
                f"opt-out list shop-optouts will be DELETED{RENAMED}: {STOP}",
                "delete:opt-out-list/shop-optouts@us-east-1",
            )
        ],
        id="renamed-deleted",
    ),
    pytest.param(
        renamed(opt_out_list(deletion="Retain"), opt_out_list(deletion="Retain")),
        [("SMS-W6", W, f"opt-out list shop-optouts replaced (renamed); {KEPT}: {LIST_KEPT}", None)],
        id="renamed-retained",
    ),
    pytest.param(
        changed(opt_out_list(), opt_out_list("shop-optouts-v2")),
        [
            (
                "SMS-D4",
                D,
                f"opt-out list shop-optouts will be REPLACED (OptOutListName changed): the old list is deleted and {STOP}",
                "replace:opt-out-list/shop-optouts@us-east-1",
            )
        ],
        id="replaced-deleted",
    ),
    pytest.param(
        changed(opt_out_list(deletion="Retain"), opt_out_list("shop-optouts-v2", deletion="Retain")),
        [
            (
                "SMS-D4",
                D,
                f"opt-out list shop-optouts will be REPLACED (OptOutListName changed): the old list is deleted and {STOP}",
                "replace:opt-out-list/shop-optouts@us-east-1",
            )
        ],
        id="replaced-deleted-despite-deletion-policy",
    ),
    pytest.param(
        changed(opt_out_list(replace="Retain"), opt_out_list("shop-optouts-v2", replace="Retain")),
        [("SMS-W6", W, f"opt-out list shop-optouts is replaced; {KEPT}: {LIST_KEPT}", None)],
        id="replaced-retained",
    ),
    pytest.param(
        changed(opt_out_list(), opt_out_list(deletion="Retain")),
        [("SMS-I1", INFO, "opt-out list shop-optouts changes in place (DeletionPolicy)", None)],
        id="policy-changes-in-place",
    ),
    pytest.param(
        added(opt_out_list()),
        [("SMS-I1", INFO, "opt-out list shop-optouts will be added", None)],
        id="added",
    ),
]


@pytest.mark.parametrize(("of", "expected"), OPT_OUT_LIST_CASES)
def test_opt_out_list_rules(of: ResourceChange, expected: list[Finding]) -> None:
    check(of, expected)


def switched(subject: str, before: str, after: str) -> Finding:
    return (
        "SMS-W4",
        W,
        f"{subject} switches opt-out list {before} -> {after}: {STOP} unless they are also in {after}",
        None,
    )


LIST_A, LIST_B = {"Ref": "ListA"}, {"Ref": "ListB"}

SWITCH_CASES = [
    pytest.param(
        changed(number(OptOutListName=LIST_A), number(OptOutListName=LIST_B)),
        [switched("phone number main", "shop-optouts", "shop-scratch-optouts")],
        id="number-to-another-list",
    ),
    pytest.param(
        changed(aws_number(OptOutListName="plain-a"), aws_number(OptOutListName="plain-b")),
        [switched("phone number main", "plain-a", "plain-b")],
        id="native-number-by-name",
    ),
    pytest.param(
        changed(state(POOL, OptOutListName=LIST_A), state(POOL)),
        [switched("pool main", "shop-optouts", "the account default")],
        id="pool-to-account-default",
    ),
    pytest.param(
        changed(number(), number(OptOutListName=LIST_B)),
        [("SMS-I1", INFO, "phone number main changes in place (OptOutListName)", None)],
        id="from-account-default-loses-nothing",
    ),
    pytest.param(
        changed(number(OptOutListName=LIST_A, OnDelete="retain"), number(OptOutListName=LIST_A, OnDelete="release")),
        [("SMS-I1", INFO, "phone number main changes in place (OnDelete)", None)],
        id="same-list-kept",
    ),
    pytest.param(
        renamed(aws_number(OptOutListName=LIST_A), aws_number(OptOutListName=LIST_B)),
        [("SMS-D1", D, f"phone number main will be {RELEASED}{RENAMED}", "release:phone-number/main@us-east-1")],
        id="renamed-number-is-a-new-number-not-a-switch",
    ),
]


@pytest.mark.parametrize(("of", "expected"), SWITCH_CASES)
def test_opt_out_list_switch(of: ResourceChange, expected: list[Finding]) -> None:
    check(of, expected)


# --- inbound handling: two-way on/off, channel, role, self-managed opt-outs -------------------------

ARN_A = "arn:aws:sns:us-east-1:111111111111:replies-a"
ARN_B = "arn:aws:sns:us-east-1:111111111111:replies-b"
ROLE_A = "arn:aws:iam::111111111111:role/replies-a"
ROLE_B = "arn:aws:iam::111111111111:role/replies-b"
ON = "self-managed opt-outs turned ON: AWS stops answering HELP/STOP and recording opt-outs; you must"
OFF = "self-managed opt-outs turned OFF: AWS answers HELP/STOP and records opt-outs again"


def two_way(enabled: Any, channel: Any = ARN_A, role: Any = None, **properties: Any) -> ResourceState:
    """A custom number: two-way flat, as UpdatePhoneNumber takes it."""
    flat = {
        PhoneNumberProps.TWO_WAY_ENABLED: enabled,
        PhoneNumberProps.TWO_WAY_CHANNEL_ARN: channel,
        PhoneNumberProps.TWO_WAY_CHANNEL_ROLE: role,
    }
    return number(**{k: v for k, v in flat.items() if v is not None}, **properties)


def inbound(subject: str, detail: str) -> list[Finding]:
    return [("SMS-W8", W, f"{subject}: {detail}", None)]


INBOUND_CASES = [
    pytest.param(
        changed(two_way(False), two_way(True)),
        inbound("phone number main", f"two-way turned ON: replies go to {ARN_A}"),
        id="on",
    ),
    pytest.param(
        changed(two_way(True), two_way(False)),
        inbound("phone number main", "two-way turned OFF: replies are no longer delivered anywhere"),
        id="off",
    ),
    pytest.param(
        changed(two_way(True, ARN_A), two_way(True, ARN_B)),
        inbound("phone number main", f"replies move to {ARN_B}"),
        id="channel-a-to-b",
    ),
    pytest.param(
        changed(two_way(True, ARN_B), two_way(True, ARN_A)),
        inbound("phone number main", f"replies move to {ARN_A}"),
        id="channel-b-to-a",
    ),
    pytest.param(
        changed(two_way(True, role=ROLE_A), two_way(True, role=ROLE_B)),
        inbound("phone number main", "the role that posts replies to the channel changes"),
        id="role-a-to-b",
    ),
    pytest.param(
        changed(two_way(True, role=ROLE_B), two_way(True, role=ROLE_A)),
        inbound("phone number main", "the role that posts replies to the channel changes"),
        id="role-b-to-a",
    ),
    pytest.param(
        changed(two_way(True, role=ROLE_A), two_way(True, role=ROLE_A, SelfManagedOptOutsEnabled=True)),
        inbound("phone number main", ON),
        id="self-managed-on-with-role",
    ),
    pytest.param(
        changed(two_way(True, SelfManagedOptOutsEnabled=True), two_way(True)),
        inbound("phone number main", OFF),
        id="self-managed-off",
    ),
    pytest.param(
        changed(two_way(True, ARN_A), two_way(True, ARN_B, SelfManagedOptOutsEnabled=True)),
        inbound("phone number main", f"replies move to {ARN_B}; {ON}"),
        id="channel-and-self-managed",
    ),
    pytest.param(
        changed(two_way(False, ARN_A), two_way(False, ARN_B)),
        [("SMS-I1", INFO, "phone number main changes in place (TwoWayChannelArn)", None)],
        id="channel-while-off",
    ),
    pytest.param(
        changed(state(POOL), state(POOL, TwoWay={"Enabled": True, "ChannelArn": {"Ref": "Replies"}})),
        inbound("pool main", "two-way turned ON: replies go to shop-replies"),
        id="pool-on",
    ),
    pytest.param(
        changed(
            aws_number(TwoWay={"Enabled": True, "ChannelArn": ARN_A, "ChannelRole": ROLE_A}),
            aws_number(TwoWay={"Enabled": True, "ChannelArn": ARN_A, "ChannelRole": ROLE_B}),
        ),
        inbound("phone number main", "the role that posts replies to the channel changes"),
        id="native-number-role",
    ),
    pytest.param(
        renamed(state(POOL), state(POOL, TwoWay={"Enabled": True, "ChannelArn": ARN_A})),
        [("SMS-D7", D, "pool main will be replaced (renamed): the old one is deleted", "replace:pool/main@us-east-1")],
        id="renamed-pool-is-a-new-pool",
    ),
]


@pytest.mark.parametrize(("of", "expected"), INBOUND_CASES)
def test_inbound_handling_rule(of: ResourceChange, expected: list[Finding]) -> None:
    check(of, expected)


# --- event destinations: removed or disabled vs narrowed vs widened -------------------------------


def destination(name: str, *types: str, enabled: Any = True) -> dict[str, Any]:
    found: dict[str, Any] = {"EventDestinationName": name, "MatchingEventTypes": list(types)}
    if enabled is not None:
        found["Enabled"] = enabled
    return found


def config_set(*destinations: dict[str, Any], name: str = "shop-alerts", **properties: Any) -> ResourceState:
    return state(CONFIG_SET, "alerts", ConfigurationSetName=name, EventDestinations=list(destinations), **properties)


LOG = destination("delivery-log", "TEXT_ALL")
FAILURES = destination("failures", "TEXT_FAILED", "TEXT_UNREACHABLE")
FAILURES_EVENTS = "TEXT_FAILED, TEXT_UNREACHABLE"
IN_PLACE = [("SMS-I1", INFO, "configuration set shop-alerts changes in place (EventDestinations)", None)]


def lost(name: str, how: str, events: str) -> Finding:
    verb = {"REMOVED": "remove", "DISABLED": "disable"}[how]
    return (
        "SMS-D5",
        D,
        f"event destination shop-alerts/{name} will be {how}: its {events} events are lost",
        f"{verb}:event-destination/shop-alerts/{name}@us-east-1",
    )


def narrowed(name: str, dropped: str) -> Finding:
    return ("SMS-W5", W, f"event destination shop-alerts/{name} stops receiving {dropped}", None)


EVENT_CASES = [
    pytest.param(
        changed(config_set(LOG, FAILURES), config_set(LOG)),
        [lost("failures", "REMOVED", FAILURES_EVENTS)],
        id="removed",
    ),
    pytest.param(
        changed(config_set(destination("many", "A", "B", "C", "D", "E", enabled=None)), config_set()),
        [lost("many", "REMOVED", "A, B and 3 more")],
        id="removed-five-types-two-named-enabled-by-default",
    ),
    pytest.param(
        changed(config_set(LOG, FAILURES), config_set(LOG, {**FAILURES, "Enabled": False})),
        [lost("failures", "DISABLED", FAILURES_EVENTS)],
        id="disabled",
    ),
    pytest.param(
        changed(config_set(LOG, {**FAILURES, "Enabled": False}), config_set(LOG)),
        IN_PLACE,
        id="already-disabled-then-removed",
    ),
    pytest.param(
        changed(config_set(LOG, {**FAILURES, "Enabled": False}), config_set(LOG, FAILURES)),
        IN_PLACE,
        id="enabled-again",
    ),
    pytest.param(
        changed(config_set(LOG, FAILURES), config_set(LOG, destination("failures", "TEXT_FAILED"))),
        [narrowed("failures", "TEXT_UNREACHABLE")],
        id="narrowed",
    ),
    pytest.param(
        changed(config_set(FAILURES), config_set(destination("failures", "TEXT_FAILED", enabled=None))),
        [narrowed("failures", "TEXT_UNREACHABLE")],
        id="narrowed-enabled-by-default",
    ),
    pytest.param(
        changed(config_set(destination("d", "A", "B", "C", "D", "E")), config_set(destination("d", "E"))),
        [narrowed("d", "A, B, C and 1 more")],
        id="narrowed-by-four",
    ),
    pytest.param(
        changed(config_set(FAILURES), config_set(destination("failures", "TEXT_FAILED", enabled=False))),
        [lost("failures", "DISABLED", FAILURES_EVENTS)],
        id="narrowed-and-disabled-is-only-disabled",
    ),
    pytest.param(
        changed(config_set(destination("failures", "TEXT_FAILED")), config_set(FAILURES)),
        IN_PLACE,
        id="widened",
    ),
    pytest.param(
        changed(
            config_set(destination("failures", "TEXT_FAILED", enabled=False)),
            config_set(destination("failures", enabled=False)),
        ),
        IN_PLACE,
        id="disabled-narrowed",
    ),
    pytest.param(
        removed(config_set(LOG, FAILURES, {**FAILURES, "EventDestinationName": "archive", "Enabled": False})),
        [
            lost("delivery-log", "REMOVED", "TEXT_ALL"),
            lost("failures", "REMOVED", FAILURES_EVENTS),
            ("SMS-W7", W, "configuration set shop-alerts will be DELETED", None),
        ],
        id="set-removed",
    ),
    pytest.param(
        renamed(config_set(LOG), config_set(LOG)),
        [
            lost("delivery-log", "REMOVED", "TEXT_ALL"),
            (
                "SMS-D7",
                D,
                "configuration set shop-alerts will be replaced (renamed): the old one is deleted",
                "replace:configuration-set/shop-alerts@us-east-1",
            ),
        ],
        id="set-renamed",
    ),
    pytest.param(
        renamed(config_set(FAILURES), config_set(destination("failures", "TEXT_FAILED"))),
        [
            lost("failures", "REMOVED", FAILURES_EVENTS),
            (
                "SMS-D7",
                D,
                "configuration set shop-alerts will be replaced (renamed): the old one is deleted",
                "replace:configuration-set/shop-alerts@us-east-1",
            ),
        ],
        id="set-renamed-narrowed-is-all-lost",
    ),
    pytest.param(
        changed(config_set(LOG), config_set(LOG, name="shop-alerts-v2")),
        [
            lost("delivery-log", "REMOVED", "TEXT_ALL"),
            (
                "SMS-D7",
                D,
                "configuration set shop-alerts will be REPLACED (ConfigurationSetName changed): the old one is deleted",
                "replace:configuration-set/shop-alerts@us-east-1",
            ),
        ],
        id="set-replaced",
    ),
    pytest.param(
        added(config_set(LOG)),
        [("SMS-I1", INFO, "configuration set shop-alerts will be added", None)],
        id="set-added",
    ),
]


@pytest.mark.parametrize(("of", "expected"), EVENT_CASES)
def test_event_destination_rules(of: ResourceChange, expected: list[Finding]) -> None:
    check(of, expected)


# --- configuration set defaults (SetDefaultMessageType) --------------------------------------------


def defaults(set_name: Any = None, **properties: Any) -> ResourceState:
    return state(DEFAULTS, "alerts-defaults", ConfigurationSetName=set_name or {"Ref": "AlertsSet"}, **properties)


def default_type(before: str, after: str) -> list[Finding]:
    return [
        ("SMS-I3", INFO, f"configuration set shop-alerts: default message type {before} -> {after}, set in place", None)
    ]


DEFAULT_CASES = [
    pytest.param(
        added(defaults(DefaultMessageType="TRANSACTIONAL")), default_type("the API default", "TRANSACTIONAL"), id="set"
    ),
    pytest.param(
        changed(defaults(DefaultMessageType="TRANSACTIONAL"), defaults(DefaultMessageType="PROMOTIONAL")),
        default_type("TRANSACTIONAL", "PROMOTIONAL"),
        id="changed",
    ),
    pytest.param(
        changed(defaults(DefaultMessageType="PROMOTIONAL"), defaults(DefaultMessageType="")),
        default_type("PROMOTIONAL", "the API default"),
        id="emptied",
    ),
    pytest.param(
        removed(defaults(DefaultMessageType="PROMOTIONAL")),
        default_type("PROMOTIONAL", "the API default"),
        id="removed",
    ),
    pytest.param(
        changed(
            defaults(DefaultMessageType="PROMOTIONAL"),
            defaults("other-set", DefaultMessageType="PROMOTIONAL"),
        ),
        [("SMS-I1", INFO, "configuration set default alerts-defaults changes in place (ConfigurationSetName)", None)],
        id="same-type-other-set",
    ),
]


@pytest.mark.parametrize(("of", "expected"), DEFAULT_CASES)
def test_default_message_type_rule(of: ResourceChange, expected: list[Finding]) -> None:
    check(of, expected)


# --- deletion protection ---------------------------------------------------------------------------


def unprotected(subject: str, ack: str) -> list[Finding]:
    message = f"{subject}: deletion protection turned OFF (any later change or person can delete it)"
    return [("SMS-D6", D, message, f"unprotect:{ack}@us-east-1")]


PROTECTION_CASES = [
    pytest.param(
        changed(state(POOL, DeletionProtectionEnabled=True), state(POOL, DeletionProtectionEnabled=False)),
        unprotected("pool main", "pool/main"),
        id="pool-off",
    ),
    pytest.param(
        changed(state(POOL, DeletionProtectionEnabled=True), state(POOL)),
        unprotected("pool main", "pool/main"),
        id="pool-property-dropped",
    ),
    pytest.param(
        changed(config_set(DeletionProtectionEnabled=True), config_set(DeletionProtectionEnabled=False)),
        unprotected("configuration set shop-alerts", "configuration-set/shop-alerts"),
        id="configuration-set-off",
    ),
    pytest.param(
        changed(number(DeletionProtectionEnabled=True), number(DeletionProtectionEnabled=False)),
        unprotected("phone number main", "phone-number/main"),
        id="custom-number-off",
    ),
    pytest.param(
        changed(state(POOL, DeletionProtectionEnabled=False), state(POOL, DeletionProtectionEnabled=True)),
        [("SMS-I1", INFO, "pool main changes in place (DeletionProtectionEnabled)", None)],
        id="pool-on",
    ),
    pytest.param(
        changed(state(POOL), state(POOL, DeletionProtectionEnabled=True)),
        [("SMS-I1", INFO, "pool main changes in place (DeletionProtectionEnabled)", None)],
        id="pool-on-from-default",
    ),
    pytest.param(
        renamed(state(POOL, DeletionProtectionEnabled=True), state(POOL, DeletionProtectionEnabled=False)),
        [("SMS-D7", D, "pool main will be replaced (renamed): the old one is deleted", "replace:pool/main@us-east-1")],
        id="renamed-pool-is-a-new-pool",
    ),
    pytest.param(
        changed(
            state("AWS::DynamoDB::Table", "orders", DeletionProtectionEnabled=True),
            state("AWS::DynamoDB::Table", "orders", DeletionProtectionEnabled=False),
        ),
        [("SMS-I1", INFO, "AWS::DynamoDB::Table orders changes in place (DeletionProtectionEnabled)", None)],
        id="not-a-messaging-resource",
    ),
]


@pytest.mark.parametrize(("of", "expected"), PROTECTION_CASES)
def test_deletion_protection_rule(of: ResourceChange, expected: list[Finding]) -> None:
    check(of, expected)


# --- other messaging resources: replaced, pools stranding numbers, kept, deleted -------------------


def sender_id(sender: str = "SHOP", **properties: Any) -> ResourceState:
    return state(SENDER_ID, "sender", SenderId=sender, IsoCountryCode="US", **properties)


MEMBERS = [{"Identity": "phone-1"}, {"Identity": "phone-2"}]


def pool(members: list[Any] | None = None, **policies: Any) -> ResourceState:
    return state(POOL, OriginationIdentities=MEMBERS if members is None else members, **policies)


POOL_RENAMED = (
    "SMS-D7",
    D,
    "pool main will be replaced (renamed): the old one is deleted",
    "replace:pool/main@us-east-1",
)
POOL_STRANDED = (
    "SMS-D8",
    D,
    f"pool main will be replaced{RENAMED}: its 2 origination identities are still in the old pool, so the new "
    "pool's association FAILS until they are taken out of it",
    "replace:pool/main@us-east-1",
)

MESSAGING_CASES = [
    pytest.param(
        changed(sender_id(), sender_id("SHOPX")),
        [
            (
                "SMS-D7",
                D,
                "sender ID SHOP-US will be REPLACED (SenderId changed): the old one is deleted",
                "replace:sender-id/SHOP-US@us-east-1",
            )
        ],
        id="sender-id-replaced",
    ),
    pytest.param(
        changed(sender_id(replace="Retain"), sender_id("SHOPX", replace="Retain")),
        [("SMS-W6", W, f"sender ID SHOP-US is replaced; {KEPT}: {BY_HAND}", None)],
        id="sender-id-replaced-retained",
    ),
    pytest.param(
        changed(sender_id(), sender_id(deletion="Retain")),
        [("SMS-I1", INFO, "sender ID SHOP-US changes in place (DeletionPolicy)", None)],
        id="sender-id-in-place",
    ),
    pytest.param(
        removed(sender_id()), [("SMS-W7", W, "sender ID SHOP-US will be DELETED", None)], id="sender-id-deleted"
    ),
    pytest.param(
        removed(sender_id(deletion="Retain")),
        [("SMS-W6", W, f"sender ID SHOP-US leaves the stack; {KEPT}: {BY_HAND}", None)],
        id="sender-id-retained",
    ),
    pytest.param(renamed(pool([]), pool([])), [POOL_RENAMED], id="empty-pool-renamed"),
    pytest.param(renamed(pool(), pool()), [POOL_RENAMED, POOL_STRANDED], id="pool-with-numbers-renamed"),
    pytest.param(
        renamed(pool(deletion="Retain"), pool(deletion="Retain")),
        [POOL_STRANDED, ("SMS-W6", W, f"pool main replaced (renamed); {KEPT}: {BY_HAND}", None)],
        id="retained-pool-with-numbers-renamed",
    ),
    pytest.param(
        removed(pool(deletion="Retain")),
        [
            (
                "SMS-D8",
                D,
                "pool main leaves the stack but is kept: its 2 origination identities stay in it (they cannot be "
                "released or put in another pool until they are taken out)",
                "remove:pool/main@us-east-1",
            ),
            ("SMS-W6", W, f"pool main leaves the stack; {KEPT}: {BY_HAND}", None),
        ],
        id="retained-pool-with-numbers-removed",
    ),
    pytest.param(
        removed(pool([], deletion="Retain")),
        [("SMS-W6", W, f"pool main leaves the stack; {KEPT}: {BY_HAND}", None)],
        id="retained-empty-pool-removed",
    ),
    pytest.param(removed(pool()), [("SMS-W7", W, "pool main will be DELETED", None)], id="pool-with-numbers-deleted"),
    pytest.param(
        changed(pool(deletion="Retain"), pool([*MEMBERS, {"Identity": "phone-3"}], deletion="Retain")),
        [("SMS-I1", INFO, "pool main changes in place (OriginationIdentities)", None)],
        id="pool-members-change-in-place",
    ),
    pytest.param(
        renamed(state("AWS::SMSVOICE::Future", "x"), state("AWS::SMSVOICE::Future", "x")),
        [
            (
                "SMS-D7",
                D,
                "AWS::SMSVOICE::Future x will be replaced (renamed): the old one is deleted",
                "replace:aws-smsvoice-future/x@us-east-1",
            )
        ],
        id="type-without-a-friendly-name",
    ),
    pytest.param(
        removed(state(REGISTRATION_CHECK_TYPE, "check")),
        [("SMS-I1", INFO, f"{REGISTRATION_CHECK_TYPE} check will be deleted", None)],
        id="custom-resource-removed",
    ),
]


@pytest.mark.parametrize(("of", "expected"), MESSAGING_CASES)
def test_messaging_resource_rules(of: ResourceChange, expected: list[Finding]) -> None:
    check(of, expected)


# --- security: trust, permissions, confused deputy -------------------------------------------------

ACCOUNT = {"StringEquals": {"aws:SourceAccount": "111111111111"}}
SOURCE_ARN = {"ArnLike": {"aws:SourceArn": "arn:aws:sms-voice:us-east-1:111111111111:configuration-set/shop-alerts"}}


def trust(*conditions: dict[str, Any], principal: Any = None) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": principal or {"Service": "sms-voice.amazonaws.com"},
        "Action": "sts:AssumeRole",
    }
    if conditions:
        statement["Condition"] = {k: v for condition in conditions for k, v in condition.items()}
    return {"Version": "2012-10-17", "Statement": [statement]}


def role(document: dict[str, Any], **properties: Any) -> ResourceState:
    return state(ROLE, "delivery-role", AssumeRolePolicyDocument=document, **properties)


def document(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(*actions: str, resource: str = "*", effect: str = "Allow") -> dict[str, Any]:
    return {"Effect": effect, "Action": list(actions), "Resource": resource}


def policy(*statements: dict[str, Any], **properties: Any) -> ResourceState:
    return state(POLICY, "delivery-policy", PolicyDocument=document(*statements), **properties)


BOUND = trust(ACCOUNT, SOURCE_ARN)
TRUST_CHANGES = (
    "SMS-SEC1",
    SEC,
    "IAM role delivery-role: trust policy changes; trusted by sms-voice.amazonaws.com",
    None,
)
NEW_ROLE = ("SMS-SEC1", SEC, "new IAM role delivery-role trusted by sms-voice.amazonaws.com", None)


def deputy(subject: str, keys: str) -> Finding:
    message = (
        f"{subject} trusts sms-voice.amazonaws.com WITHOUT {keys}: another AWS account's configuration set could "
        "use it (confused deputy)"
    )
    return ("SMS-SEC3", SEC, message, None)


def permissions(subject: str, detail: str) -> Finding:
    return ("SMS-SEC2", SEC, f"{subject}: permissions change ({detail})", None)


SECURITY_CASES = [
    pytest.param(added(role(BOUND)), [NEW_ROLE], id="role-added-bound"),
    pytest.param(
        added(role(trust())),
        [NEW_ROLE, deputy("IAM role delivery-role", "aws:SourceAccount and aws:SourceArn")],
        id="role-added-unbound",
    ),
    pytest.param(
        changed(role(BOUND), role(trust(ACCOUNT))),
        [TRUST_CHANGES, deputy("IAM role delivery-role", "aws:SourceArn")],
        id="trust-loses-source-arn",
    ),
    pytest.param(
        changed(role(BOUND), role(trust(SOURCE_ARN))),
        [TRUST_CHANGES, deputy("IAM role delivery-role", "aws:SourceAccount")],
        id="trust-loses-source-account",
    ),
    pytest.param(changed(role(trust(ACCOUNT)), role(BOUND)), [TRUST_CHANGES], id="trust-gains-source-arn"),
    pytest.param(
        changed(role(trust()), role(trust(principal={"Service": ["sms-voice.amazonaws.com"]}))),
        [TRUST_CHANGES],
        id="already-unbound",
    ),
    pytest.param(
        renamed(role(BOUND), role(trust(ACCOUNT))),
        [NEW_ROLE, deputy("IAM role delivery-role", "aws:SourceArn")],
        id="renamed-role-loses-source-arn",
    ),
    pytest.param(
        removed(role(trust())), [("SMS-I1", INFO, "IAM role delivery-role will be deleted", None)], id="role-removed"
    ),
    pytest.param(
        changed(role(BOUND), role(BOUND, Description="delivery")),
        [("SMS-I1", INFO, "IAM role delivery-role changes in place (Description)", None)],
        id="role-description",
    ),
    pytest.param(
        added(
            role(
                trust(
                    principal={
                        "Service": ["b.amazonaws.com", "a.amazonaws.com", "c.amazonaws.com"],
                        "AWS": ["arn:aws:iam::1:root", "arn:aws:iam::2:root", "arn:aws:iam::3:root"],
                    }
                )
            )
        ),
        [
            (
                "SMS-SEC1",
                SEC,
                "new IAM role delivery-role trusted by a.amazonaws.com, arn:aws:iam::1:root, arn:aws:iam::2:root, "
                "arn:aws:iam::3:root, b.amazonaws.com and 1 more",
                None,
            )
        ],
        id="six-principals-five-named",
    ),
    pytest.param(
        changed(
            role(BOUND),
            role(trust(principal={"Service": ["s1", "s2", "s3", "sms-voice.amazonaws.com"], "AWS": ["r1", "r2"]})),
        ),
        [
            (
                "SMS-SEC1",
                SEC,
                "IAM role delivery-role: trust policy changes; trusted by r1, r2, s1, s2, s3 and 1 more",
                None,
            ),
            deputy("IAM role delivery-role", "aws:SourceAccount and aws:SourceArn"),
        ],
        id="changed-trust-six-principals-five-named",
    ),
    pytest.param(
        added(role(trust(principal="*"))),
        [("SMS-SEC1", SEC, "new IAM role delivery-role trusted by *", None)],
        id="anyone",
    ),
    pytest.param(
        changed(
            role(BOUND, Policies=[{"PolicyName": "p", "PolicyDocument": document(allow("sns:Publish"))}]),
            role(
                BOUND, Policies=[{"PolicyName": "p", "PolicyDocument": document(allow("sns:Publish", "s3:GetObject"))}]
            ),
        ),
        [permissions("IAM role delivery-role", "actions added: s3:GetObject")],
        id="role-inline-policy",
    ),
    pytest.param(
        changed(role(BOUND), role(BOUND, ManagedPolicyArns=["arn:aws:iam::aws:policy/ReadOnlyAccess"])),
        [permissions("IAM role delivery-role", "managed policies changed")],
        id="role-managed-policies",
    ),
    pytest.param(
        added(role(BOUND, Policies=[{"PolicyName": "same-words", "PolicyDocument": BOUND}])),
        [NEW_ROLE, ("SMS-SEC2", SEC, "new IAM role delivery-role allows sts:AssumeRole", None)],
        id="inline-policy-worded-like-the-trust-is-still-a-grant",
    ),
    pytest.param(
        added(policy(allow("sns:Publish", "s3:GetObject"), allow("s3:DeleteObject", effect="Deny"))),
        [
            (
                "SMS-SEC2",
                SEC,
                "new IAM policy delivery-policy allows s3:GetObject, sns:Publish; denies s3:DeleteObject",
                None,
            )
        ],
        id="policy-added",
    ),
    pytest.param(
        added(
            policy(
                allow("a:1", "a:2", "a:3", "a:4", "a:5", "a:6"),
                allow("d:1", "d:2", "d:3", "d:4", "d:5", "d:6", effect="Deny"),
            )
        ),
        [
            (
                "SMS-SEC2",
                SEC,
                "new IAM policy delivery-policy allows a:1, a:2, a:3, a:4, a:5 and 1 more; denies d:1, d:2, d:3, d:4, "
                "d:5 and 1 more",
                None,
            )
        ],
        id="policy-added-six-each-five-named",
    ),
    pytest.param(
        changed(policy(allow("a:1", "a:2", "a:3", "a:4", "a:5", "a:6", "b:1")), policy(allow("b:1"))),
        [permissions("IAM policy delivery-policy", "actions removed: a:1, a:2, a:3, a:4, a:5 and 1 more")],
        id="six-removed-five-named",
    ),
    pytest.param(
        added(policy(allow("s3:*", effect="Deny"))),
        [("SMS-SEC2", SEC, "new IAM policy delivery-policy denies s3:*", None)],
        id="policy-added-deny-only",
    ),
    pytest.param(
        added(policy()),
        [("SMS-SEC2", SEC, "new IAM policy delivery-policy has no statements", None)],
        id="policy-added-empty",
    ),
    pytest.param(
        renamed(policy(allow("sns:Publish")), policy({"Action": "sns:Publish", "Resource": "*"})),
        [("SMS-SEC2", SEC, "new IAM policy delivery-policy allows sns:Publish", None)],
        id="policy-renamed-effect-allow-by-default",
    ),
    pytest.param(
        changed(policy(allow("sns:Publish")), policy(allow("sns:Publish", "s3:GetObject"))),
        [permissions("IAM policy delivery-policy", "actions added: s3:GetObject")],
        id="action-added",
    ),
    pytest.param(
        changed(policy(allow("sns:Publish", "s3:GetObject")), policy(allow("sns:Publish"))),
        [permissions("IAM policy delivery-policy", "actions removed: s3:GetObject")],
        id="action-removed",
    ),
    pytest.param(
        changed(policy(allow("sns:Publish")), policy(allow("s3:GetObject"))),
        [permissions("IAM policy delivery-policy", "actions added: s3:GetObject; actions removed: sns:Publish")],
        id="action-swapped",
    ),
    pytest.param(
        changed(policy(allow("sns:Publish")), policy(allow("sns:Publish", resource="arn:aws:sns:us-east-1:1:t"))),
        [permissions("IAM policy delivery-policy", "resources or conditions changed")],
        id="resource-narrowed",
    ),
    pytest.param(
        changed(policy(allow("a:1")), policy(allow("a:1", "a:2", "a:3", "a:4", "a:5", "a:6", "a:7"))),
        [permissions("IAM policy delivery-policy", "actions added: a:2, a:3, a:4, a:5, a:6 and 1 more")],
        id="six-actions-five-named",
    ),
    pytest.param(
        changed(policy(allow("a:1"), PolicyName="one"), policy(allow("a:1"), PolicyName="two")),
        [("SMS-I1", INFO, "IAM policy delivery-policy changes in place (PolicyName)", None)],
        id="policy-name",
    ),
    pytest.param(
        removed(policy(allow("a:1"))),
        [("SMS-I1", INFO, "IAM policy delivery-policy will be deleted", None)],
        id="policy-removed",
    ),
    pytest.param(
        changed(
            state("AWS::SNS::TopicPolicy", "topic-policy", PolicyDocument=document()),
            state(
                "AWS::SNS::TopicPolicy",
                "topic-policy",
                PolicyDocument={"Statement": {**trust()["Statement"][0], "Action": "sns:Publish"}},
            ),
        ),
        [
            permissions("SNS topic policy topic-policy", "actions added: sns:Publish"),
            deputy("SNS topic policy topic-policy", "aws:SourceAccount and aws:SourceArn"),
        ],
        id="topic-policy-trusts-sms-unbound",
    ),
]


@pytest.mark.parametrize(("of", "expected"), SECURITY_CASES)
def test_security_rules(of: ResourceChange, expected: list[Finding]) -> None:
    check(of, expected)


# --- the fallback: one plain line for everything no rule speaks about -------------------------------


def topic(name: str = "alerts", **properties: Any) -> ResourceState:
    return state("AWS::SNS::Topic", "topic", TopicName=name, **properties)


PLAIN_CASES = [
    pytest.param(added(topic()), "SNS topic alerts will be added", id="added"),
    pytest.param(removed(topic()), "SNS topic alerts will be deleted", id="removed"),
    pytest.param(
        removed(topic(deletion="Retain")),
        "SNS topic alerts leaves the stack, kept in the account",
        id="removed-retained",
    ),
    pytest.param(
        renamed(topic(), topic()), "SNS topic alerts will be replaced (renamed): the old one is deleted", id="renamed"
    ),
    pytest.param(
        renamed(topic(deletion="Retain"), topic(deletion="Retain")),
        f"SNS topic alerts will be replaced (renamed): {KEPT}",
        id="renamed-retained",
    ),
    pytest.param(
        changed(topic(), topic("alerts-v2")), "SNS topic alerts will be replaced (TopicName changed)", id="replaced"
    ),
    pytest.param(
        changed(topic(), topic(A=1, B=2, C=3, deletion="Retain")),
        "SNS topic alerts changes in place (A, B, C, DeletionPolicy)",
        id="four-in-place-all-named",
    ),
    pytest.param(
        changed(topic(), topic(A=1, B=2, C=3, D=4, replace="Retain")),
        "SNS topic alerts changes in place (A, B, C, D and 1 more)",
        id="five-in-place-four-named",
    ),
]


@pytest.mark.parametrize(("of", "message"), PLAIN_CASES)
def test_plain_change_when_no_rule_speaks(of: ResourceChange, message: str) -> None:
    check(of, [("SMS-I1", INFO, message, None)])


# --- each rule speaks only for its resource types --------------------------------------------------

CHECK = REGISTRATION_CHECK_TYPE

FOREIGN_CASES = [
    pytest.param(
        added(state(CHECK, "check", Submit=True)), f"{CHECK} check will be added", id="submit-on-another-type"
    ),
    pytest.param(
        added(state(DEFAULTS, "defaults", Submit=True)),
        "configuration set default defaults will be added",
        id="submit-on-a-type-sorting-first",
    ),
    pytest.param(
        changed(state(CHECK, "check", RegistrationType="A"), state(CHECK, "check", RegistrationType="B")),
        f"{CHECK} check changes in place (RegistrationType)",
        id="registration-type-on-another-type",
    ),
    pytest.param(
        changed(
            state(CHECK, "check", Fields={"a": 1}, Submit=True), state(CHECK, "check", Fields={"a": 2}, Submit=True)
        ),
        f"{CHECK} check changes in place (Fields)",
        id="fields-on-another-type",
    ),
    pytest.param(
        removed(state(DEFAULTS, "defaults", DeleteDraftOnRemoval=True)),
        "configuration set default defaults will be deleted",
        id="delete-draft-on-another-type",
    ),
    pytest.param(
        changed(state(CHECK, "check"), state(CHECK, "check", DefaultMessageType="PROMOTIONAL")),
        f"{CHECK} check changes in place (DefaultMessageType)",
        id="default-message-type-on-another-type",
    ),
    pytest.param(
        changed(config_set(OptOutListName=LIST_A), config_set(OptOutListName=LIST_B)),
        "configuration set shop-alerts changes in place (OptOutListName)",
        id="opt-out-list-on-another-type",
    ),
    pytest.param(
        changed(sender_id(TwoWay={"Enabled": False}), sender_id(TwoWay={"Enabled": True})),
        "sender ID SHOP-US changes in place (TwoWay)",
        id="two-way-on-another-type",
    ),
    pytest.param(
        renamed(
            state("AWS::SMSVOICE::ProtectConfiguration", "protect", OriginationIdentities=MEMBERS, deletion="Retain"),
            state("AWS::SMSVOICE::ProtectConfiguration", "protect", OriginationIdentities=MEMBERS, deletion="Retain"),
        ),
        None,
        id="origination-identities-on-another-type",
    ),
    pytest.param(
        renamed(
            config_set(OriginationIdentities=MEMBERS, deletion="Retain"),
            config_set(OriginationIdentities=MEMBERS, deletion="Retain"),
        ),
        None,
        id="origination-identities-on-a-type-sorting-first",
    ),
    *[
        pytest.param(
            changed(
                state(other, "t", EventDestinations=[LOG, FAILURES]),
                state(other, "t", EventDestinations=[destination("failures", "TEXT_FAILED")]),
            ),
            f"{other} t changes in place (EventDestinations)",
            id=f"event-destinations-on-{other}",
        )
        for other in ("AWS::SES::ConfigurationSet", "AWS::SQS::Queue")
    ],
    pytest.param(
        changed(state(DEFAULTS, "defaults", Fields={"a": 1}), state(DEFAULTS, "defaults", Fields={"a": 2})),
        "configuration set default defaults changes in place (Fields)",
        id="fields-on-a-type-sorting-first",
    ),
    pytest.param(
        removed(state(CHECK, "check", DeleteDraftOnRemoval=True)),
        f"{CHECK} check will be deleted",
        id="delete-draft-on-a-type-sorting-last",
    ),
    pytest.param(
        changed(state(DEFAULTS, "defaults", RegistrationType="A"), state(DEFAULTS, "defaults", RegistrationType="B")),
        "configuration set default defaults changes in place (RegistrationType)",
        id="registration-type-on-a-type-sorting-first",
    ),
    pytest.param(
        changed(config_set(), config_set(DefaultMessageType="PROMOTIONAL")),
        "configuration set shop-alerts changes in place (DefaultMessageType)",
        id="default-message-type-on-a-type-sorting-first",
    ),
]


@pytest.mark.parametrize(("of", "message"), FOREIGN_CASES)
def test_rules_speak_only_for_their_types(of: ResourceChange, message: str | None) -> None:
    if message is None:  # a kept resource of another type: kept, no stranded numbers
        assert [rule_id for rule_id, *_ in findings(of)] == ["SMS-W6"]
    else:
        check(of, [("SMS-I1", INFO, message, None)])


def test_classify_all_orders_by_environment_region_class_name_and_rule() -> None:
    def at(region: str, of: ResourceChange) -> ResourceChange:
        return ResourceChange(of.environment, region, of.stack, of.kind, of.old, of.new, LABELS)

    changes = [
        added(topic()),
        at("us-west-2", removed(number(OnDelete="release"))),
        removed(number(OnDelete="release")),
        renamed(pool(), pool()),
        changed(sender_id(), sender_id("SHOPX")),
        added(number()),
    ]
    order = [(c.change.region, c.severity, c.change.name, c.rule.id) for c in classify_all(changes)]
    assert order == [
        ("us-east-1", D, "SHOP-US", "SMS-D7"),
        ("us-east-1", D, "main", "SMS-D1"),
        ("us-east-1", D, "main", "SMS-D7"),
        ("us-east-1", D, "main", "SMS-D8"),
        ("us-east-1", C, "main", "SMS-C1"),
        ("us-east-1", INFO, "alerts", "SMS-I1"),
        ("us-west-2", D, "main", "SMS-D1"),
    ]


def test_states_built_in_python_classify_like_states_read_from_a_template() -> None:
    """A tool or test may build states with the module's own type constants instead of reading ``cdk.out``."""
    old = ResourceState("NumberId", PHONE_NUMBER_TYPE, {**TOLL_FREE}, path="SmsEstate-shop-us-east-1/main/Resource")
    new = ResourceState(
        "NumberId", PHONE_NUMBER_TYPE, {**TOLL_FREE, PhoneNumberProps.MESSAGE_TYPE: "PROMOTIONAL"}, path=old.path
    )
    assert findings(changed(old, new)) == findings(changed(number(), number(MessageType="PROMOTIONAL")))
    assert [rule_id for rule_id, *_ in findings(changed(old, new))] == ["SMS-W2"]
