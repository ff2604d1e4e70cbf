"""``SmsPhoneNumber``: a phone number requested by the ``Custom::SmsPhoneNumber`` resource.

Why not ``AWS::SMSVOICE::PhoneNumber``: it cannot set a registration, a pool or the message type.
Deletion protection is on by default, and removing the construct keeps the number (it bills until
released, and a released number never comes back) unless ``on_delete="release"``. The settings
``UpdatePhoneNumber`` can change (opt-out list, deletion protection, two-way channel and role,
self-managed opt-outs) are applied after the purchase and on every change, in place.
"""

from __future__ import annotations

from collections.abc import Sequence

import aws_cdk as cdk
from constructs import Construct

from sms_estate.registrations.provider import SmsResourceProvider
from sms_runtime.resource_types import PHONE_NUMBER_TYPE

RESOURCE_TYPE = PHONE_NUMBER_TYPE
NUMBER_TYPES = ("TOLL_FREE", "TEN_DLC", "LONG_CODE", "SIMULATOR")
MESSAGE_TYPES = ("TRANSACTIONAL", "PROMOTIONAL")
CAPABILITIES = ("SMS", "VOICE", "MMS", "RCS")
ON_DELETE = ("retain", "release")


class SmsPhoneNumber(Construct):
    """One phone number; ``phone_number_id``, ``phone_number_arn`` and ``phone_number`` are tokens."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        number_type: str,
        iso_country_code: str,
        message_type: str,
        capabilities: Sequence[str],
        opt_out_list_name: str | None = None,
        pool_id: str | None = None,
        registration_id: str | None = None,
        two_way_channel_arn: str | None = None,
        two_way_channel_role_arn: str | None = None,
        self_managed_opt_outs: bool = False,
        deletion_protection: bool = True,
        on_delete: str = "retain",
        allow_replacement: bool = False,
        adopt_by_tag: bool = True,
    ) -> None:
        """One number; every keyword argument after ``capabilities`` is optional.

        * ``two_way_channel_arn`` (default None: two-way off) turns two-way on with replies sent to that
          SNS topic or Amazon Connect channel; ``two_way_channel_role_arn`` (default None) is the role
          the SMS service assumes to post them there (the handler's role may pass only that role).
        * ``self_managed_opt_outs`` (default False): True leaves HELP/STOP replies and opt-out tracking
          to you.
        * ``registration_id`` (default None) is sent with the purchase; a TEN_DLC number needs one.
        * ``adopt_by_tag=False`` (default True) skips the adoption scan (see the handler's ``_adopt``):
          for bulk stacks.
        """
        super().__init__(scope, construct_id)
        _check_choice("number_type", number_type, NUMBER_TYPES)
        _check_choice("message_type", message_type, MESSAGE_TYPES)
        _check_choice("on_delete", on_delete, ON_DELETE)
        if not capabilities or any(c not in CAPABILITIES for c in capabilities):
            raise ValueError(f"{self.node.path}: capabilities must be 1 to 4 of {', '.join(CAPABILITIES)}")
        if number_type == "SIMULATOR" and message_type != "TRANSACTIONAL":
            raise ValueError(f"{self.node.path}: a SIMULATOR number must be TRANSACTIONAL (RequestPhoneNumber)")
        if number_type == "TEN_DLC" and not registration_id:
            raise ValueError(
                f"{self.node.path}: a TEN_DLC number is requested with its 10DLC campaign's registration_id"
            )
        if two_way_channel_role_arn and not two_way_channel_arn:
            raise ValueError(f"{self.node.path}: two_way_channel_role_arn needs a two_way_channel_arn")
        provider = SmsResourceProvider.of(scope)
        provider.allow_phone_numbers(release=on_delete == "release")
        if two_way_channel_role_arn:
            provider.allow_pass_two_way_role(two_way_channel_role_arn)
        properties: dict[str, object] = {
            "NumberType": number_type,
            "IsoCountryCode": iso_country_code,
            "MessageType": message_type,
            "NumberCapabilities": sorted(capabilities),
            "DeletionProtectionEnabled": deletion_protection,
            "OnDelete": on_delete,
            "AllowReplacement": allow_replacement,
        }
        if not adopt_by_tag:
            properties["AdoptByTag"] = False
        # Only what is on: templates of numbers without these settings stay as they were.
        if two_way_channel_arn:
            properties["TwoWayEnabled"] = True
        if self_managed_opt_outs:
            properties["SelfManagedOptOutsEnabled"] = True
        optional = {
            "OptOutListName": opt_out_list_name,
            "PoolId": pool_id,
            "RegistrationId": registration_id,
            "TwoWayChannelArn": two_way_channel_arn,
            "TwoWayChannelRole": two_way_channel_role_arn,
        }
        properties.update({key: value for key, value in optional.items() if value})
        self.resource = cdk.CustomResource(
            self,
            "Resource",
            service_token=provider.service_token,
            resource_type=RESOURCE_TYPE,
            properties=properties,
        )
        self.phone_number_id = self.resource.ref
        self.phone_number_arn = self.resource.get_att_string("PhoneNumberArn")
        self.phone_number = self.resource.get_att_string("PhoneNumber")


def _check_choice(name: str, value: str, choices: Sequence[str]) -> None:
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
