"""Grant helpers shared by every SMS construct: one send action per verb, scoped to resource ARNs.

Why one module: pools, phone numbers, sender IDs and configuration sets all authorise the same send
actions (``sms-voice:Send*Message``), each against its own ARN. A sending service needs the action on
*every* resource named in its call (the origination identity and the configuration set), so each
construct grants on its own ARN and the caller grants on each resource it sends through.

Which resource types a verb can name comes from botocore's ``pinpoint-sms-voice-v2`` model
(``OriginationIdentity`` of each operation): text and media may originate from a phone number, a
sender ID or a pool; voice only from a phone number or a pool (a sender ID cannot place a call). A
configuration set can be named by all three.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from aws_cdk import aws_iam as iam

SEND_TEXT_MESSAGE: Final = "sms-voice:SendTextMessage"
"""``SendTextMessage``: SMS from a phone number, sender ID or pool, through a configuration set."""

SEND_VOICE_MESSAGE: Final = "sms-voice:SendVoiceMessage"
"""``SendVoiceMessage``: a call from a phone number or pool (not a sender ID), through a configuration set."""

SEND_MEDIA_MESSAGE: Final = "sms-voice:SendMediaMessage"
"""``SendMediaMessage``: MMS from a phone number, sender ID or pool, through a configuration set."""


def grant_on(grantee: iam.IGrantable, actions: Sequence[str], resource_arns: Sequence[str]) -> iam.Grant:
    """Add ``actions`` on exactly ``resource_arns`` to ``grantee``'s identity policy.

    Identity policy only (``Grant.add_to_principal``): the service has resource policies, but only
    for cross-account sharing, and a same-account grant never needs one. Raises ``ValueError`` for an
    empty action or resource list, which would otherwise render a statement that grants nothing (or,
    with ``"*"``, everything).
    """
    if not actions:
        raise ValueError("grant_on needs at least one action")
    if not resource_arns:
        raise ValueError("grant_on needs at least one resource ARN")
    return iam.Grant.add_to_principal(grantee=grantee, actions=list(actions), resource_arns=list(resource_arns))


class TextAndMediaGrants:
    """``grant_send_text_message`` and ``grant_send_media_message`` on the ARNs of ``_grant_arns()``.

    A mixin for constructs a message can originate from or be sent through (pools, phone numbers,
    sender IDs, configuration sets); each says which ARN it authorises by implementing ``_grant_arns``.
    """

    def _grant_arns(self) -> list[str]:
        raise NotImplementedError  # each construct names its own ARN

    def grant_send_text_message(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let ``grantee`` call ``SendTextMessage`` naming this resource (``sms-voice:SendTextMessage``)."""
        return grant_on(grantee, [SEND_TEXT_MESSAGE], self._grant_arns())

    def grant_send_media_message(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let ``grantee`` call ``SendMediaMessage`` naming this resource (``sms-voice:SendMediaMessage``)."""
        return grant_on(grantee, [SEND_MEDIA_MESSAGE], self._grant_arns())


class SendGrants(TextAndMediaGrants):
    """All three send grants: text, media and voice (a sender ID has no voice: it cannot place a call)."""

    def grant_send_voice_message(self, grantee: iam.IGrantable) -> iam.Grant:
        """Let ``grantee`` call ``SendVoiceMessage`` naming this resource (``sms-voice:SendVoiceMessage``)."""
        return grant_on(grantee, [SEND_VOICE_MESSAGE], self._grant_arns())
