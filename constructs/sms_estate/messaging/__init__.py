"""L2-style constructs for the messaging resources CloudFormation models (``AWS::SMSVOICE::*``).

Each construct takes typed props, applies the package's safe defaults (deletion protection on, data
retained) and can be used by any CDK app without the config loader.
"""

from sms_estate.messaging.configuration_set import SmsConfigurationSet
from sms_estate.messaging.event_destinations import (
    CloudWatchLogsDestination,
    EventDestinationSpec,
    FirehoseDestination,
    SnsDestination,
)
from sms_estate.messaging.opt_out_list import SmsOptOutList
from sms_estate.messaging.pool import PoolKeyword, SmsPool
from sms_estate.messaging.protect_configuration import SmsProtectConfiguration
from sms_estate.messaging.sender_id import SmsSenderId

__all__ = [
    "CloudWatchLogsDestination",
    "EventDestinationSpec",
    "FirehoseDestination",
    "PoolKeyword",
    "SmsConfigurationSet",
    "SmsOptOutList",
    "SmsPool",
    "SmsProtectConfiguration",
    "SmsSenderId",
    "SnsDestination",
]
