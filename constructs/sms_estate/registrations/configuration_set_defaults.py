"""``SmsConfigurationSetDefaults``: what a configuration set takes by API call only (its default message type).

Why a custom resource: ``AWS::SMSVOICE::ConfigurationSet`` has no property for the default message
type; only ``SetDefaultMessageType`` sets it. The resource runs on the stack's shared Provider
(``sms_runtime.handlers.configuration_set_defaults``): it writes only when the live value differs,
and removing it restores the API default.
"""

from __future__ import annotations

import aws_cdk as cdk
from constructs import Construct

from sms_estate.registrations.phone_number import MESSAGE_TYPES  # the API's MessageType enum
from sms_estate.registrations.provider import SmsResourceProvider
from sms_runtime.resource_types import CONFIGURATION_SET_DEFAULTS_TYPE

RESOURCE_TYPE = CONFIGURATION_SET_DEFAULTS_TYPE


class SmsConfigurationSetDefaults(Construct):
    """The default message type of one configuration set.

    ``configuration_set_name`` should be the set's ``Ref`` (a token), so CloudFormation creates the set
    before this resource and deletes it after; ``configuration_set_arn`` scopes the handler's IAM.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        configuration_set_name: str,
        configuration_set_arn: str,
        default_message_type: str,
    ) -> None:
        super().__init__(scope, construct_id)
        if default_message_type not in MESSAGE_TYPES:
            raise ValueError(
                f"default_message_type must be one of {', '.join(MESSAGE_TYPES)}, got {default_message_type!r}"
            )
        provider = SmsResourceProvider.of(scope)
        provider.allow_configuration_set_defaults(configuration_set_arn)
        self.resource = cdk.CustomResource(
            self,
            "Resource",
            service_token=provider.service_token,
            resource_type=RESOURCE_TYPE,
            properties={"ConfigurationSetName": configuration_set_name, "DefaultMessageType": default_message_type},
        )
