"""What a protect configuration takes by API call only: being the account default, and per-number overrides.

Why custom resources: ``AWS::SMSVOICE::ProtectConfiguration`` models neither
``SetAccountDefaultProtectConfiguration`` (the configuration that protects sends naming no configuration
set, such as Cognito's direct path) nor ``PutProtectConfigurationRuleSetNumberOverride``. Both run on the
stack's shared Provider (``sms_runtime.handlers.account_default_protect`` and ``.protect_number_overrides``):
they write only what differs, and removing them gives the account back what it had (the previous default;
no overrides of ours, never touching anyone else's).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

import aws_cdk as cdk
from constructs import Construct

from sms_estate.registrations.provider import SmsResourceProvider
from sms_runtime.contract import (
    ACCOUNT_DEFAULT_PROTECT_TYPE,
    PROTECT_NUMBER_OVERRIDES_TYPE,
    AccountDefaultProtectProps,
    NumberOverrideKeys,
    ProtectNumberOverridesProps,
)
from sms_runtime.decision_log import mask_phone_number

OverrideAction = Literal["ALLOW", "BLOCK"]
"""botocore's ``ProtectConfigurationRuleOverrideAction`` enum (a test keeps them equal)."""
OVERRIDE_ACTIONS: tuple[str, ...] = get_args(OverrideAction)
# E.164: botocore's ``PhoneNumber`` pattern (``\\+?[1-9][0-9]{1,18}``) with the plus required.
E164 = re.compile(r"\+[1-9][0-9]{1,18}")
_EXPIRY = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


@dataclass(frozen=True)
class NumberOverride:
    """One destination number's override of a protect configuration's country rules.

    :param destination: the number, E.164 (``+12065550100``).
    :param action: ``ALLOW`` (send even where the country rule blocks) or ``BLOCK``.
    :param expires: ISO 8601 UTC (``2027-01-31T00:00:00Z``); default None: never. Once past, the override
        stops applying and a later deploy does not put it again.
    """

    destination: str
    action: OverrideAction
    expires: str | None = None

    def problems(self) -> list[str]:
        """What is wrong with this override (empty: nothing); numbers appear masked."""
        found = []
        if not E164.fullmatch(self.destination):
            found.append(
                f"destination {mask_phone_number(self.destination)} is not an E.164 number (+ and 2 to 19 digits)"
            )
        if self.action not in OVERRIDE_ACTIONS:
            found.append(f"action must be one of {', '.join(OVERRIDE_ACTIONS)}, got {self.action!r}")
        if self.expires is not None and not _valid_expiry(self.expires):
            found.append(f"expires must be like 2027-01-31T00:00:00Z (UTC), got {self.expires!r}")
        return found


def _valid_expiry(value: str) -> bool:
    if not _EXPIRY.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value[:-1] + "+00:00")
    except ValueError:
        return False
    return True


class SmsAccountDefaultProtectConfiguration(cdk.Resource):
    """Makes one protect configuration the account's (and region's) default.

    One per account and region: a second one in the same account and region takes the default over (and
    gives it back when removed). Removing it restores the default found at its creation.
    """

    def __init__(self, scope: Construct, id: str, *, protect_configuration_id: str) -> None:
        """:param protect_configuration_id: the configuration's ID, preferably its ``Fn::GetAtt``. Required."""
        super().__init__(scope, id)
        provider = SmsResourceProvider.of(scope)
        provider.allow_account_default_protect()
        self.resource = cdk.CustomResource(
            self,
            "Resource",
            service_token=provider.service_token,
            resource_type=ACCOUNT_DEFAULT_PROTECT_TYPE,
            properties={AccountDefaultProtectProps.PROTECT_CONFIGURATION_ID: protect_configuration_id},
        )


class SmsProtectNumberOverrides(cdk.Resource):
    """The per-number overrides one protect configuration declares (others' overrides are left alone)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        protect_configuration_id: str,
        protect_configuration_arn: str,
        overrides: Sequence[NumberOverride],
    ) -> None:
        """Declare the overrides of one protect configuration.

        :param protect_configuration_id: the configuration's ID, preferably its ``Fn::GetAtt``. Required.
        :param protect_configuration_arn: its ARN; the handler may change this configuration's overrides only.
        :param overrides: at least one; each number once. Removing the construct deletes them.
        """
        super().__init__(scope, id)
        numbers = [o.destination for o in overrides]
        problems = [problem for o in overrides for problem in o.problems()]
        if not overrides:
            problems.append("declare at least one override")
        if len(set(numbers)) != len(numbers):
            problems.append("a destination is declared twice")
        if problems:
            raise ValueError(f"{self.node.path}: " + "; ".join(problems))
        provider = SmsResourceProvider.of(scope)
        provider.allow_protect_number_overrides(protect_configuration_arn)
        entries = []
        for override in sorted(overrides, key=lambda o: o.destination):  # a reordered config is no change
            entry = {
                NumberOverrideKeys.DESTINATION_PHONE_NUMBER: override.destination,
                NumberOverrideKeys.ACTION: override.action,
            }
            if override.expires:
                entry[NumberOverrideKeys.EXPIRATION_TIMESTAMP] = override.expires
            entries.append(entry)
        self.resource = cdk.CustomResource(
            self,
            "Resource",
            service_token=provider.service_token,
            resource_type=PROTECT_NUMBER_OVERRIDES_TYPE,
            properties={
                ProtectNumberOverridesProps.PROTECT_CONFIGURATION_ID: protect_configuration_id,
                ProtectNumberOverridesProps.OVERRIDES: entries,
            },
        )
