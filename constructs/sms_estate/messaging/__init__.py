"""L2 constructs for the messaging resources CloudFormation models (``AWS::SMSVOICE::*``).

Each construct takes keyword-only typed props, applies the package's safe defaults (deletion
protection on, data retained), exposes token attributes (``*_id``, ``*_arn``, ``*_name``) and, where
the send APIs name the resource, ``grant_send_*_message`` methods scoped to its ARN. ``from_*``
imports give the same interface (``ISms*``) for resources made elsewhere.
"""

from sms_estate.messaging.choices import EventType, KeywordAction, ProtectCapability, ProtectStatus
from sms_estate.messaging.configuration_set import EventDestination, ISmsConfigurationSet, SmsConfigurationSet
from sms_estate.messaging.event_destinations import (
    CloudWatchLogsDestination,
    FirehoseDestination,
    SnsDestination,
)
from sms_estate.messaging.notify_configuration import NotifyChannel, NotifyUseCase, SmsNotifyConfiguration
from sms_estate.messaging.opt_out_list import ISmsOptOutList, SmsOptOutList
from sms_estate.messaging.pool import ISmsPool, PoolKeyword, SmsPool
from sms_estate.messaging.protect_configuration import (
    CountryRules,
    ISmsProtectConfiguration,
    SmsProtectConfiguration,
)
from sms_estate.messaging.rcs_agent import SmsRcsAgent
from sms_estate.messaging.resource_policy import SmsResourcePolicy
from sms_estate.messaging.sender_id import ISmsSenderId, SmsSenderId
from sms_estate.messaging.verified_destination_number import SmsVerifiedDestinationNumber

__all__ = [
    "CloudWatchLogsDestination",
    "CountryRules",
    "EventDestination",
    "EventType",
    "FirehoseDestination",
    "ISmsConfigurationSet",
    "ISmsOptOutList",
    "ISmsPool",
    "ISmsProtectConfiguration",
    "ISmsSenderId",
    "KeywordAction",
    "NotifyChannel",
    "NotifyUseCase",
    "PoolKeyword",
    "ProtectCapability",
    "ProtectStatus",
    "SmsConfigurationSet",
    "SmsNotifyConfiguration",
    "SmsOptOutList",
    "SmsPool",
    "SmsProtectConfiguration",
    "SmsRcsAgent",
    "SmsResourcePolicy",
    "SmsSenderId",
    "SmsVerifiedDestinationNumber",
    "SnsDestination",
]
