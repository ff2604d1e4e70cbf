"""The ``Custom::Sms*`` type names: one definition that the constructs and the handlers both import.

Standard library only and import-free, so the CDK side can read it at synth without loading boto3.
"""

from __future__ import annotations

PHONE_NUMBER_TYPE = "Custom::SmsPhoneNumber"
REGISTRATION_TYPE = "Custom::SmsRegistration"
REGISTRATION_CHECK_TYPE = "Custom::SmsRegistrationCheck"
CONFIGURATION_SET_DEFAULTS_TYPE = "Custom::SmsConfigurationSetDefaults"
