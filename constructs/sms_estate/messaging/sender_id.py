"""A sender ID: an alphanumeric origination identity for the countries that allow one."""

from __future__ import annotations

from aws_cdk import aws_smsvoice as smsvoice
from constructs import Construct

from sms_estate.messaging.retention import OnDelete, apply_on_delete


class SmsSenderId(Construct):
    """``AWS::SMSVOICE::SenderId`` with deletion protection on and retained on stack deletion."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        sender_id: str,
        iso_country_code: str,
        deletion_protection: bool = True,
        on_delete: OnDelete = "retain",
    ) -> None:
        super().__init__(scope, id)
        self.resource = smsvoice.CfnSenderId(
            self,
            "Resource",
            sender_id=sender_id,
            iso_country_code=iso_country_code,
            deletion_protection_enabled=deletion_protection,
        )
        apply_on_delete(self.resource, on_delete)
        self.arn = self.resource.attr_arn
