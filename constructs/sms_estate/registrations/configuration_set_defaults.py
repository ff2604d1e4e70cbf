"""``SmsConfigurationSetDefaults``: what a configuration set takes by API call only (its default message type).

Why a custom resource: ``AWS::SMSVOICE::ConfigurationSet`` has no property for the default message
type; only ``SetDefaultMessageType`` sets it. The resource runs on the stack's shared Provider
(``sms_runtime.handlers.configuration_set_defaults``): it writes only when the live value differs,
and removing it restores the API default.
"""

from __future__ import annotations

import aws_cdk as cdk
from constructs import Construct

from sms_estate.registrations.choices import MESSAGE_TYPES, MessageType, check_choice
from sms_estate.registrations.provider import SmsResourceProvider
from sms_runtime.contract import CONFIGURATION_SET_DEFAULTS_TYPE, ConfigurationSetDefaultsProps

RESOURCE_TYPE = CONFIGURATION_SET_DEFAULTS_TYPE


class SmsConfigurationSetDefaults(cdk.Resource):
    """The default message type of one configuration set.

    ``configuration_set_name`` should be the set's ``Ref`` (a token), so CloudFormation creates the set
    before this resource and deletes it after; ``configuration_set_arn`` scopes the handler's IAM.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        configuration_set_name: str,
        configuration_set_arn: str,
        default_message_type: MessageType,
    ) -> None:
        """Set the default message type of one configuration set.

        :param configuration_set_name: the set's name, preferably its ``Ref``. Required.
        :param configuration_set_arn: the set's ARN; the handler may change this set's default only.
            Required.
        :param default_message_type: ``TRANSACTIONAL`` or ``PROMOTIONAL``. Required (removing the
            construct restores the API's default).
        """
        super().__init__(scope, id)
        check_choice(self, "default_message_type", default_message_type, MESSAGE_TYPES)
        provider = SmsResourceProvider.of(scope)
        provider.allow_configuration_set_defaults(configuration_set_arn)
        self.resource = cdk.CustomResource(
            self,
            "Resource",
            service_token=provider.service_token,
            resource_type=RESOURCE_TYPE,
            properties={
                ConfigurationSetDefaultsProps.CONFIGURATION_SET_NAME: configuration_set_name,
                ConfigurationSetDefaultsProps.DEFAULT_MESSAGE_TYPE: default_message_type,
            },
        )
