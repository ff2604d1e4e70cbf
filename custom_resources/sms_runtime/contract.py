"""The custom-resource contract: every ``Custom::Sms*`` type name, property key and attribute key.

One definition that both sides import: the constructs write these keys into templates, the handlers
read them from CloudFormation events, the diff reads them from templates, and the tests drive the
handlers with them. A key spelled anywhere else is a key that can drift; ``tests/test_contract.py``
(architecture) checks that no module outside this one spells them.

Standard library only and import-free, so the CDK side can read it at synth without loading boto3.
Each class is a namespace of ``Final`` strings, never instantiated.
"""

from __future__ import annotations

from typing import Final

# --- resource types ---------------------------------------------------------------------------
PHONE_NUMBER_TYPE: Final = "Custom::SmsPhoneNumber"
REGISTRATION_TYPE: Final = "Custom::SmsRegistration"
REGISTRATION_CHECK_TYPE: Final = "Custom::SmsRegistrationCheck"
CONFIGURATION_SET_DEFAULTS_TYPE: Final = "Custom::SmsConfigurationSetDefaults"
BULK_ROWS_TYPE: Final = "Custom::SmsBulkRows"
BULK_ROLLOUT_TYPE: Final = "Custom::SmsBulkRollout"


class PhoneNumberProps:
    """Properties of ``Custom::SmsPhoneNumber`` (``RequestPhoneNumber`` / ``UpdatePhoneNumber`` inputs)."""

    NUMBER_TYPE: Final = "NumberType"
    ISO_COUNTRY_CODE: Final = "IsoCountryCode"
    MESSAGE_TYPE: Final = "MessageType"
    NUMBER_CAPABILITIES: Final = "NumberCapabilities"
    DELETION_PROTECTION_ENABLED: Final = "DeletionProtectionEnabled"
    ON_DELETE: Final = "OnDelete"
    ALLOW_REPLACEMENT: Final = "AllowReplacement"
    ADOPT_BY_TAG: Final = "AdoptByTag"
    TWO_WAY_ENABLED: Final = "TwoWayEnabled"
    TWO_WAY_CHANNEL_ARN: Final = "TwoWayChannelArn"
    TWO_WAY_CHANNEL_ROLE: Final = "TwoWayChannelRole"
    SELF_MANAGED_OPT_OUTS_ENABLED: Final = "SelfManagedOptOutsEnabled"
    OPT_OUT_LIST_NAME: Final = "OptOutListName"
    POOL_ID: Final = "PoolId"
    REGISTRATION_ID: Final = "RegistrationId"


class PhoneNumberAttrs:
    """``Fn::GetAtt`` names of ``Custom::SmsPhoneNumber`` (the physical ID is the phone number ID)."""

    PHONE_NUMBER_ID: Final = "PhoneNumberId"
    PHONE_NUMBER_ARN: Final = "PhoneNumberArn"
    PHONE_NUMBER: Final = "PhoneNumber"


class RegistrationProps:
    """Properties of ``Custom::SmsRegistration``."""

    REGISTRATION_TYPE: Final = "RegistrationType"
    FIELDS: Final = "Fields"
    ATTACHMENTS: Final = "Attachments"
    PHONE_NUMBER_IDS: Final = "PhoneNumberIds"
    SUBMIT: Final = "Submit"
    AWS_REVIEW: Final = "AwsReview"
    DELETE_DRAFT_ON_REMOVAL: Final = "DeleteDraftOnRemoval"
    LINT_SUPPRESSIONS: Final = "LintSuppressions"


class AttachmentRef:
    """One entry of ``RegistrationProps.ATTACHMENTS``: where the staged file is (an S3 asset)."""

    BUCKET: Final = "Bucket"
    KEY: Final = "Key"
    FILE_NAME: Final = "FileName"


class LintSuppressionKeys:
    """One entry of ``RegistrationProps.LINT_SUPPRESSIONS``."""

    RULE: Final = "Rule"
    REASON: Final = "Reason"
    FIELD: Final = "Field"


class RegistrationAttrs:
    """``Fn::GetAtt`` names of ``Custom::SmsRegistration`` (the physical ID is the registration ID)."""

    REGISTRATION_ARN: Final = "RegistrationArn"
    STATUS: Final = "Status"
    VERSION_NUMBER: Final = "VersionNumber"


class RegistrationCheckProps:
    """Properties of ``Custom::SmsRegistrationCheck``: the values checked, no number IDs."""

    REGISTRATION_TYPE: Final = RegistrationProps.REGISTRATION_TYPE
    FIELDS: Final = RegistrationProps.FIELDS
    ATTACHMENT_FILES: Final = "AttachmentFiles"


class ConfigurationSetDefaultsProps:
    """Properties of ``Custom::SmsConfigurationSetDefaults`` (``SetDefaultMessageType``)."""

    CONFIGURATION_SET_NAME: Final = "ConfigurationSetName"
    DEFAULT_MESSAGE_TYPE: Final = "DefaultMessageType"


class BulkRowsProps:
    """Properties of ``Custom::SmsBulkRows`` (one chunk of a bulk shard's rows)."""

    ROWS: Final = "Rows"


class BulkRolloutProps:
    """Properties of ``Custom::SmsBulkRollout`` (starts a shard's rollout workflow)."""

    KEYS: Final = "Keys"
    REVISION: Final = "Revision"
