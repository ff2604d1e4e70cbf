"""``SmsPhoneNumber``: a phone number requested by the ``Custom::SmsPhoneNumber`` resource.

Why not ``AWS::SMSVOICE::PhoneNumber``: it cannot set a registration, a pool or the message type.
Deletion protection is on by default, and removing the construct keeps the number (it bills until
released, and a released number never comes back) unless ``on_delete="release"``. The settings
``UpdatePhoneNumber`` can change (opt-out list, deletion protection, two-way channel and role,
self-managed opt-outs, international sending) are applied after the purchase and on every change,
in place. A number preference only steers the purchase (see ``number_preference``).

Modelled on ``aws_sns.Topic``: ``ISmsPhoneNumber`` is what a number offers whether this stack bought
it or it was imported (``from_phone_number_arn`` / ``from_phone_number_attributes``), and the grants
are the same for both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from constructs import Construct

from sms_estate import grants
from sms_estate.arns import resource_name_parts
from sms_estate.interfaces import ISmsResource
from sms_estate.registrations.choices import (
    CAPABILITIES,
    MESSAGE_TYPES,
    NUMBER_TYPES,
    ON_DELETE,
    PREFERENCE_TYPES,
    MessageType,
    NumberCapability,
    NumberOnDelete,
    NumberPreferenceType,
    NumberType,
    check_choice,
)
from sms_estate.registrations.provider import SmsResourceProvider
from sms_estate.registrations.registration import ISmsRegistration
from sms_runtime.contract import PHONE_NUMBER_TYPE, PhoneNumberAttrs, PhoneNumberProps
from sms_runtime.registration.shipped_associations import takes_number_after_approval

RESOURCE_TYPE = PHONE_NUMBER_TYPE
_ARN_TYPE = "phone-number"  # arn:<partition>:sms-voice:<region>:<account>:phone-number/<phone number ID>


class ISmsPhoneNumber(ISmsResource, Protocol):
    """A phone number, bought by this app or imported: its identifiers and the send grants it authorises."""

    @property
    def phone_number_id(self) -> str:
        """The phone number's ID (``phone-...``); a token for a number this app buys."""
        ...

    @property
    def phone_number_arn(self) -> str:
        """The phone number's ARN; a token for a number this app buys."""
        ...

    @property
    def phone_number(self) -> str:
        """The number in E.164 format (``+12065550100``); a token for a number this app buys."""
        ...

    def grant_send_text_message(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let ``grantee`` send SMS from this number."""
        ...

    def grant_send_voice_message(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let ``grantee`` place voice calls from this number."""
        ...

    def grant_send_media_message(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let ``grantee`` send MMS from this number."""
        ...


class _PhoneNumberBase(cdk.Resource, grants.SendGrants):
    """Identifiers and grants every phone number offers, bought or imported (like ``aws_sns.TopicBase``).

    ``SendTextMessage``, ``SendVoiceMessage`` and ``SendMediaMessage`` each accept a phone number
    (ID or ARN) as ``OriginationIdentity`` (botocore's ``pinpoint-sms-voice-v2`` model), so all three
    grants are scoped to the number's ARN. A send naming a configuration set or pool needs the action on
    that resource too: grant each resource the call names. A send may also name a protect configuration
    (``ProtectConfigurationId``); whether IAM authorises the send against the protect configuration's ARN
    is not confirmed (see ``SmsProtectConfiguration``), so no grant is offered for it.
    """

    def __init__(self, scope: Construct, id: str, *, environment_from_arn: str | None = None) -> None:
        super().__init__(scope, id, environment_from_arn=environment_from_arn)
        self._id = ""
        self._arn = ""
        self._number: str | None = None

    @property
    def phone_number_id(self) -> str:
        """The phone number's ID (``phone-...``; the resource's ``Ref`` for a number this app buys)."""
        return self._id

    @property
    def phone_number_arn(self) -> str:
        """The phone number's ARN (``Fn::GetAtt PhoneNumberArn`` for a number this app buys)."""
        return self._arn

    @property
    def phone_number(self) -> str:
        """The number in E.164 format (``Fn::GetAtt PhoneNumber`` for a number this app buys)."""
        if self._number is None:
            raise ValueError(
                f"{self.node.path}: this number was imported without its phone_number; "
                "pass phone_number to SmsPhoneNumber.from_phone_number_attributes"
            )
        return self._number

    def _grant_arns(self) -> list[str]:
        return [self.phone_number_arn]


class _ImportedPhoneNumber(_PhoneNumberBase):
    """A number that exists outside this app: identifiers only, nothing is deployed."""

    def __init__(self, scope: Construct, id: str, *, arn: str, number_id: str, number: str | None) -> None:
        super().__init__(scope, id, environment_from_arn=arn)
        self._arn, self._id, self._number = arn, number_id, number


class SmsPhoneNumber(_PhoneNumberBase):
    """One phone number; ``phone_number_id``, ``phone_number_arn`` and ``phone_number`` are tokens."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        number_type: NumberType,
        iso_country_code: str,
        message_type: MessageType,
        capabilities: Sequence[NumberCapability],
        opt_out_list_name: str | None = None,
        pool_id: str | None = None,
        registration: ISmsRegistration | None = None,
        two_way_channel_arn: str | None = None,
        two_way_channel_role_arn: str | None = None,
        self_managed_opt_outs: bool = False,
        deletion_protection: bool = True,
        on_delete: NumberOnDelete = "retain",
        allow_replacement: bool = False,
        adopt_by_tag: bool = True,
        review_state: str | None = None,
        international_sending: bool | None = None,
        number_preference: tuple[NumberPreferenceType, Sequence[str]] | None = None,
    ) -> None:
        """Request one number.

        :param number_type: ``TOLL_FREE``, ``TEN_DLC``, ``LONG_CODE`` or ``SIMULATOR``. Required.
        :param iso_country_code: two-letter country of the number (``US``). Required.
        :param message_type: ``TRANSACTIONAL`` or ``PROMOTIONAL``; a ``SIMULATOR`` number must be
            ``TRANSACTIONAL``. Required.
        :param capabilities: one to four of ``SMS``, ``VOICE``, ``MMS``, ``RCS``, each once. Required.
        :param opt_out_list_name: the opt-out list the number uses (a list's ``Ref`` makes
            CloudFormation create the list first). Default: None, the account's ``Default`` list.
        :param pool_id: a pool to request the number into. Default: None, no pool.
        :param registration: the registration the number is requested with (a construct or
            ``SmsRegistration.from_registration_attributes``); a ``TEN_DLC`` number needs its 10DLC
            campaign's. Default: None.
        :param two_way_channel_arn: the SNS topic or Amazon Connect channel replies go to; turns
            two-way messaging on. Default: None, two-way off.
        :param two_way_channel_role_arn: the role the SMS service assumes to post replies there (the
            handler may pass only that role). Needs ``two_way_channel_arn``. Default: None.
        :param self_managed_opt_outs: True leaves HELP/STOP replies and opt-out tracking to you.
            Default: False.
        :param deletion_protection: refuse ``ReleasePhoneNumber`` while on. Default: True.
        :param on_delete: ``retain`` keeps the number (it still bills) when the construct is removed;
            ``release`` gives it back for good. Default: ``retain``.
        :param allow_replacement: let a change that needs a new number buy one (the old is kept or
            released per ``on_delete``). Default: False, such a change fails the deploy.
        :param adopt_by_tag: before buying, look for a number a previous stack of this name retained
            (the handler's ``_adopt``); False skips that scan, for bulk stacks. Default: True.
        :param review_state: a value whose change makes CloudFormation send this resource an Update, so a
            redeploy after its registration is approved buys a number that waited for it
            (``review_state_value`` of ``sms_estate.tracking.review_state``). Default: None, no trigger.
        :param international_sending: turn the number's international sending on (True) or off (False),
            at purchase and in place later (``UpdatePhoneNumber``). Default: None, not sent: the API's
            default (off) at purchase, and whatever the number has afterwards.
        :param number_preference: (``StartsWith`` | ``EndsWith`` | ``Contains`` | ``ExactMatch``, digit
            patterns such as ``["+1510"]``): which number to pick; one pattern, or up to ten for
            ``ExactMatch``. Only ``TEN_DLC`` numbers in the ``US`` take one (the API's documentation).
            Used at purchase only: the API does not report it, and a later change is ignored rather than
            buying another number. Default: None, any number.
        """
        super().__init__(scope, id)
        check_choice(self, "number_type", number_type, NUMBER_TYPES)
        check_choice(self, "message_type", message_type, MESSAGE_TYPES)
        check_choice(self, "on_delete", on_delete, ON_DELETE)
        if not capabilities or any(c not in CAPABILITIES for c in capabilities):
            raise ValueError(f"{self.node.path}: capabilities must be 1 to 4 of {', '.join(CAPABILITIES)}")
        repeated = sorted({c for c in capabilities if list(capabilities).count(c) > 1})
        if repeated:  # RequestPhoneNumber refuses a repeated capability: fail the synth, not the deploy
            raise ValueError(f"{self.node.path}: capabilities lists {', '.join(repeated)} more than once")
        if number_type == "SIMULATOR" and message_type != "TRANSACTIONAL":
            raise ValueError(f"{self.node.path}: a SIMULATOR number must be TRANSACTIONAL (RequestPhoneNumber)")
        if number_type == "TEN_DLC" and registration is None:
            raise ValueError(f"{self.node.path}: a TEN_DLC number is requested with its 10DLC campaign's registration")
        kind = getattr(registration, "registration_type", None)  # known for a registration made in this app
        if isinstance(kind, str) and not takes_number_after_approval(kind, number_type, iso_country_code):
            raise ValueError(
                f"{self.node.path}: a {kind} takes no {number_type} number from {iso_country_code} once approved "
                "(its SupportedAssociations); a number it takes before submit goes in its phone_number_ids"
            )
        if number_preference is not None:
            _check_preference(self, number_type, iso_country_code, number_preference)
        if two_way_channel_role_arn and not two_way_channel_arn:
            raise ValueError(f"{self.node.path}: two_way_channel_role_arn needs a two_way_channel_arn")
        provider = SmsResourceProvider.of(scope)
        provider.allow_phone_numbers(release=on_delete == "release")
        if registration is not None:
            provider.allow_waiting_numbers()
        if two_way_channel_role_arn:
            provider.allow_pass_two_way_role(two_way_channel_role_arn)
        properties: dict[str, object] = {
            PhoneNumberProps.NUMBER_TYPE: number_type,
            PhoneNumberProps.ISO_COUNTRY_CODE: iso_country_code,
            PhoneNumberProps.MESSAGE_TYPE: message_type,
            PhoneNumberProps.NUMBER_CAPABILITIES: sorted(capabilities),
            PhoneNumberProps.DELETION_PROTECTION_ENABLED: deletion_protection,
            PhoneNumberProps.ON_DELETE: on_delete,
            PhoneNumberProps.ALLOW_REPLACEMENT: allow_replacement,
        }
        if not adopt_by_tag:
            properties[PhoneNumberProps.ADOPT_BY_TAG] = False
        # Only what is on: templates of numbers without these settings stay as they were.
        if two_way_channel_arn:
            properties[PhoneNumberProps.TWO_WAY_ENABLED] = True
        if self_managed_opt_outs:
            properties[PhoneNumberProps.SELF_MANAGED_OPT_OUTS_ENABLED] = True
        optional = {
            PhoneNumberProps.OPT_OUT_LIST_NAME: opt_out_list_name,
            PhoneNumberProps.POOL_ID: pool_id,
            PhoneNumberProps.REGISTRATION_ID: registration.registration_id if registration else None,
            PhoneNumberProps.TWO_WAY_CHANNEL_ARN: two_way_channel_arn,
            PhoneNumberProps.TWO_WAY_CHANNEL_ROLE: two_way_channel_role_arn,
            PhoneNumberProps.REVIEW_STATE: review_state,
        }
        properties.update({key: value for key, value in optional.items() if value})
        if international_sending is not None:
            properties[PhoneNumberProps.INTERNATIONAL_SENDING_ENABLED] = international_sending
        if number_preference is not None:  # RequestPhoneNumber's shape, passed on as is
            preference_type, patterns = number_preference
            properties[PhoneNumberProps.NUMBER_PREFERENCE] = [
                {"PreferenceType": [preference_type], "Filter": list(patterns)}
            ]
        self.resource = cdk.CustomResource(
            self,
            "Resource",
            service_token=provider.service_token,
            resource_type=RESOURCE_TYPE,
            properties=properties,
        )
        self._id = self.resource.ref
        self._arn = self.resource.get_att_string(PhoneNumberAttrs.PHONE_NUMBER_ARN)
        self._number = self.resource.get_att_string(PhoneNumberAttrs.PHONE_NUMBER)

    @staticmethod
    def from_phone_number_arn(scope: Construct, id: str, phone_number_arn: str) -> ISmsPhoneNumber:
        """An existing number by ARN; its ``phone_number`` is unknown (use ``from_phone_number_attributes``)."""
        return SmsPhoneNumber.from_phone_number_attributes(scope, id, phone_number_arn=phone_number_arn)

    @staticmethod
    def from_phone_number_attributes(
        scope: Construct, id: str, *, phone_number_arn: str, phone_number: str | None = None
    ) -> ISmsPhoneNumber:
        """An existing number; nothing is deployed, the grants name its ARN, and its account and region
        (``env``) are the ARN's.

        :param phone_number_arn: the number's ARN (``arn:...:sms-voice:<region>:<account>:phone-number/<ID>``);
            the ID is read from it. Required.
        :param phone_number: the number in E.164 format, if the app needs it. Default: None, and
            reading ``phone_number`` raises.
        """
        [number_id] = resource_name_parts(f"{scope.node.path}/{id}", phone_number_arn, _ARN_TYPE, 1)
        return _ImportedPhoneNumber(scope, id, arn=phone_number_arn, number_id=number_id, number=phone_number)


_PATTERN = re.compile(r"\+?[0-9]{1,15}")  # NumberFilterValue, 2 to 16 characters


def _check_preference(
    construct: Construct, number_type: str, iso_country_code: str, preference: tuple[str, Sequence[str]]
) -> None:
    """Refuse at synth what ``RequestPhoneNumber`` would refuse at deploy (botocore's ``NumberPreference``
    shapes), and a preference on a number the model's documentation excludes (only TEN_DLC in the US)."""
    path = construct.node.path
    preference_type, patterns = preference
    check_choice(construct, "number_preference type", preference_type, PREFERENCE_TYPES)
    if (number_type, iso_country_code) != ("TEN_DLC", "US"):
        raise ValueError(f"{path}: number_preference applies only to TEN_DLC numbers in the US (RequestPhoneNumber)")
    most = 10 if preference_type == "ExactMatch" else 1
    if not 1 <= len(patterns) <= most:
        raise ValueError(f"{path}: number_preference {preference_type} takes 1 to {most} patterns, got {len(patterns)}")
    bad = [p for p in patterns if not (2 <= len(p) <= 16 and _PATTERN.fullmatch(p))]
    if bad:
        raise ValueError(f"{path}: number_preference patterns must be digits with an optional leading +: {bad}")
