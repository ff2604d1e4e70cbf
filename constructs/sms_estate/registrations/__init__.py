"""CDK constructs for phone numbers and registrations, backed by the ``sms_runtime`` custom resources.

``SmsPhoneNumber``, ``SmsRegistration`` and ``SmsConfigurationSetDefaults`` share one Provider (two
Lambda functions) per stack, so a hundred registrations do not make a hundred functions. Usable on
their own in any CDK app; the ``Literal`` types name the choices the API accepts. ``FieldValue`` (a
registration field's value) and ``Suppression`` (an acknowledged registration lint finding) are the
runtime's own types, re-exported because ``SmsRegistration``'s signature names them.
"""

from sms_estate.registrations.choices import (
    MessageType,
    NumberCapability,
    NumberOnDelete,
    NumberPreferenceType,
    NumberType,
)
from sms_estate.registrations.configuration_set_defaults import SmsConfigurationSetDefaults
from sms_estate.registrations.phone_number import ISmsPhoneNumber, SmsPhoneNumber
from sms_estate.registrations.protect_settings import (
    NumberOverride,
    OverrideAction,
    SmsAccountDefaultProtectConfiguration,
    SmsProtectNumberOverrides,
)
from sms_estate.registrations.provider import SmsResourceProvider
from sms_estate.registrations.registration import ISmsRegistration, RegisteredSenderId, SmsRegistration
from sms_estate.registrations.spend_limits import SmsSpendLimits
from sms_runtime.lint.model import Suppression
from sms_runtime.registration.field_definitions import FieldValue

__all__ = [
    "FieldValue",
    "ISmsPhoneNumber",
    "ISmsRegistration",
    "MessageType",
    "NumberCapability",
    "NumberOnDelete",
    "NumberOverride",
    "NumberPreferenceType",
    "NumberType",
    "OverrideAction",
    "RegisteredSenderId",
    "SmsAccountDefaultProtectConfiguration",
    "SmsConfigurationSetDefaults",
    "SmsPhoneNumber",
    "SmsProtectNumberOverrides",
    "SmsRegistration",
    "SmsResourceProvider",
    "SmsSpendLimits",
    "Suppression",
]
