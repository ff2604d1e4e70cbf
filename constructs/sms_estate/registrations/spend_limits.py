"""``SmsSpendLimits``: the account's monthly spend limits in the stack's region, as code.

Why a custom resource: the limits are set by ``Set<Kind>MessageSpendLimitOverride`` API calls that
neither CloudFormation nor Terraform model. The resource runs on the stack's shared Provider
(``sms_runtime.handlers.spend_limits``): it records each kind's previous state before its first write,
writes only what differs, refuses a value above the account's maximum before any write, and restores the
previous state of a kind that is removed (or of every kind when the construct is).
"""

from __future__ import annotations

import aws_cdk as cdk
from constructs import Construct

from sms_estate.registrations.provider import SmsResourceProvider
from sms_runtime.contract import SPEND_LIMITS_TYPE, SpendLimitsAttrs, SpendLimitsProps

RESOURCE_TYPE = SPEND_LIMITS_TYPE
# botocore's MonthlyLimit shape (whole USD); the account's own MaxLimit is checked at deploy.
MONTHLY_LIMIT_MIN, MONTHLY_LIMIT_MAX = 0, 1_000_000_000


class SmsSpendLimits(cdk.Resource):
    """Monthly spend limits (USD) of this stack's account and region; a kind left as None is not touched.

    One per account and region: two would fight over the same settings, and each would restore its own
    idea of the previous state.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        text: int | None = None,
        voice: int | None = None,
        media: int | None = None,
        notify: int | None = None,
        rcs: int | None = None,
    ) -> None:
        """Set the account's spend limits in this region.

        :param text: monthly limit for text messages (SMS), whole USD. Default: not managed.
        :param voice: monthly limit for voice messages. Default: not managed.
        :param media: monthly limit for media messages (MMS). Default: not managed.
        :param notify: monthly limit for Notify messages. Default: not managed.
        :param rcs: monthly limit for RCS messages. Default: not managed.
        """
        super().__init__(scope, id)
        limits = {
            SpendLimitsProps.TEXT: ("text", text),
            SpendLimitsProps.VOICE: ("voice", voice),
            SpendLimitsProps.MEDIA: ("media", media),
            SpendLimitsProps.NOTIFY: ("notify", notify),
            SpendLimitsProps.RCS: ("rcs", rcs),
        }
        properties: dict[str, int] = {}
        for prop, (name, value) in limits.items():
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{self.node.path}: {name} must be a whole number of USD, got {value!r}")
            if not MONTHLY_LIMIT_MIN <= value <= MONTHLY_LIMIT_MAX:
                raise ValueError(
                    f"{self.node.path}: {name} must be from {MONTHLY_LIMIT_MIN} to {MONTHLY_LIMIT_MAX} USD, got {value}"
                )
            properties[prop] = value
        if not properties:
            raise ValueError(f"{self.node.path}: set at least one of text, voice, media, notify, rcs")
        self.limits = {name: value for name, value in limits.values() if value is not None}
        provider = SmsResourceProvider.of(scope)
        provider.allow_spend_limits()
        self.resource = cdk.CustomResource(
            self, "Resource", service_token=provider.service_token, resource_type=RESOURCE_TYPE, properties=properties
        )

    @property
    def text_limit(self) -> str:
        """The text limit enforced after the deploy (``Fn::GetAtt``; only when ``text`` is set)."""
        return self.resource.get_att_string(SpendLimitsAttrs.TEXT)
