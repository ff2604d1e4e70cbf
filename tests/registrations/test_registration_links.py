"""``SmsRegistration`` links and ``review_state`` as a library user meets them (issue 18).

Defaults leave the properties out (templates of registrations without links do not change); a link the
type's shipped ``SupportedAssociations`` do not allow fails the synth with the construct's path.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
import yaml
from fakes.samples import TFN_FIELDS
from support.repo_paths import REPO_ROOT

from sms_estate import SmsPhoneNumber, SmsRegistration
from sms_estate.registrations.registration import RegisteredSenderId
from sms_runtime.contract import PhoneNumberProps, RegistrationProps, SenderIdKeys

STAGING = yaml.safe_load((REPO_ROOT / "config" / "staging.yaml").read_text(encoding="utf-8"))
BRAND_FIELDS: dict[str, Any] = STAGING["registrations"][1]["fields"]
CAMPAIGN_FIELDS: dict[str, Any] = STAGING["registrations"][2]["fields"]
SG_FIELDS = {
    "companyInfo.companyName": "Harborline Pharmacy Pte Ltd",
    "companyInfo.taxId": "201912345K",
    "companyInfo.website": "https://www.harborlinepharmacy.example",
    "companyInfo.address1": "1 Harbourfront Walk",
    "companyInfo.city": "Singapore",
    "companyInfo.state": "Singapore",
    "companyInfo.zipCode": "098585",
    "companyInfo.isoCountryCode": "SG",
    "contactInfo.firstName": "Wei",
    "contactInfo.lastName": "Tan",
    "contactInfo.supportEmail": "support@harborlinepharmacy.example",
    "contactInfo.supportPhoneNumber": "+6560000000",
    "senderIdInfo.senderId": "HARBOR",
    "senderIdInfo.isRepresentative": "False",
    "messagingUseCase.monthlyMessageVolume": "1,000",
    "messagingUseCase.useCaseCategory": "NOTIFICATIONS",
    "messageSamples.messageSample1": "Harborline Pharmacy: your order is ready. Reply STOP to opt out.",
}


def _stack() -> cdk.Stack:
    return cdk.Stack(cdk.App(), "Links", env=cdk.Environment(account="111122223333", region="us-east-1"))


def _properties(stack: cdk.Stack, construct: Any) -> dict[str, Any]:
    template = cdk.assertions.Template.from_stack(stack).to_json()
    return dict(template["Resources"][stack.resolve(construct.resource.ref)["Ref"]]["Properties"])


def _brand(stack: cdk.Stack) -> SmsRegistration:
    return SmsRegistration(stack, "Brand", registration_type="US_TEN_DLC_BRAND_REGISTRATION", fields=BRAND_FIELDS)


def test_a_campaign_links_its_brand_and_reads_the_review_state() -> None:
    stack = _stack()
    brand = _brand(stack)
    campaign = SmsRegistration(
        stack,
        "Campaign",
        registration_type="US_TEN_DLC_CAMPAIGN_REGISTRATION",
        fields=CAMPAIGN_FIELDS,
        linked_registrations=[brand],
        review_state="digest-1",
    )
    number = SmsPhoneNumber(
        stack,
        "Local",
        number_type="TEN_DLC",
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        capabilities=["SMS"],
        registration=campaign,
        review_state="digest-1",
    )
    props = _properties(stack, campaign)
    assert props[RegistrationProps.LINKED_REGISTRATION_IDS] == [stack.resolve(brand.registration_id)]
    assert props[RegistrationProps.REVIEW_STATE] == "digest-1"
    number_props = _properties(stack, number)
    assert number_props[PhoneNumberProps.REGISTRATION_ID] == stack.resolve(campaign.registration_id)
    assert number_props[PhoneNumberProps.REVIEW_STATE] == "digest-1"
    brand_props = _properties(stack, brand)
    for key in (
        RegistrationProps.LINKED_REGISTRATION_IDS,
        RegistrationProps.SENDER_IDS,
        RegistrationProps.REVIEW_STATE,
    ):
        assert key not in brand_props  # the defaults add nothing


def test_a_link_the_type_does_not_take_fails_the_synth_with_the_path() -> None:
    stack = _stack()
    toll_free = SmsRegistration(stack, "TollFree", registration_type="US_TOLL_FREE_REGISTRATION", fields=TFN_FIELDS)
    with pytest.raises(
        ValueError,
        match=r"^Links/Campaign: Links/TollFree is a US_TOLL_FREE_REGISTRATION, but a US_TEN_DLC_CAMPAIGN_REGISTRATION "
        r"is linked only to a US_TEN_DLC_BRAND_REGISTRATION \(its SupportedAssociations\)$",
    ):
        SmsRegistration(
            stack,
            "Campaign",
            registration_type="US_TEN_DLC_CAMPAIGN_REGISTRATION",
            fields=CAMPAIGN_FIELDS,
            linked_registrations=[toll_free],
        )
    with pytest.raises(ValueError, match=r"^Links/Brand2: a US_TEN_DLC_BRAND_REGISTRATION is not filed for another"):
        SmsRegistration(
            stack,
            "Brand2",
            registration_type="US_TEN_DLC_BRAND_REGISTRATION",
            fields=BRAND_FIELDS,
            linked_registrations=[toll_free],
        )


def test_an_imported_brand_is_linked_by_id_and_checked_by_the_handler() -> None:
    stack = _stack()
    brand = SmsRegistration.from_registration_attributes(stack, "Brand", registration_id="registration-brand1")
    campaign = SmsRegistration(
        stack,
        "Campaign",
        registration_type="US_TEN_DLC_CAMPAIGN_REGISTRATION",
        fields=CAMPAIGN_FIELDS,
        linked_registrations=[brand],
    )
    assert _properties(stack, campaign)[RegistrationProps.LINKED_REGISTRATION_IDS] == ["registration-brand1"]


def test_a_number_the_registration_takes_before_submit_or_not_at_all_fails_the_synth() -> None:
    stack = _stack()
    brand = _brand(stack)
    with pytest.raises(ValueError, match=r"^Links/Local: a US_TEN_DLC_BRAND_REGISTRATION takes no TEN_DLC number"):
        SmsPhoneNumber(
            stack,
            "Local",
            number_type="TEN_DLC",
            iso_country_code="US",
            message_type="TRANSACTIONAL",
            capabilities=["SMS"],
            registration=brand,
        )


def test_a_sender_id_registration_names_its_sender_ids() -> None:
    stack = _stack()
    registration = SmsRegistration(
        stack,
        "Singapore",
        registration_type="SG_SENDER_ID_REGISTRATION",
        fields=SG_FIELDS,
        sender_ids=[RegisteredSenderId("HARBOR", "SG")],
    )
    assert _properties(stack, registration)[RegistrationProps.SENDER_IDS] == [
        {SenderIdKeys.SENDER_ID: "HARBOR", SenderIdKeys.ISO_COUNTRY_CODE: "SG"}
    ]


@pytest.mark.parametrize(
    ("sender", "message"),
    [
        (("HARBOR", "GB"), r"a SG_SENDER_ID_REGISTRATION registers no sender ID in GB \(its SupportedAssociations\)"),
        (("OTHER", "SG"), r"sender ID 'OTHER' is not the field senderIdInfo.senderId \('HARBOR'\)"),
    ],
)
def test_a_sender_id_the_registration_cannot_register_fails_the_synth(sender: tuple[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=rf"^Links/Singapore: {message}$"):
        SmsRegistration(
            _stack(), "Singapore", registration_type="SG_SENDER_ID_REGISTRATION", fields=SG_FIELDS, sender_ids=[sender]
        )
