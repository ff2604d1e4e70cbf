"""The custom-resource contract: every ``Custom::Sms*`` type name, property key and attribute key.

One definition that both sides import: the constructs write these keys into templates, the handlers
read them from CloudFormation events, the diff reads them from templates, and the tests drive the
handlers with them. A key spelled anywhere else is a key that can drift; ``tests/test_contract.py``
(architecture) checks that no module outside this one spells them.

``*Props`` classes name a resource's ``Properties`` (what the construct writes, what the handler reads
from ``ResourceProperties``); ``*Attrs`` classes name what the handler returns in ``Data``, which
CloudFormation serves as ``Fn::GetAtt`` attributes; ``*Keys`` classes name the members of one entry of
a list or map property. API request and response members (botocore shapes) are not in here: those
belong to the service, and the handlers spell them as the service does.

Standard library only and import-free, so the CDK side can read it at synth without loading boto3.
Each class is a namespace of ``Final`` strings, never instantiated.
"""

from __future__ import annotations

from typing import Final

# --- resource types ---------------------------------------------------------------------------
# Every type below starts with it: what tells an SMS custom resource from any other in a template.
TYPE_PREFIX: Final = "Custom::Sms"
PHONE_NUMBER_TYPE: Final = "Custom::SmsPhoneNumber"
REGISTRATION_TYPE: Final = "Custom::SmsRegistration"
REGISTRATION_CHECK_TYPE: Final = "Custom::SmsRegistrationCheck"
CONFIGURATION_SET_DEFAULTS_TYPE: Final = "Custom::SmsConfigurationSetDefaults"
BULK_ROWS_TYPE: Final = "Custom::SmsBulkRows"
BULK_ROLLOUT_TYPE: Final = "Custom::SmsBulkRollout"
# Account-level settings of one account and region (issue 19): what CloudFormation cannot set.
SPEND_LIMITS_TYPE: Final = "Custom::SmsSpendLimits"
ACCOUNT_DEFAULT_PROTECT_TYPE: Final = "Custom::SmsAccountDefaultProtectConfiguration"
PROTECT_NUMBER_OVERRIDES_TYPE: Final = "Custom::SmsProtectNumberOverrides"


# The review state (issue 18): one SSM String parameter per environment and region. The tracking Lambda writes
# a digest of the approved registrations there when one is approved; the messaging stack reads it through an
# ``AWS::SSM::Parameter::Value<String>`` parameter, which CloudFormation resolves again on every deploy, into
# the ``ReviewState`` property of every resource that waits for an approval. So the next ``cdk deploy`` after an
# approval sends those resources an Update (and only those), and a deploy with no approval in between does not.
REVIEW_STATE_PARAMETER_FORMAT: Final = "/sms-estate/{environment}/review-state"
REVIEW_STATE_INITIAL: Final = "none"  # the value before any approval


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
    INTERNATIONAL_SENDING_ENABLED: Final = "InternationalSendingEnabled"  # absent: the API's default, never sent
    NUMBER_PREFERENCE: Final = "NumberPreference"  # RequestPhoneNumber's, as is: purchase-time only
    REVIEW_STATE: Final = "ReviewState"  # see REVIEW_STATE_PARAMETER_FORMAT: a change makes CloudFormation send Update


class PhoneNumberAttrs:
    """``Fn::GetAtt`` names of ``Custom::SmsPhoneNumber`` (the physical ID is the phone number ID)."""

    PHONE_NUMBER_ID: Final = "PhoneNumberId"
    PHONE_NUMBER_ARN: Final = "PhoneNumberArn"
    PHONE_NUMBER: Final = "PhoneNumber"
    # Only while the number is not bought because its registration is not approved yet (a 10DLC campaign):
    # what it waits for. The physical ID is then a placeholder, and so are the three attributes above.
    WAITING_FOR: Final = "WaitingFor"


