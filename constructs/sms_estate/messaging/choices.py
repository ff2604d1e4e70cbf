"""The choices the messaging constructs accept: ``Literal`` types for type checkers, tuples for synth.

The values are botocore's ``pinpoint-sms-voice-v2`` enums (``EventType``, ``KeywordAction``,
``ProtectStatus``); each tuple is derived from its ``Literal`` so the two cannot drift. The runtime
check (``check_choice``, shared with the registrations constructs) is for callers without a type
checker and for values read from files.
"""

from __future__ import annotations

from typing import Literal, get_args

from sms_estate.registrations.choices import MESSAGE_TYPES, MessageType, check_choice

__all__ = [
    "EVENT_TYPES",
    "KEYWORD_ACTIONS",
    "MESSAGE_TYPES",
    "PROTECT_CAPABILITIES",
    "PROTECT_STATUSES",
    "EventType",
    "KeywordAction",
    "MessageType",
    "ProtectCapability",
    "ProtectStatus",
    "check_choice",
]

EventType = Literal[
    "ALL",
    "TEXT_ALL",
    "TEXT_SENT",
    "TEXT_PENDING",
    "TEXT_QUEUED",
    "TEXT_SUCCESSFUL",
    "TEXT_DELIVERED",
    "TEXT_INVALID",
    "TEXT_INVALID_MESSAGE",
    "TEXT_UNREACHABLE",
    "TEXT_CARRIER_UNREACHABLE",
    "TEXT_BLOCKED",
    "TEXT_CARRIER_BLOCKED",
    "TEXT_SPAM",
    "TEXT_UNKNOWN",
    "TEXT_TTL_EXPIRED",
    "TEXT_PROTECT_BLOCKED",
    "VOICE_ALL",
    "VOICE_INITIATED",
    "VOICE_RINGING",
    "VOICE_ANSWERED",
    "VOICE_COMPLETED",
    "VOICE_BUSY",
    "VOICE_NO_ANSWER",
    "VOICE_FAILED",
    "VOICE_TTL_EXPIRED",
    "MEDIA_ALL",
    "MEDIA_PENDING",
    "MEDIA_QUEUED",
    "MEDIA_SUCCESSFUL",
    "MEDIA_DELIVERED",
    "MEDIA_INVALID",
    "MEDIA_INVALID_MESSAGE",
    "MEDIA_UNREACHABLE",
    "MEDIA_CARRIER_UNREACHABLE",
    "MEDIA_BLOCKED",
    "MEDIA_CARRIER_BLOCKED",
    "MEDIA_SPAM",
    "MEDIA_UNKNOWN",
    "MEDIA_TTL_EXPIRED",
    "MEDIA_FILE_INACCESSIBLE",
    "MEDIA_FILE_TYPE_UNSUPPORTED",
    "MEDIA_FILE_SIZE_EXCEEDED",
    "RCS_ALL",
    "RCS_QUEUED",
    "RCS_SENT",
    "RCS_DELIVERED",
    "RCS_READ",
    "RCS_FAILED",
    "RCS_TTL_EXPIRED",
    "RCS_PROTECT_BLOCKED",
    "RCS_FALLEN_BACK_TO_SMS",
]
"""Which events an event destination receives (``EventType``)."""
KeywordAction = Literal["AUTOMATIC_RESPONSE", "OPT_OUT", "OPT_IN"]
"""What a pool keyword does when someone texts it (``KeywordAction``)."""
ProtectStatus = Literal["ALLOW", "BLOCK", "MONITOR", "FILTER"]
"""What a protect configuration does with messages to one country (``ProtectStatus``)."""
ProtectCapability = Literal["SMS", "VOICE", "MMS"]
"""The channels a protect configuration has country rules for (``CountryRuleSet``)."""

EVENT_TYPES: tuple[str, ...] = get_args(EventType)
KEYWORD_ACTIONS: tuple[str, ...] = get_args(KeywordAction)
PROTECT_STATUSES: tuple[str, ...] = get_args(ProtectStatus)
PROTECT_CAPABILITIES: tuple[str, ...] = get_args(ProtectCapability)
