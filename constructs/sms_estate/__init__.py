"""AWS End User Messaging SMS as typed CDK constructs, for any CDK app in Python.

The public API is the names in ``__all__``, importable from ``sms_estate`` itself::

    from sms_estate import SmsConfigurationSet, SmsPhoneNumber, SmsPool, SmsRegistration

- messaging (``AWS::SMSVOICE::*``): ``SmsConfigurationSet`` with its event destinations
  (``SnsDestination``, ``CloudWatchLogsDestination``, ``FirehoseDestination``),
  ``SmsPool`` (``PoolKeyword``), ``SmsOptOutList``, ``SmsSenderId``, ``SmsProtectConfiguration``
  (``CountryRules``), ``OptOutSync`` (one environment's opt-out lists kept one set across its regions,
  from ``SyncSettings``; ``OptOutSyncMode``; ``DashboardRows``, what takes its widgets), and their choices as ``Literal`` types (``EventType``, ``KeywordAction``,
  ``ProtectCapability``, ``ProtectStatus``, and ``OnDelete`` for what leaving the stack does);
  ``EventDestination`` is what ``add_event_destination`` returns;
- registrations (custom resources running ``sms_runtime``): ``SmsPhoneNumber``, ``SmsRegistration``,
  ``SmsConfigurationSetDefaults``, ``SmsSpendLimits`` (the account's monthly spend limits),
  ``SmsAccountDefaultProtectConfiguration`` and ``SmsProtectNumberOverrides`` (``NumberOverride``,
  ``OverrideAction``: a protect configuration's account default and per-number overrides) and the
  ``SmsResourceProvider`` they share per stack; the choices the
  API accepts as ``Literal`` types (``NumberType``, ``MessageType``, ``NumberCapability``, ``NumberOnDelete``);
  ``FieldValue`` and ``Suppression``, the registration field value and acknowledged lint finding types;
- tracking: ``RegistrationTracking`` (status events, alarms, dashboard) and its ``ConfigEntry`` values;
- cdk-nag: ``add_nag_checks`` (the AWS Solutions pack on an app) and ``acknowledge`` (a finding, with a reason).

``ISms*`` names are the interfaces a construct and its imported counterpart (``from_*_arn``,
``from_*_attributes``) share, for parameters that accept either; each offers ``node``, ``env`` and
``stack`` (``sms_estate.interfaces.ISmsResource``), as both are ``cdk.Resource`` subclasses.

Importing this module has no side effects: it imports no ``aws_cdk`` and starts no Node process; each
name is imported on first use (PEP 562 ``__getattr__``). Choosing the Node binary jsii runs on is the
application's business (this repository's ``app.py`` and the ``sms-estate`` command do it), never the
library's. The subpackages ``sms_estate.yaml_app`` (the YAML-driven app) and ``sms_estate.cli`` (the
tools) are clients of this API, not part of it.

The package lives in ``constructs/sms_estate`` so that the repository's top-level ``constructs/`` folder
never becomes a package that shadows the ``constructs`` library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers see; at run time the same names come from __getattr__
    from sms_estate.messaging import (
        CloudWatchLogsDestination,
        CountryRules,
        EventDestination,
        EventType,
        FirehoseDestination,
        ISmsConfigurationSet,
        ISmsOptOutList,
        ISmsPool,
        ISmsProtectConfiguration,
        ISmsSenderId,
        KeywordAction,
        NotifyChannel,
        NotifyUseCase,
        PoolKeyword,
        ProtectCapability,
        ProtectStatus,
        SmsConfigurationSet,
        SmsNotifyConfiguration,
        SmsOptOutList,
        SmsPool,
        SmsProtectConfiguration,
        SmsRcsAgent,
        SmsResourcePolicy,
        SmsSenderId,
        SmsVerifiedDestinationNumber,
        SnsDestination,
    )
    from sms_estate.messaging.opt_out_sync import DashboardRows, OptOutSync, OptOutSyncMode, SyncSettings
    from sms_estate.messaging.retention import OnDelete
    from sms_estate.nag import acknowledge, add_nag_checks
    from sms_estate.registrations import (
        FieldValue,
        ISmsPhoneNumber,
        ISmsRegistration,
        MessageType,
        NumberCapability,
        NumberOnDelete,
        NumberOverride,
        NumberPreferenceType,
        NumberType,
        OverrideAction,
        RegisteredSenderId,
        SmsAccountDefaultProtectConfiguration,
        SmsConfigurationSetDefaults,
        SmsPhoneNumber,
        SmsProtectNumberOverrides,
        SmsRegistration,
        SmsResourceProvider,
        SmsSpendLimits,
        Suppression,
    )
    from sms_estate.tracking import (
        ConfigEntry,
        RegistrationTracking,
        ReviewStateParameter,
        review_state_parameter_name,
        review_state_value,
    )

__all__ = [
    "CloudWatchLogsDestination",
    "ConfigEntry",
    "CountryRules",
    "DashboardRows",
    "EventDestination",
    "EventType",
    "FieldValue",
    "FirehoseDestination",
    "ISmsConfigurationSet",
    "ISmsOptOutList",
    "ISmsPhoneNumber",
    "ISmsPool",
    "ISmsProtectConfiguration",
    "ISmsRegistration",
    "ISmsSenderId",
    "KeywordAction",
    "MessageType",
    "NotifyChannel",
    "NotifyUseCase",
    "NumberCapability",
    "NumberOnDelete",
    "NumberOverride",
    "NumberPreferenceType",
    "NumberType",
    "OnDelete",
    "OptOutSync",
    "OptOutSyncMode",
    "OverrideAction",
    "PoolKeyword",
    "ProtectCapability",
    "ProtectStatus",
    "RegisteredSenderId",
    "RegistrationTracking",
    "ReviewStateParameter",
    "SmsAccountDefaultProtectConfiguration",
    "SmsConfigurationSet",
    "SmsConfigurationSetDefaults",
    "SmsNotifyConfiguration",
    "SmsOptOutList",
    "SmsPhoneNumber",
    "SmsPool",
    "SmsProtectConfiguration",
    "SmsProtectNumberOverrides",
    "SmsRcsAgent",
    "SmsRegistration",
    "SmsResourcePolicy",
    "SmsResourceProvider",
    "SmsSenderId",
    "SmsSpendLimits",
    "SmsVerifiedDestinationNumber",
    "SnsDestination",
    "Suppression",
    "SyncSettings",
    "acknowledge",
    "add_nag_checks",
    "review_state_parameter_name",
    "review_state_value",
]

# The module each public name is imported from on first use: the same as in the block above.
_HOME = {
    "CloudWatchLogsDestination": "sms_estate.messaging",
    "CountryRules": "sms_estate.messaging",
    "EventDestination": "sms_estate.messaging",
    "EventType": "sms_estate.messaging",
    "FirehoseDestination": "sms_estate.messaging",
    "ISmsConfigurationSet": "sms_estate.messaging",
    "ISmsOptOutList": "sms_estate.messaging",
    "ISmsPool": "sms_estate.messaging",
    "ISmsProtectConfiguration": "sms_estate.messaging",
    "ISmsSenderId": "sms_estate.messaging",
    "KeywordAction": "sms_estate.messaging",
    "PoolKeyword": "sms_estate.messaging",
    "ProtectCapability": "sms_estate.messaging",
    "ProtectStatus": "sms_estate.messaging",
    "SmsConfigurationSet": "sms_estate.messaging",
    "SmsOptOutList": "sms_estate.messaging",
    "SmsPool": "sms_estate.messaging",
    "SmsProtectConfiguration": "sms_estate.messaging",
    "SmsResourcePolicy": "sms_estate.messaging",
    "SmsNotifyConfiguration": "sms_estate.messaging",
    "SmsRcsAgent": "sms_estate.messaging",
    "SmsVerifiedDestinationNumber": "sms_estate.messaging",
    "NotifyChannel": "sms_estate.messaging",
    "NotifyUseCase": "sms_estate.messaging",
    "SmsSenderId": "sms_estate.messaging",
    "SnsDestination": "sms_estate.messaging",
    "OptOutSync": "sms_estate.messaging.opt_out_sync",
    "DashboardRows": "sms_estate.messaging.opt_out_sync",
    "OptOutSyncMode": "sms_estate.messaging.opt_out_sync",
    "SyncSettings": "sms_estate.messaging.opt_out_sync",
    "OnDelete": "sms_estate.messaging.retention",
    "acknowledge": "sms_estate.nag",
    "add_nag_checks": "sms_estate.nag",
    "ISmsPhoneNumber": "sms_estate.registrations",
    "ISmsRegistration": "sms_estate.registrations",
    "MessageType": "sms_estate.registrations",
    "NumberCapability": "sms_estate.registrations",
    "NumberOnDelete": "sms_estate.registrations",
    "NumberPreferenceType": "sms_estate.registrations",
    "NumberType": "sms_estate.registrations",
    "SmsConfigurationSetDefaults": "sms_estate.registrations",
    "SmsAccountDefaultProtectConfiguration": "sms_estate.registrations",
    "SmsProtectNumberOverrides": "sms_estate.registrations",
    "NumberOverride": "sms_estate.registrations",
    "OverrideAction": "sms_estate.registrations",
    "SmsPhoneNumber": "sms_estate.registrations",
    "SmsRegistration": "sms_estate.registrations",
    "SmsResourceProvider": "sms_estate.registrations",
    "SmsSpendLimits": "sms_estate.registrations",
    "FieldValue": "sms_estate.registrations",
    "Suppression": "sms_estate.registrations",
    "ConfigEntry": "sms_estate.tracking",
    "RegistrationTracking": "sms_estate.tracking",
    "ReviewStateParameter": "sms_estate.tracking",
    "review_state_parameter_name": "sms_estate.tracking",
    "review_state_value": "sms_estate.tracking",
    "RegisteredSenderId": "sms_estate.registrations",
}


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use and keep the name here (later lookups skip this)."""
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOME[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