class RegistrationProps:
    """Properties of ``Custom::SmsRegistration`` (also the properties of one bulk row)."""

    REGISTRATION_TYPE: Final = "RegistrationType"
    FIELDS: Final = "Fields"
    ATTACHMENTS: Final = "Attachments"
    PHONE_NUMBER_IDS: Final = "PhoneNumberIds"
    SUBMIT: Final = "Submit"
    AWS_REVIEW: Final = "AwsReview"
    DELETE_DRAFT_ON_REMOVAL: Final = "DeleteDraftOnRemoval"
    LINT_SUPPRESSIONS: Final = "LintSuppressions"
    # Registration IDs this one is associated with (a 10DLC campaign's or vetting's brand), each per the
    # type's SupportedAssociations entry whose ResourceType is that registration's type.
    LINKED_REGISTRATION_IDS: Final = "LinkedRegistrationIds"
    SENDER_IDS: Final = "SenderIds"  # a list of SenderIdKeys: the sender IDs this registration registers
    REVIEW_STATE: Final = "ReviewState"  # see REVIEW_STATE_PARAMETER_FORMAT: a change makes CloudFormation send Update


class SenderIdKeys:
    """One entry of ``RegistrationProps.SENDER_IDS`` (the ``SenderIdAndCountry`` shape of the API)."""

    SENDER_ID: Final = "SenderId"
    ISO_COUNTRY_CODE: Final = "IsoCountryCode"


class AttachmentKeys:
    """One value of ``RegistrationProps.ATTACHMENTS`` (keyed by field path): the staged file, an S3 asset.

    ``SHA256`` is the file's digest: it changes with the file's bytes, so an edited file is uploaded again.
    """

    BUCKET: Final = "Bucket"
    KEY: Final = "Key"
    FILE_NAME: Final = "FileName"
    SHA256: Final = "Sha256"


class LintSuppressionKeys:
    """One entry of ``RegistrationProps.LINT_SUPPRESSIONS``."""

    RULE: Final = "Rule"
    REASON: Final = "Reason"
    FIELD: Final = "Field"


class RegistrationAttrs:
    """``Fn::GetAtt`` names of ``Custom::SmsRegistration`` (the physical ID is the registration ID)."""

    REGISTRATION_ID: Final = "RegistrationId"
    REGISTRATION_ARN: Final = "RegistrationArn"
    STATUS: Final = "Status"
    VERSION_NUMBER: Final = "VersionNumber"
    ATTACHMENT_IDS: Final = "AttachmentIds"  # JSON map: field path -> registration attachment ID
    DENIED_REASONS: Final = "DeniedReasons"  # only when the newest version was denied
    PENDING_ASSOCIATIONS: Final = "PendingAssociations"  # numbers configured but not yet associated (a count)
    ASSOCIATIONS_WAIT_FOR: Final = "AssociationsWaitFor"  # what they wait for, only while some do
    # Only while the registration cannot go on (its linked brand is not approved yet, so it is not submitted;
    # its sender ID is not provisioned yet): what it waits for.
    WAITING_FOR: Final = "WaitingFor"
    ADDITIONAL_ATTRIBUTES: Final = "AdditionalAttributes"  # JSON map, the API's (a vetting's score), "{}" if none
    SENDER_ID_ARNS: Final = "SenderIdArns"  # JSON map "<SenderId>:<IsoCountryCode>" -> ARN of those provisioned


class RegistrationCheckProps:
    """Properties of ``Custom::SmsRegistrationCheck``: the values checked, no number IDs."""

    REGISTRATION_TYPE: Final = RegistrationProps.REGISTRATION_TYPE
    FIELDS: Final = RegistrationProps.FIELDS
    ATTACHMENT_FILES: Final = "AttachmentFiles"  # map: field path -> the attachment's file name


class ConfigurationSetDefaultsProps:
    """Properties of ``Custom::SmsConfigurationSetDefaults`` (``SetDefaultMessageType``)."""

    CONFIGURATION_SET_NAME: Final = "ConfigurationSetName"
    DEFAULT_MESSAGE_TYPE: Final = "DefaultMessageType"


class ConfigurationSetDefaultsAttrs:
    """``Fn::GetAtt`` names of ``Custom::SmsConfigurationSetDefaults`` (no default set: no ``DEFAULT_MESSAGE_TYPE``)."""

    CONFIGURATION_SET_NAME: Final = ConfigurationSetDefaultsProps.CONFIGURATION_SET_NAME
    DEFAULT_MESSAGE_TYPE: Final = ConfigurationSetDefaultsProps.DEFAULT_MESSAGE_TYPE


class AccountDefaultProtectProps:
    """Properties of ``Custom::SmsAccountDefaultProtectConfiguration`` (``SetAccountDefaultProtectConfiguration``)."""

    PROTECT_CONFIGURATION_ID: Final = "ProtectConfigurationId"


