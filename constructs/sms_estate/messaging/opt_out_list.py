"""An opt-out list: the record of who said STOP. Retained by default, whatever happens to the stack."""

from __future__ import annotations

from typing import Protocol

import aws_cdk as cdk
from aws_cdk import aws_smsvoice as smsvoice
from constructs import Construct

from sms_estate.arns import arn_in_stack, resource_name_parts
from sms_estate.interfaces import ISmsResource
from sms_estate.messaging.choices import check_choice
from sms_estate.messaging.retention import ON_DELETE, OnDelete, apply_on_delete

_TYPE = "opt-out-list"


class ISmsOptOutList(ISmsResource, Protocol):
    """An opt-out list, created here (:class:`SmsOptOutList`) or imported (``from_opt_out_list_*``).

    No send grants: the send APIs do not name an opt-out list; a number or pool names it instead.
    """

    @property
    def opt_out_list_name(self) -> str:
        """The list's name (a ``Ref`` token for a created list: passing it creates the list first)."""
        ...

    @property
    def opt_out_list_arn(self) -> str:
        """The list's ARN (``Fn::GetAtt Arn`` for a created list)."""
        ...


class _ImportedOptOutList(cdk.Resource):
    def __init__(self, scope: Construct, id: str, *, opt_out_list_name: str, opt_out_list_arn: str) -> None:
        super().__init__(scope, id, environment_from_arn=opt_out_list_arn)
        self.opt_out_list_name = opt_out_list_name
        self.opt_out_list_arn = opt_out_list_arn


class SmsOptOutList(cdk.Resource):
    """``AWS::SMSVOICE::OptOutList`` kept on deletion and on replacement unless ``on_delete="destroy"``.

    Renaming the list replaces it; with the default policy the old list, and every opted-out number
    in it, stays in the account instead of being deleted.

    Attributes (tokens): ``opt_out_list_name`` (``Ref``), ``opt_out_list_arn`` (``Fn::GetAtt Arn``);
    ``resource`` is the L1 ``CfnOptOutList``.
    """

    def __init__(self, scope: Construct, id: str, *, opt_out_list_name: str, on_delete: OnDelete = "retain") -> None:
        """An opt-out list.

        :param opt_out_list_name: the list's name (letters, digits, ``_`` and ``-``). Required.
        :param on_delete: ``"retain"`` keeps the list (and who said STOP) when it leaves the stack or is
            replaced (also after a failed create: see README "Safety defaults"); ``"destroy"`` deletes it.
            Default: ``"retain"``.
        """
        super().__init__(scope, id)
        check_choice(self, "on_delete", on_delete, ON_DELETE)
        self.resource = smsvoice.CfnOptOutList(self, "Resource", opt_out_list_name=opt_out_list_name)
        apply_on_delete(self.resource, on_delete)  # Retain even after a failed create: see retention.retained
        self.opt_out_list_name: str = self.resource.ref
        self.opt_out_list_arn: str = self.resource.attr_arn

    @staticmethod
    def from_opt_out_list_name(scope: Construct, id: str, opt_out_list_name: str) -> ISmsOptOutList:
        """An existing list by name, in the scope's account and region (``Default`` is the account's own)."""
        arn = arn_in_stack(scope, _TYPE, opt_out_list_name)
        return _ImportedOptOutList(scope, id, opt_out_list_name=opt_out_list_name, opt_out_list_arn=arn)

    @staticmethod
    def from_opt_out_list_arn(scope: Construct, id: str, opt_out_list_arn: str) -> ISmsOptOutList:
        """An existing list by ARN (``arn:aws:sms-voice:REGION:ACCOUNT:opt-out-list/NAME``)."""
        [name] = resource_name_parts(f"{scope.node.path}/{id}", opt_out_list_arn, _TYPE, 1)
        return _ImportedOptOutList(scope, id, opt_out_list_name=name, opt_out_list_arn=opt_out_list_arn)
