"""A verified destination number: a phone a sandbox account may text before it leaves the sandbox.

``AWS::SMSVOICE::VerifiedDestinationNumber`` only registers the number: it starts ``PENDING``, and
becomes ``VERIFIED`` when a person who holds the phone reads the one-time code
(``SendDestinationNumberVerificationCode``) and gives it back (``VerifyDestinationNumber``). That last
step is never automated here: the code reaches the phone, not the stack. ``sms-estate status`` lists
the numbers still waiting for it.
"""

from __future__ import annotations

import re

import aws_cdk as cdk
from aws_cdk import aws_smsvoice as smsvoice
from constructs import Construct

from sms_estate.messaging.choices import check_choice
from sms_estate.messaging.retention import ON_DELETE, OnDelete, apply_on_delete
from sms_runtime.decision_log import mask_phone_number

# The CloudFormation schema's and botocore's ``PhoneNumber`` pattern, with the ``+`` that E.164 requires.
E164 = re.compile(r"\+[1-9][0-9]{1,18}")


class SmsVerifiedDestinationNumber(Construct):
    """``AWS::SMSVOICE::VerifiedDestinationNumber``, retained unless ``on_delete="destroy"``.

    Retained by default because a deleted number loses its verification: recreating it sends a
    person through the code again. The number is create-only (a change replaces the resource).

    Attributes (tokens): ``verified_destination_number_id`` (``Fn::GetAtt``, what
    ``SendDestinationNumberVerificationCode`` and ``VerifyDestinationNumber`` take),
    ``verified_destination_number_arn`` (``Fn::GetAtt``); ``resource`` is the L1.
    """

    def __init__(
        self, scope: Construct, id: str, *, destination_phone_number: str, on_delete: OnDelete = "retain"
    ) -> None:
        """A number to verify.

        :param destination_phone_number: E.164 (``+`` and up to 19 digits); anything else raises ``ValueError``
            showing its last 4 characters only. Required.
        :param on_delete: ``"retain"`` keeps the number (and its verification) when it leaves the stack;
            ``"destroy"`` deletes it. Default: ``"retain"``.
        """
        super().__init__(scope, id)
        check_choice(self, "on_delete", on_delete, ON_DELETE)
        if not cdk.Token.is_unresolved(destination_phone_number) and not E164.fullmatch(destination_phone_number):
            raise ValueError(f"{self.node.path}: {mask_phone_number(destination_phone_number)} is not an E.164 number")
        self.resource = smsvoice.CfnVerifiedDestinationNumber(
            self, "Resource", destination_phone_number=destination_phone_number
        )
        apply_on_delete(self.resource, on_delete)
        self.verified_destination_number_arn: str = self.resource.attr_verified_destination_number_arn
        self.verified_destination_number_id: str = self.resource.attr_verified_destination_number_id