class AccountDefaultProtectAttrs:
    """``Fn::GetAtt`` names of ``Custom::SmsAccountDefaultProtectConfiguration``."""

    PROTECT_CONFIGURATION_ID: Final = AccountDefaultProtectProps.PROTECT_CONFIGURATION_ID
    PREVIOUS_DEFAULT: Final = "PreviousDefaultProtectConfigurationId"  # "none": the account had no default


class ProtectNumberOverridesProps:
    """Properties of ``Custom::SmsProtectNumberOverrides`` (``PutProtectConfigurationRuleSetNumberOverride``)."""

    PROTECT_CONFIGURATION_ID: Final = "ProtectConfigurationId"
    OVERRIDES: Final = "Overrides"  # a list of entries named by NumberOverrideKeys


class NumberOverrideKeys:
    """Members of one entry of ``ProtectNumberOverridesProps.OVERRIDES``."""

    DESTINATION_PHONE_NUMBER: Final = "DestinationPhoneNumber"
    ACTION: Final = "Action"  # ALLOW or BLOCK
    EXPIRATION_TIMESTAMP: Final = "ExpirationTimestamp"  # optional, ISO 8601 UTC ("2027-01-31T00:00:00Z")


class ProtectNumberOverridesAttrs:
    """``Fn::GetAtt`` names of ``Custom::SmsProtectNumberOverrides``."""

    PROTECT_CONFIGURATION_ID: Final = ProtectNumberOverridesProps.PROTECT_CONFIGURATION_ID
    OVERRIDE_COUNT: Final = "OverrideCount"  # how many declared overrides are live (expired ones are not)


class SpendLimitsProps:
    """Properties of ``Custom::SmsSpendLimits``: a monthly limit in whole USD per kind (absent: not managed).

    Each maps to the API's ``Set<Kind>MessageSpendLimitOverride``; the kinds are the ``SpendLimitName`` enum's.
    """

    TEXT: Final = "TextMonthlyLimit"
    VOICE: Final = "VoiceMonthlyLimit"
    MEDIA: Final = "MediaMonthlyLimit"
    NOTIFY: Final = "NotifyMonthlyLimit"
    RCS: Final = "RcsMonthlyLimit"


class SpendLimitsAttrs:
    """``Fn::GetAtt`` names of ``Custom::SmsSpendLimits``: each managed kind's enforced limit after the request.

    The physical ID (not an attribute) records every kind's state before the first Create: a Delete reads it.
    """

    TEXT: Final = SpendLimitsProps.TEXT
    VOICE: Final = SpendLimitsProps.VOICE
    MEDIA: Final = SpendLimitsProps.MEDIA
    NOTIFY: Final = SpendLimitsProps.NOTIFY
    RCS: Final = SpendLimitsProps.RCS


class RollbackAttrs:
    """``Data`` any ``Custom::Sms*`` resource of the Provider adds when a rollback keeps it as it is."""

    SKIPPED_IN_ROLLBACK: Final = "SkippedInRollback"  # "true"
    SKIPPED_REASON: Final = "SkippedReason"  # the failure's class, never its message


class BulkRowsProps:
    """Properties of ``Custom::SmsBulkRows`` (one chunk of a bulk shard's rows)."""

    ROWS: Final = "Rows"  # a list of entries named by BulkRowKeys


class BulkRowKeys:
    """One entry of ``BulkRowsProps.ROWS``: one registration of the shard."""

    KEY: Final = "Key"  # the row's ledger key
    IDENTITY: Final = "Identity"  # the stable identity standing in for a stack ID in client tokens
    LOGICAL_ID: Final = "LogicalId"
    PROPERTIES: Final = "Properties"  # the row's Custom::SmsRegistration properties (RegistrationProps)


class BulkRowsAttrs:
    """``Fn::GetAtt`` names of ``Custom::SmsBulkRows``."""

    ROWS: Final = BulkRowsProps.ROWS  # how many rows the chunk recorded


class BulkRolloutProps:
    """Properties of ``Custom::SmsBulkRollout`` (starts a shard's rollout workflow)."""

    KEYS: Final = "Keys"
    REVISION: Final = "Revision"


class BulkRolloutAttrs:
    """``Fn::GetAtt`` names of ``Custom::SmsBulkRollout``."""

    EXECUTION_ARN: Final = "ExecutionArn"  # the workflow execution this deploy started
