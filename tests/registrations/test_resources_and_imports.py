"""Phone numbers, registrations and configuration-set defaults as ``cdk.Resource``s, and their imports.

Like the messaging constructs (and aws-cdk-lib's L2s): each is a ``cdk.Resource`` (``env``, ``stack``,
``apply_removal_policy``), an import's account and region are its ARN's rather than the importing
stack's, and every import reads its ARN with the one shared parser (``sms_estate.arns``).
"""

from __future__ import annotations

import aws_cdk as cdk
import pytest
from fakes.samples import TFN_FIELDS

from sms_estate import ISmsPhoneNumber, ISmsRegistration, SmsConfigurationSetDefaults, SmsPhoneNumber, SmsRegistration

HOME_ACCOUNT, HOME_REGION = "111122223333", "us-east-1"
OTHER_ACCOUNT, OTHER_REGION = "444455556666", "eu-west-1"
NUMBER_ARN = f"arn:aws:sms-voice:{OTHER_REGION}:{OTHER_ACCOUNT}:phone-number/phone-0123456789abcdef"
REGISTRATION_ARN = f"arn:aws:sms-voice:{OTHER_REGION}:{OTHER_ACCOUNT}:registration/registration-0123abcd"


def _stack() -> cdk.Stack:
    return cdk.Stack(cdk.App(), "Home", env=cdk.Environment(account=HOME_ACCOUNT, region=HOME_REGION))


def test_constructs_made_here_are_resources_of_their_stack() -> None:
    stack = _stack()
    number = SmsPhoneNumber(
        stack,
        "Number",
        number_type="TOLL_FREE",
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        capabilities=["SMS"],
    )
    registration = SmsRegistration(
        stack, "Registration", registration_type="US_TOLL_FREE_REGISTRATION", fields=TFN_FIELDS
    )
    defaults = SmsConfigurationSetDefaults(
        stack,
        "Defaults",
        configuration_set_name="set",
        configuration_set_arn=f"arn:aws:sms-voice:{HOME_REGION}:{HOME_ACCOUNT}:configuration-set/set",
        default_message_type="TRANSACTIONAL",
    )
    for construct in (number, registration, defaults):
        assert isinstance(construct, cdk.Resource)
        assert construct.stack is stack
        assert (construct.env.account, construct.env.region) == (HOME_ACCOUNT, HOME_REGION)


def test_imports_live_in_the_account_and_region_of_their_arn() -> None:
    stack = _stack()
    number: ISmsPhoneNumber = SmsPhoneNumber.from_phone_number_arn(stack, "Number", NUMBER_ARN)
    registration: ISmsRegistration = SmsRegistration.from_registration_arn(stack, "Registration", REGISTRATION_ARN)
    for imported in (number, registration):
        assert isinstance(imported, cdk.Resource)
        assert (imported.env.account, imported.env.region) == (OTHER_ACCOUNT, OTHER_REGION)
        assert imported.stack is stack
    assert number.phone_number_id == "phone-0123456789abcdef"
    assert (registration.registration_id, registration.registration_arn) == ("registration-0123abcd", REGISTRATION_ARN)


def test_a_registration_imported_by_id_is_in_the_stacks_account_and_region() -> None:
    stack = _stack()
    registration = SmsRegistration.from_registration_attributes(stack, "ById", registration_id="registration-1")
    assert (registration.env.account, registration.env.region) == (HOME_ACCOUNT, HOME_REGION)
    assert stack.resolve(registration.registration_arn) == {
        "Fn::Join": [
            "",
            ["arn:", {"Ref": "AWS::Partition"}, f":sms-voice:{HOME_REGION}:{HOME_ACCOUNT}:registration/registration-1"],
        ]
    }


def test_a_registration_arn_token_is_split_by_cloudformation() -> None:
    stack = _stack()
    registration = SmsRegistration.from_registration_arn(stack, "Shared", cdk.Fn.import_value("campaign-arn"))
    assert stack.resolve(registration.registration_id) == {
        "Fn::Select": [
            1,
            {"Fn::Split": ["/", {"Fn::Select": [5, {"Fn::Split": [":", {"Fn::ImportValue": "campaign-arn"}]}]}]},
        ]
    }


def test_a_registration_id_must_be_the_one_its_arn_names() -> None:
    stack = _stack()
    same = SmsRegistration.from_registration_attributes(
        stack, "Same", registration_id="registration-0123abcd", registration_arn=REGISTRATION_ARN
    )
    assert same.registration_id == "registration-0123abcd"
    with pytest.raises(
        ValueError,
        match=r"^Home/Other: registration_id 'registration-other' is not the one 'arn:aws:sms-voice:.*' names$",
    ):
        SmsRegistration.from_registration_attributes(
            stack, "Other", registration_id="registration-other", registration_arn=REGISTRATION_ARN
        )
    with pytest.raises(ValueError, match=r"^Home/Neither: give registration_id, registration_arn or both$"):
        SmsRegistration.from_registration_attributes(stack, "Neither")


@pytest.mark.parametrize(
    ("arn", "message"),
    [
        (f"arn:aws:sms-voice:{OTHER_REGION}:{OTHER_ACCOUNT}:pool/pool-1", "is not an sms-voice phone-number ARN"),
        ("arn:aws:sms-voice::111122223333:phone-number/phone-1", "must name a region and an account"),
        ("arn:aws:sms-voice:us-east-1::phone-number/phone-1", "must name a region and an account"),
        ("arn:aws:sms-voice:us-east-1:111122223333:phone-number/", "must end in phone-number/ and 1 name part"),
    ],
)
def test_a_bad_phone_number_arn_is_refused_by_the_shared_parser(arn: str, message: str) -> None:
    with pytest.raises(ValueError, match=rf"^Home/Bad: {arn!r} {message}"):
        SmsPhoneNumber.from_phone_number_arn(_stack(), "Bad", arn)


def test_an_imported_registration_goes_into_a_numbers_properties() -> None:
    stack = _stack()
    campaign = SmsRegistration.from_registration_arn(stack, "Campaign", REGISTRATION_ARN)
    number = SmsPhoneNumber(
        stack,
        "Number",
        number_type="TEN_DLC",
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        capabilities=["SMS"],
        registration=campaign,
    )
    template = cdk.assertions.Template.from_stack(stack).to_json()
    logical_id = stack.resolve(number.phone_number_id)["Ref"]
    assert template["Resources"][logical_id]["Properties"]["RegistrationId"] == "registration-0123abcd"
