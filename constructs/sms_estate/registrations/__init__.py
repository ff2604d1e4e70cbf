"""CDK constructs for phone numbers and registrations, backed by the ``sms_runtime`` custom resources.

``SmsPhoneNumber`` and ``SmsRegistration`` share one Provider (two Lambda functions) per stack, so a
hundred registrations do not make a hundred functions. Usable on their own in any CDK app.
"""

from sms_estate.registrations.phone_number import SmsPhoneNumber
from sms_estate.registrations.provider import SmsResourceProvider
from sms_estate.registrations.registration import SmsRegistration

__all__ = ["SmsPhoneNumber", "SmsRegistration", "SmsResourceProvider"]
