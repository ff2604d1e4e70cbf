"""A protect configuration: which countries a configuration set may send to (SMS, voice, MMS)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import aws_cdk as cdk
from aws_cdk import aws_smsvoice as smsvoice
from constructs import Construct

from sms_estate.arns import arn_in_stack, resource_name_parts
from sms_estate.interfaces import ISmsResource
from sms_estate.messaging.choices import (
    PROTECT_CAPABILITIES,
    PROTECT_STATUSES,
    ProtectCapability,
    ProtectStatus,
    check_choice,
)
from sms_estate.messaging.retention import ON_DELETE, OnDelete, apply_on_delete
from sms_estate.registrations.protect_settings import (
    NumberOverride,
    SmsAccountDefaultProtectConfiguration,
    SmsProtectNumberOverrides,
)

CountryRules = Mapping[ProtectCapability, Mapping[str, ProtectStatus]]
"""Channel (``SMS``, ``VOICE``, ``MMS``) -> ISO country code -> what to do with messages to it."""


_TYPE = "protect-configuration"


class ISmsProtectConfiguration(ISmsResource, Protocol):
    """A protect configuration, created here (:class:`SmsProtectConfiguration`) or imported (``from_*``).

    No grants. A send reaches a protect configuration through its configuration set, or names it
    directly (``ProtectConfigurationId`` of ``SendTextMessage``, ``SendVoiceMessage`` and
    ``SendMediaMessage`` in botocore's model). The send is authorised on the origination identity and
    the configuration set (their ``grant_send_*`` methods); whether the Service Authorization Reference
    also lists ``protect-configuration`` as a resource type of the send actions is unconfirmed here, so
    a sender naming one directly may need the action on its ARN as well.
    """

    @property
    def protect_configuration_id(self) -> str:
        """The configuration's ID (``protect-...``; ``Fn::GetAtt ProtectConfigurationId`` when created here)."""
        ...

    @property
    def protect_configuration_arn(self) -> str:
        """The configuration's ARN (``Fn::GetAtt Arn`` when created here)."""
        ...


class _ImportedProtectConfiguration(cdk.Resource):
    def __init__(self, scope: Construct, id: str, *, protect_configuration_id: str, arn: str) -> None:
        super().__init__(scope, id, environment_from_arn=arn)
        self.protect_configuration_id = protect_configuration_id
        self.protect_configuration_arn = arn


class SmsProtectConfiguration(cdk.Resource):
    """``AWS::SMSVOICE::ProtectConfiguration`` with deletion protection on and retained by default.

    The resource has no name property, so ``name`` goes into the ``Name`` tag (what the console shows).
    Retention follows protection: with ``DeletionPolicy: Delete`` a protected configuration that leaves
    the stack ends in ``DELETE_FAILED`` (the API refuses to delete it), so the default keeps it.

    Attributes (tokens): ``protect_configuration_id`` (``Fn::GetAtt ProtectConfigurationId``: pass it to
    :class:`SmsConfigurationSet`), ``protect_configuration_arn`` (``Fn::GetAtt Arn``); ``resource`` is
    the L1 ``CfnProtectConfiguration``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        country_rules: CountryRules | None = None,
        deletion_protection: bool = True,
        on_delete: OnDelete = "retain",
        account_default: bool = False,
        number_overrides: Sequence[NumberOverride] = (),
    ) -> None:
        """A protect configuration.

        :param name: the ``Name`` tag. Required.
        :param country_rules: per channel, per country: ``ALLOW``, ``BLOCK``, ``MONITOR`` or ``FILTER``.
            Default: no rules (the service's defaults for every country).
        :param deletion_protection: the API refuses to delete the configuration. Default: True.
        :param on_delete: ``"retain"`` keeps it when it leaves the stack; ``"destroy"`` deletes it (only
            sensible with ``deletion_protection=False``). Default: ``"retain"``.
        :param account_default: make it the account's (and region's) default, which protects sends that name
            no configuration set; removing it restores the previous default (``account_default``, a
            ``Custom::SmsAccountDefaultProtectConfiguration`` child). Default: False.
        :param number_overrides: per-number ``ALLOW``/``BLOCK`` overrides, optionally expiring
            (``number_overrides``, a ``Custom::SmsProtectNumberOverrides`` child); only these are managed,
            never overrides set elsewhere. Default: none.
        """
        super().__init__(scope, id)
        check_choice(self, "on_delete", on_delete, ON_DELETE)
        rules = country_rules or {}
        for capability, entries in rules.items():
            check_choice(self, "country_rules channel", capability, PROTECT_CAPABILITIES)
            for code, status in entries.items():
                check_choice(self, f"country_rules {capability} {code}", status, PROTECT_STATUSES)

        def rule_list(
            capability: ProtectCapability,
        ) -> list[smsvoice.CfnProtectConfiguration.CountryRuleProperty] | None:
            entries = rules.get(capability)
            if not entries:
                return None
            return [
                smsvoice.CfnProtectConfiguration.CountryRuleProperty(country_code=code, protect_status=status)
                for code, status in sorted(entries.items())
            ]

        rule_set = (
            smsvoice.CfnProtectConfiguration.CountryRuleSetProperty(
                sms=rule_list("SMS"), voice=rule_list("VOICE"), mms=rule_list("MMS")
            )
            if rules
            else None
        )
        self.resource = smsvoice.CfnProtectConfiguration(
            self,
            "Resource",
            country_rule_set=rule_set,
            deletion_protection_enabled=deletion_protection,
            tags=[cdk.CfnTag(key="Name", value=name)],
        )
        apply_on_delete(self.resource, on_delete)
        self.protect_configuration_id: str = self.resource.attr_protect_configuration_id
        self.protect_configuration_arn: str = self.resource.attr_arn
        self.account_default: SmsAccountDefaultProtectConfiguration | None = None
        self.number_overrides: SmsProtectNumberOverrides | None = None
        if account_default:
            self.account_default = SmsAccountDefaultProtectConfiguration(
                self, "AccountDefault", protect_configuration_id=self.protect_configuration_id
            )
        if number_overrides:
            self.number_overrides = SmsProtectNumberOverrides(
                self,
                "NumberOverrides",
                protect_configuration_id=self.protect_configuration_id,
                protect_configuration_arn=self.protect_configuration_arn,
                overrides=number_overrides,
            )

    @staticmethod
    def from_protect_configuration_id(
        scope: Construct, id: str, protect_configuration_id: str
    ) -> ISmsProtectConfiguration:
        """An existing protect configuration by ID, in the scope's account and region."""
        arn = arn_in_stack(scope, _TYPE, protect_configuration_id)
        return _ImportedProtectConfiguration(scope, id, protect_configuration_id=protect_configuration_id, arn=arn)

    @staticmethod
    def from_protect_configuration_arn(
        scope: Construct, id: str, protect_configuration_arn: str
    ) -> ISmsProtectConfiguration:
        """An existing protect configuration by ARN (``arn:aws:sms-voice:REGION:ACCOUNT:protect-configuration/ID``)."""
        [config_id] = resource_name_parts(f"{scope.node.path}/{id}", protect_configuration_arn, _TYPE, 1)
        return _ImportedProtectConfiguration(
            scope, id, protect_configuration_id=config_id, arn=protect_configuration_arn
        )
