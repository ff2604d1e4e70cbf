"""An RCS agent: the brand identity RCS messages are sent from (``AWS::SMSVOICE::RcsAgent``).

Thin: only the properties whose meaning the CloudFormation schema and botocore's model
(``CreateRcsAgent``/``UpdateRcsAgent``) both pin down. A new agent is ``CREATED``; testing and
country-launch registrations, not this resource, move it on. Left out, and why:

- ``TwoWayEnabled``, ``TwoWayChannelArn``, ``TwoWayChannelRole``: neither source says which channel
  kinds an RCS agent accepts (the ARN pattern is ``\\S+``), and ``CreateRcsAgent`` takes none of them;
- ``TwoWayRcsEventsEnabled``: the event names are free strings (no enum), only ``ALL`` is described;
- ``TwoWayMediaS3BucketName``/``KeyPrefix``/``Role``: clearing them needs the model's
  ``UNSET_RCS_MEDIA_CONFIGURATION`` sentinel, which the schema's patterns forbid, so removing the keys
  from a config has no confirmed effect.

No ``from_*`` import: neither source states the ARN's resource type.
"""

from __future__ import annotations

import re

import aws_cdk as cdk
from aws_cdk import aws_smsvoice as smsvoice
from constructs import Construct

from sms_estate.messaging.choices import check_choice
from sms_estate.messaging.retention import ON_DELETE, OnDelete, apply_on_delete

# The schema's ``OptOutListName`` pattern and length (the model also takes an ARN; a name is what this package has).
_OPT_OUT_LIST_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


class SmsRcsAgent(cdk.Resource):
    """``AWS::SMSVOICE::RcsAgent`` with deletion protection on, retained unless ``on_delete="destroy"``.

    Tagged by the stack's tags like every taggable resource. Attributes (tokens): ``rcs_agent_id`` and
    ``rcs_agent_arn`` (``Fn::GetAtt``); ``resource`` is the L1 ``CfnRcsAgent``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        opt_out_list_name: str | None = None,
        self_managed_opt_outs: bool = False,
        deletion_protection: bool = True,
        on_delete: OnDelete = "retain",
    ) -> None:
        """An RCS agent.

        :param opt_out_list_name: the opt-out list its recipients' STOPs go to (a name or a ``Ref`` token).
            Default: none named (the account's default list).
        :param self_managed_opt_outs: you answer HELP and STOP and keep the opt-outs yourself. Default: False.
        :param deletion_protection: the API refuses to delete the agent. Default: True.
        :param on_delete: ``"retain"`` or ``"destroy"``. Default: ``"retain"``.
        """
        super().__init__(scope, id)
        check_choice(self, "on_delete", on_delete, ON_DELETE)
        name = opt_out_list_name
        if name is not None and not cdk.Token.is_unresolved(name) and not _OPT_OUT_LIST_NAME.fullmatch(name):
            raise ValueError(f"{self.node.path}: opt_out_list_name {name!r} is not an opt-out list name")
        self.resource = smsvoice.CfnRcsAgent(
            self,
            "Resource",
            opt_out_list_name=opt_out_list_name,
            self_managed_opt_outs_enabled=self_managed_opt_outs,
            deletion_protection_enabled=deletion_protection,
        )
        apply_on_delete(self.resource, on_delete)
        self.rcs_agent_id: str = self.resource.attr_rcs_agent_id
        self.rcs_agent_arn: str = self.resource.attr_rcs_agent_arn
