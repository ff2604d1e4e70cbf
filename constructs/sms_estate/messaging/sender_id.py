"""A sender ID: an alphanumeric origination identity for the countries that allow one."""

from __future__ import annotations

from typing import Protocol

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_smsvoice as smsvoice
from constructs import Construct

from sms_estate.arns import resource_name_parts
from sms_estate.grants import TextAndMediaGrants
from sms_estate.interfaces import ISmsResource
from sms_estate.messaging.choices import check_choice
from sms_estate.messaging.retention import ON_DELETE, OnDelete, apply_on_delete

_TYPE = "sender-id"


class ISmsSenderId(ISmsResource, Protocol):
    """A sender ID, created here (:class:`SmsSenderId`) or imported (:meth:`SmsSenderId.from_sender_id_arn`).

    Text and media grants only: ``SendVoiceMessage`` cannot originate from a sender ID.
    """

    @property
    def sender_id(self) -> str:
        """The sender ID text (read from the ARN: a token for a created sender ID)."""
        ...

    @property
    def sender_id_arn(self) -> str:
        """The ARN, ``arn:aws:sms-voice:REGION:ACCOUNT:sender-id/SENDER_ID/COUNTRY``."""
        ...

    @property
    def iso_country_code(self) -> str:
        """The country the sender ID is registered for (two letters)."""
        ...

    def grant_send_text_message(self, grantee: iam.IGrantable) -> iam.Grant: ...
    def grant_send_media_message(self, grantee: iam.IGrantable) -> iam.Grant: ...


class _SenderIdBase(cdk.Resource, TextAndMediaGrants):
    sender_id: str
    sender_id_arn: str
    iso_country_code: str

    def _grant_arns(self) -> list[str]:
        return [self.sender_id_arn]

    def _read_arn(self, arn: str) -> None:
        self.sender_id_arn = arn
        self.sender_id, self.iso_country_code = resource_name_parts(self.node.path, arn, _TYPE, 2)


class _ImportedSenderId(_SenderIdBase):
    def __init__(self, scope: Construct, id: str, sender_id_arn: str) -> None:
        super().__init__(scope, id, environment_from_arn=sender_id_arn)
        self._read_arn(sender_id_arn)


class SmsSenderId(_SenderIdBase):
    """``AWS::SMSVOICE::SenderId`` with deletion protection on and retained on stack deletion.

    Attributes (tokens): ``sender_id_arn`` (``Fn::GetAtt Arn``), ``sender_id`` and ``iso_country_code``
    (read from that ARN, so they carry the dependency too); ``resource`` is the L1 ``CfnSenderId``.
    Grants: :meth:`grant_send_text_message`, :meth:`grant_send_media_message` on this ARN.
    """

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
        """A sender ID for one country.

        :param sender_id: the text recipients see (capital letters, digits, ``_`` and ``-``). Required.
        :param iso_country_code: the country, ISO 3166-1 alpha-2. Required.
        :param deletion_protection: the API refuses to delete the sender ID. Default: True.
        :param on_delete: ``"retain"`` keeps it when it leaves the stack or is replaced; ``"destroy"``
            deletes it. Default: ``"retain"``.
        """
        super().__init__(scope, id)
        check_choice(self, "on_delete", on_delete, ON_DELETE)
        self.resource = smsvoice.CfnSenderId(
            self,
            "Resource",
            sender_id=sender_id,
            iso_country_code=iso_country_code,
            deletion_protection_enabled=deletion_protection,
        )
        apply_on_delete(self.resource, on_delete)
        self._read_arn(self.resource.attr_arn)

    @staticmethod
    def from_sender_id_arn(scope: Construct, id: str, sender_id_arn: str) -> ISmsSenderId:
        """An existing sender ID by ARN (``arn:aws:sms-voice:REGION:ACCOUNT:sender-id/SENDER_ID/COUNTRY``)."""
        return _ImportedSenderId(scope, id, sender_id_arn)
