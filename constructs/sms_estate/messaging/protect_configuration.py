"""A protect configuration: which countries a configuration set may send to (SMS, voice, MMS)."""

from __future__ import annotations

from collections.abc import Mapping

import aws_cdk as cdk
from aws_cdk import aws_smsvoice as smsvoice
from constructs import Construct

from sms_estate.messaging.retention import OnDelete, apply_on_delete

CountryRules = Mapping[str, Mapping[str, str]]  # capability (SMS|VOICE|MMS) -> ISO country -> status


class SmsProtectConfiguration(Construct):
    """``AWS::SMSVOICE::ProtectConfiguration`` with deletion protection on and retained by default.

    The resource has no name property, so ``name`` goes into the ``Name`` tag (what the console shows).
    Retention follows protection: with ``DeletionPolicy: Delete`` a protected configuration that leaves
    the stack ends in ``DELETE_FAILED`` (the API refuses to delete it), so the default keeps it, and
    ``on_delete="destroy"`` is only accepted by the config with ``deletion_protection: false``.
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
    ) -> None:
        super().__init__(scope, id)
        rules = country_rules or {}

        def rule_list(capability: str) -> list[smsvoice.CfnProtectConfiguration.CountryRuleProperty] | None:
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
        self.protect_configuration_id = self.resource.attr_protect_configuration_id
