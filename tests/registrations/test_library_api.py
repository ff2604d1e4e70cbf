"""The registrations constructs as a library user meets them: tokens, imports, grants, refused choices.

One App for the whole module: a stack with a number requested with an imported registration, a
registration of its own, imported numbers, and three roles each granted one send verb.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from fakes.samples import TFN_FIELDS

from sms_estate import ISmsPhoneNumber, SmsConfigurationSetDefaults, SmsPhoneNumber, SmsRegistration
from sms_runtime.contract import PhoneNumberAttrs, PhoneNumberProps, RegistrationAttrs, RegistrationProps

ACCOUNT, REGION = "111122223333", "us-east-1"
IMPORTED_ARN = f"arn:aws:sms-voice:{REGION}:{ACCOUNT}:phone-number/phone-0123456789abcdef"
TFN = "US_TOLL_FREE_REGISTRATION"


class Built:
    """The module's stack, its constructs and its synthesized template."""

    def __init__(self) -> None:
        self.stack = cdk.Stack(cdk.App(), "Library", env=cdk.Environment(account=ACCOUNT, region=REGION))
        self.campaign = SmsRegistration.from_registration_attributes(
            self.stack, "Campaign", registration_id="registration-campaign"
        )
        self.number = SmsPhoneNumber(
            self.stack,
            "Number",
            number_type="TEN_DLC",
            iso_country_code="US",
            message_type="TRANSACTIONAL",
            capabilities=["SMS", "VOICE", "MMS"],
            registration=self.campaign,
        )
        self.registration = SmsRegistration(
            self.stack,
            "Registration",
            registration_type=TFN,
            fields=TFN_FIELDS,
            phone_number_ids=[self.number.phone_number_id],
        )
        self.imported = SmsPhoneNumber.from_phone_number_arn(self.stack, "Imported", IMPORTED_ARN)
        self.roles = {verb: self._role(verb) for verb in ("Text", "Voice", "Media")}
        self.number.grant_send_text_message(self.roles["Text"])
        self.number.grant_send_voice_message(self.roles["Voice"])
        self.number.grant_send_media_message(self.roles["Media"])
        self.imported_role = self._role("Imported")
        self.imported.grant_send_text_message(self.imported_role)
        self.template: dict[str, Any] = dict(cdk.assertions.Template.from_stack(self.stack).to_json())

    def _role(self, name: str) -> iam.Role:
        return iam.Role(self.stack, f"{name}Sender", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))

    def logical_id(self, construct: Any) -> str:
        return str(self.stack.resolve(construct.resource.ref)["Ref"])

    def statements_of(self, role: iam.Role) -> list[dict[str, Any]]:
        role_ref = self.stack.resolve(role.role_name)
        [policy] = [
            r
            for r in self.template["Resources"].values()
            if r["Type"] == "AWS::IAM::Policy" and role_ref in r["Properties"]["Roles"]
        ]
        return list(policy["Properties"]["PolicyDocument"]["Statement"])


@pytest.fixture(scope="module")
def built() -> Built:
    return Built()


def test_attributes_are_tokens_of_the_custom_resources(built: Built) -> None:
    resolve, number_id = built.stack.resolve, built.logical_id(built.number)
    assert resolve(built.number.phone_number_id) == {"Ref": number_id}
    assert resolve(built.number.phone_number_arn) == {"Fn::GetAtt": [number_id, PhoneNumberAttrs.PHONE_NUMBER_ARN]}
    assert resolve(built.number.phone_number) == {"Fn::GetAtt": [number_id, PhoneNumberAttrs.PHONE_NUMBER]}
    registration_id = built.logical_id(built.registration)
    assert resolve(built.registration.registration_id) == {"Ref": registration_id}
    assert resolve(built.registration.registration_arn) == {
        "Fn::GetAtt": [registration_id, RegistrationAttrs.REGISTRATION_ARN]
    }
    assert resolve(built.registration.status) == {"Fn::GetAtt": [registration_id, RegistrationAttrs.STATUS]}
    assert resolve(built.registration.version_number) == {
        "Fn::GetAtt": [registration_id, RegistrationAttrs.VERSION_NUMBER]
    }
    # the token carries the dependency: the registration names the number's Ref
    properties = built.template["Resources"][registration_id]["Properties"]
    assert properties[RegistrationProps.PHONE_NUMBER_IDS] == [{"Ref": number_id}]


def test_an_imported_registration_is_a_numbers_registration(built: Built) -> None:
    properties = built.template["Resources"][built.logical_id(built.number)]["Properties"]
    assert properties[PhoneNumberProps.REGISTRATION_ID] == "registration-campaign"
    arn = built.stack.resolve(built.campaign.registration_arn)
    assert arn == {
        "Fn::Join": [
            "",
            ["arn:", {"Ref": "AWS::Partition"}, f":sms-voice:{REGION}:{ACCOUNT}:registration/registration-campaign"],
        ]
    }


