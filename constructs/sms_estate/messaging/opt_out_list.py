"""An opt-out list: the record of who said STOP. Retained by default, whatever happens to the stack."""

from __future__ import annotations

from aws_cdk import aws_smsvoice as smsvoice
from constructs import Construct

from sms_estate.messaging.retention import OnDelete, apply_on_delete


class SmsOptOutList(Construct):
    """``AWS::SMSVOICE::OptOutList`` kept on deletion and on replacement unless ``on_delete="destroy"``.

    Renaming the list replaces it; with the default policy the old list, and every opted-out number
    in it, stays in the account instead of being deleted.
    """

    def __init__(self, scope: Construct, id: str, *, name: str, on_delete: OnDelete = "retain") -> None:
        super().__init__(scope, id)
        self.name = name
        self.resource = smsvoice.CfnOptOutList(self, "Resource", opt_out_list_name=name)
        apply_on_delete(self.resource, on_delete)
        self.arn = self.resource.attr_arn
