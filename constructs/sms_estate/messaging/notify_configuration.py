"""A notify configuration: the settings of AWS-managed templated messages (``SendNotifyTextMessage``).

``AWS::SMSVOICE::NotifyConfiguration``, thin: only the properties whose meaning both the CloudFormation
schema and botocore's model (``CreateNotifyConfiguration``) pin down by a required flag, an enum or a
pattern. Left out, and why:

- ``DefaultTemplateId`` and ``PoolId``: clearing either needs a sentinel (``UNSET_DEFAULT_TEMPLATE``,
  ``UNSET_DEFAULT_POOL_FOR_NOTIFY``) that ``UpdateNotifyConfiguration`` documents and the schema's
  pattern forbids, so what removing the key from a config does to a deployed configuration is not
  confirmed; and the template IDs are the service's own (``DescribeNotifyTemplates``), checked by nothing.

No ``from_*`` import: neither source states the ARN's resource type, so one could not be parsed safely.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

import aws_cdk as cdk
from aws_cdk import aws_smsvoice as smsvoice
from constructs import Construct

from sms_estate.messaging.choices import check_choice
from sms_estate.messaging.retention import ON_DELETE, OnDelete, apply_on_delete

NotifyChannel = Literal["SMS", "VOICE", "MMS", "RCS"]
"""botocore's ``NotifyEnabledChannel`` enum (the schema's ``EnabledChannels`` items)."""
NOTIFY_CHANNELS: tuple[str, ...] = get_args(NotifyChannel)
NotifyUseCase = Literal["CODE_VERIFICATION"]
"""botocore's ``NotifyConfigurationUseCase`` enum: one value in 1.44.8."""
NOTIFY_USE_CASES: tuple[str, ...] = get_args(NotifyUseCase)


class SmsNotifyConfiguration(cdk.Resource):
    """``AWS::SMSVOICE::NotifyConfiguration`` with deletion protection on, retained unless ``on_delete="destroy"``.

    ``display_name`` and ``use_case`` are create-only: changing one replaces the configuration (the old
    one is kept by the default policy). Tagged by the stack's tags like every taggable resource.

    Attributes (tokens): ``notify_configuration_id`` and ``notify_configuration_arn`` (``Fn::GetAtt``);
    ``resource`` is the L1 ``CfnNotifyConfiguration``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        display_name: str,
        enabled_channels: Sequence[NotifyChannel],
        use_case: NotifyUseCase = "CODE_VERIFICATION",
        enabled_countries: Sequence[str] = (),
        deletion_protection: bool = True,
        on_delete: OnDelete = "retain",
    ) -> None:
        """A notify configuration.

        :param display_name: the name recipients see (1-15 letters, digits, spaces, ``_``, ``-``). Required.
        :param enabled_channels: one to four of ``SMS``, ``VOICE``, ``MMS``, ``RCS``, no repeats. Required.
        :param use_case: what the templates are for; the model's only value. Default: ``"CODE_VERIFICATION"``.
        :param enabled_countries: ISO 3166-1 alpha-2 codes to send to. Default: none named (the API's default).
        :param deletion_protection: the API refuses to delete it. Default: True.
        :param on_delete: ``"retain"`` or ``"destroy"``. Default: ``"retain"``.
        """
        super().__init__(scope, id)
        check_choice(self, "on_delete", on_delete, ON_DELETE)
        check_choice(self, "use_case", use_case, NOTIFY_USE_CASES)
        for channel in enabled_channels:
            check_choice(self, "enabled_channels", channel, NOTIFY_CHANNELS)
        if not enabled_channels or len(set(enabled_channels)) != len(enabled_channels):
            raise ValueError(f"{self.node.path}: enabled_channels needs one to four distinct channels")
        self.resource = smsvoice.CfnNotifyConfiguration(
            self,
            "Resource",
            display_name=display_name,
            enabled_channels=sorted(enabled_channels),
            use_case=use_case,
            enabled_countries=sorted(enabled_countries) or None,
            deletion_protection_enabled=deletion_protection,
        )
        apply_on_delete(self.resource, on_delete)
        self.notify_configuration_id = self.resource.attr_notify_configuration_id
        self.notify_configuration_arn = self.resource.attr_notify_configuration_arn