def test_each_grant_is_exactly_its_action_on_the_numbers_arn(built: Built) -> None:
    arn = {"Fn::GetAtt": [built.logical_id(built.number), PhoneNumberAttrs.PHONE_NUMBER_ARN]}
    for verb, role in built.roles.items():
        [statement] = built.statements_of(role)
        assert statement == {"Action": f"sms-voice:Send{verb}Message", "Effect": "Allow", "Resource": arn}


def test_an_imported_number_grants_on_its_arn_and_reads_its_id_from_it(built: Built) -> None:
    [statement] = built.statements_of(built.imported_role)
    assert statement == {"Action": "sms-voice:SendTextMessage", "Effect": "Allow", "Resource": IMPORTED_ARN}
    assert built.imported.phone_number_id == "phone-0123456789abcdef"
    with pytest.raises(ValueError, match=r"^Library/Imported: this number was imported without its phone_number"):
        _ = built.imported.phone_number


def test_import_by_attributes_and_by_a_token_arn() -> None:
    stack = cdk.Stack(cdk.App(), "Imports")
    known: ISmsPhoneNumber = SmsPhoneNumber.from_phone_number_attributes(
        stack, "Known", phone_number_arn=IMPORTED_ARN, phone_number="+12065550100"
    )
    assert (known.phone_number, known.phone_number_arn) == ("+12065550100", IMPORTED_ARN)
    token_arn = cdk.Fn.import_value("shared-number-arn")
    shared = SmsPhoneNumber.from_phone_number_arn(stack, "Shared", token_arn)
    assert stack.resolve(shared.phone_number_id) == {
        "Fn::Select": [
            1,
            {"Fn::Split": ["/", {"Fn::Select": [5, {"Fn::Split": [":", {"Fn::ImportValue": "shared-number-arn"}]}]}]},
        ]
    }
    with pytest.raises(
        ValueError, match=r"^Imports/Bad: 'arn:aws:sns:us-east-1:111122223333:topic' is not an sms-voice"
    ):
        SmsPhoneNumber.from_phone_number_arn(stack, "Bad", "arn:aws:sns:us-east-1:111122223333:topic")
    with pytest.raises(
        ValueError, match=r"^Imports/BadRegistration: 'registration-x' is not an sms-voice registration"
    ):
        SmsRegistration.from_registration_attributes(
            stack, "BadRegistration", registration_id="registration-x", registration_arn="registration-x"
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"number_type": "SHORT_CODE"}, r"^Checks/N: number_type must be one of TOLL_FREE, TEN_DLC"),
        ({"message_type": "MARKETING"}, r"^Checks/N: message_type must be one of TRANSACTIONAL, PROMOTIONAL"),
        ({"on_delete": "destroy"}, r"^Checks/N: on_delete must be one of retain, release, got 'destroy'"),
        ({"capabilities": ["FAX"]}, r"^Checks/N: capabilities must be 1 to 4 of SMS, VOICE, MMS, RCS"),
        ({"capabilities": []}, r"^Checks/N: capabilities must be 1 to 4"),
        ({"capabilities": ["SMS", "VOICE", "SMS"]}, r"^Checks/N: capabilities lists SMS more than once$"),
        (
            {"number_type": "TEN_DLC"},
            r"^Checks/N: a TEN_DLC number is requested with its 10DLC campaign's registration",
        ),
        ({"number_type": "SIMULATOR", "message_type": "PROMOTIONAL"}, r"^Checks/N: a SIMULATOR number must be"),
        (
            {"two_way_channel_role_arn": "arn:aws:iam::111122223333:role/r"},
            r"^Checks/N: two_way_channel_role_arn needs",
        ),
    ],
)
def test_bad_choices_are_refused_naming_the_construct(changes: dict[str, Any], message: str) -> None:
    settings: dict[str, Any] = {
        "number_type": "TOLL_FREE",
        "iso_country_code": "US",
        "message_type": "TRANSACTIONAL",
        "capabilities": ["SMS"],
        **changes,
    }
    with pytest.raises(ValueError, match=message):
        SmsPhoneNumber(cdk.Stack(cdk.App(), "Checks"), "N", **settings)


def test_configuration_set_defaults_refuse_an_unknown_message_type() -> None:
    with pytest.raises(ValueError, match=r"^Checks/Defaults: default_message_type must be one of TRANSACTIONAL"):
        SmsConfigurationSetDefaults(
            cdk.Stack(cdk.App(), "Checks"),
            "Defaults",
            configuration_set_name="set",
            configuration_set_arn="arn:aws:sms-voice:us-east-1:111122223333:configuration-set/set",
            default_message_type="BULK",  # type: ignore[arg-type]
        )


def test_the_literal_choices_are_botocores_enums() -> None:
    import botocore.session

    from sms_estate.registrations.choices import CAPABILITIES, MESSAGE_TYPES, NUMBER_TYPES

    model = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
    assert set(NUMBER_TYPES) == set(model.shape_for("RequestableNumberType").enum)
    assert set(MESSAGE_TYPES) == set(model.shape_for("MessageType").enum)
    assert set(CAPABILITIES) == set(model.shape_for("NumberCapability").enum)
