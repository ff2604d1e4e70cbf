"""A phone pool: numbers (and sender IDs) sharing keywords, opt-out list and two-way settings.

A pool is also the only failover the service offers: if one member cannot send, the pool uses
another. Members must agree with the first on message type, opt-out list, two-way and self-managed
opt-outs; the YAML app's config loader checks that before anything is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_smsvoice as smsvoice
from constructs import Construct

from sms_estate.arns import arn_in_stack, resource_name_parts
from sms_estate.grants import SendGrants
from sms_estate.interfaces import ISmsResource
from sms_estate.messaging.choices import KEYWORD_ACTIONS, KeywordAction, check_choice
from sms_estate.messaging.retention import ON_DELETE, OnDelete, apply_on_delete

_TYPE = "pool"


class ISmsPool(ISmsResource, Protocol):
    """A pool, created here (:class:`SmsPool`) or imported (:meth:`SmsPool.from_pool_arn`)."""

    @property
    def pool_id(self) -> str:
        """The pool's ID (``pool-…``), a token for a created pool."""
        ...

    @property
    def pool_arn(self) -> str:
        """The pool's ARN, a token for a created pool."""
        ...

    def grant_send_text_message(self, grantee: iam.IGrantable) -> iam.Grant: ...
    def grant_send_voice_message(self, grantee: iam.IGrantable) -> iam.Grant: ...
    def grant_send_media_message(self, grantee: iam.IGrantable) -> iam.Grant: ...


@dataclass(frozen=True)
class PoolKeyword:
    """An optional keyword of a pool: what to reply when someone texts ``keyword``, and what it does."""

    keyword: str
    """The word (not HELP or STOP: those are the mandatory keywords), at most 30 characters."""
    message: str
    """The reply, at most 1600 characters."""
    action: KeywordAction
    """``AUTOMATIC_RESPONSE`` (reply only), ``OPT_OUT`` or ``OPT_IN`` (reply and change the sender's status)."""


class _PoolBase(cdk.Resource, SendGrants):
    """What created and imported pools share: the two attributes and the send grants on the pool ARN."""

    pool_id: str
    pool_arn: str

    def _grant_arns(self) -> list[str]:
        return [self.pool_arn]


class _ImportedPool(_PoolBase):
    def __init__(self, scope: Construct, id: str, *, pool_id: str, pool_arn: str) -> None:
        super().__init__(scope, id, environment_from_arn=pool_arn)
        self.pool_id = pool_id
        self.pool_arn = pool_arn


class SmsPool(_PoolBase):
    """``AWS::SMSVOICE::Pool`` with deletion protection on and retained on stack deletion by default.

    Attributes (tokens): ``pool_id`` (``Fn::GetAtt PoolId``), ``pool_arn`` (``Fn::GetAtt Arn``);
    ``resource`` is the L1 ``CfnPool``. Grants: :meth:`grant_send_text_message`,
    :meth:`grant_send_voice_message`, :meth:`grant_send_media_message`, each scoped to this pool's ARN
    (a sender also needs the grant on the configuration set it names).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        name: str,
        origination_identities: Sequence[str],
        help_message: str,
        stop_message: str,
        sender_ids: Sequence[str] = (),
        keywords: Sequence[PoolKeyword] = (),
        opt_out_list_name: str | None = None,
        two_way_channel_arn: str | None = None,
        two_way_channel_role_arn: str | None = None,
        self_managed_opt_outs: bool = False,
        shared_routes: bool = False,
        deletion_protection: bool = True,
        on_delete: OnDelete = "retain",
    ) -> None:
        """A pool of numbers (and sender IDs) created with its first number's settings.

        :param name: the pool's ``Name`` tag (what the console shows; the API names pools by ID). Required.
        :param origination_identities: the member numbers' ARNs (``phone_number.phone_number_arn``); the
            pool is created with the first and takes its message type, opt-out list and two-way settings.
            Required, at least one.
        :param help_message: the reply to HELP. Required.
        :param stop_message: the reply to STOP. Required.
        :param sender_ids: sender ID ARNs (``sender.sender_id_arn``), listed after the numbers: a sender ID
            carries none of the settings the pool inherits. Default: none.
        :param keywords: optional keywords beyond HELP and STOP. Default: none.
        :param opt_out_list_name: the opt-out list (``opt_out_list.opt_out_list_name``, so the list is
            created first). Default: the account's ``Default`` list.
        :param two_way_channel_arn: turns two-way on, replies going to this SNS topic or Connect channel.
            Default: two-way off.
        :param two_way_channel_role_arn: the role the service assumes to post replies. Default: none.
        :param self_managed_opt_outs: True leaves HELP/STOP replies and opt-out tracking to you. Default: False.
        :param shared_routes: send through shared routes where a country allows them. Default: False.
        :param deletion_protection: the API refuses to delete the pool. Default: True.
        :param on_delete: ``"retain"`` keeps the pool when it leaves the stack or is replaced; ``"destroy"``
            deletes it. Default: ``"retain"``.
        """
        super().__init__(scope, id)
        check_choice(self, "on_delete", on_delete, ON_DELETE)
        for keyword in keywords:
            check_choice(self, f"keyword {keyword.keyword!r} action", keyword.action, KEYWORD_ACTIONS)
        if not origination_identities:
            raise ValueError(f"{self.node.path}: a pool needs at least one number, listed before its sender IDs")
        if two_way_channel_role_arn and not two_way_channel_arn:
            raise ValueError(f"{self.node.path}: two_way_channel_role_arn needs a two_way_channel_arn")
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
        self.pool_arn = self.resource.attr_arn

    @staticmethod
    def from_pool_arn(scope: Construct, id: str, pool_arn: str) -> ISmsPool:
        """An existing pool by ARN (``arn:aws:sms-voice:REGION:ACCOUNT:pool/POOL_ID``); its ID is read from it."""
        return SmsPool.from_pool_attributes(scope, id, pool_arn=pool_arn)

    @staticmethod
    def from_pool_attributes(
        scope: Construct, id: str, *, pool_id: str | None = None, pool_arn: str | None = None
    ) -> ISmsPool:
        """An existing pool by ID, ARN or both.

        :param pool_id: the pool's ID. Default: read from ``pool_arn``.
        :param pool_arn: the pool's ARN. Default: built from ``pool_id`` in the scope's account and region.
        """
        if pool_arn is None:
            if pool_id is None:
                raise ValueError(f"{scope.node.path}/{id}: give pool_id, pool_arn or both")
            pool_arn = arn_in_stack(scope, _TYPE, pool_id)
        elif pool_id is None:
            [pool_id] = resource_name_parts(f"{scope.node.path}/{id}", pool_arn, _TYPE, 1)
        return _ImportedPool(scope, id, pool_id=pool_id, pool_arn=pool_arn)
