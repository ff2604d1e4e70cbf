"""A phone pool: numbers (and sender IDs) sharing keywords, opt-out list and two-way settings.

A pool is also the only failover the service offers: if one member cannot send, the pool uses
another. Members must agree with the first on message type, opt-out list, two-way and self-managed
opt-outs; the config loader checks that before anything is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import aws_cdk as cdk
from aws_cdk import aws_smsvoice as smsvoice
from constructs import Construct

from sms_estate.messaging.retention import OnDelete, apply_on_delete


@dataclass(frozen=True)
class PoolKeyword:
    keyword: str
    message: str
    action: str  # AUTOMATIC_RESPONSE | OPT_OUT | OPT_IN


class SmsPool(Construct):
    """``AWS::SMSVOICE::Pool`` with deletion protection on and retained on stack deletion by default."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        origination_identities: Sequence[str],
        help_message: str,
        sender_ids: Sequence[str] = (),
        stop_message: str,
        keywords: Sequence[PoolKeyword] = (),
        opt_out_list_name: str | None = None,
        two_way_channel_arn: str | None = None,
        two_way_channel_role_arn: str | None = None,
        self_managed_opt_outs: bool = False,
        shared_routes: bool = False,
        deletion_protection: bool = True,
        on_delete: OnDelete = "retain",
    ) -> None:
        """``origination_identities`` are the member numbers' ARNs; ``sender_ids`` (default none) are sender
        ID ARNs, listed after the numbers: the pool is created with the first identity and takes its
        settings from it (message type, opt-out list, two-way), which a sender ID does not carry."""
        super().__init__(scope, id)
        if not origination_identities:
            raise ValueError(f"{self.node.path}: a pool needs at least one number, listed before its sender IDs")
        two_way = (
            smsvoice.CfnPool.TwoWayProperty(
                enabled=True, channel_arn=two_way_channel_arn, channel_role=two_way_channel_role_arn
            )
            if two_way_channel_arn
            else None
        )
        self.resource = smsvoice.CfnPool(
            self,
            "Resource",
            origination_identities=[*origination_identities, *sender_ids],
            mandatory_keywords=smsvoice.CfnPool.MandatoryKeywordsProperty(
                help=smsvoice.CfnPool.MandatoryKeywordProperty(message=help_message),
                stop=smsvoice.CfnPool.MandatoryKeywordProperty(message=stop_message),
            ),
            optional_keywords=[
                smsvoice.CfnPool.OptionalKeywordProperty(keyword=k.keyword, message=k.message, action=k.action)
                for k in keywords
            ]
            or None,
            opt_out_list_name=opt_out_list_name,
            two_way=two_way,
            self_managed_opt_outs_enabled=self_managed_opt_outs,
            shared_routes_enabled=shared_routes,
            deletion_protection_enabled=deletion_protection,
            tags=[cdk.CfnTag(key="Name", value=name)],
        )
        apply_on_delete(self.resource, on_delete)
        self.pool_id = self.resource.attr_pool_id
        self.arn = self.resource.attr_arn
