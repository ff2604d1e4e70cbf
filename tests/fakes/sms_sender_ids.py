"""The sender ID part of the SMS fake: sender IDs a registration provisions when it is approved.

Rules modelled (botocore 1.44.8 and the API reference): a registration type whose ``SupportedAssociations``
has a ``SENDER_ID`` entry with ``ASSOCIATE_ON_APPROVAL`` provisions its sender ID once approved ("the
sender ID will be automatically provisioned once the registration is approved"); the sender ID is read
from the approved version's ``senderIdInfo.senderId`` field (the reconstructed Singapore form) and is
then listed by ``DescribeSenderIds`` with ``Registered: true`` and the ``RegistrationId``, and among the
registration's associations. ``DescribeSenderIds`` for a sender ID that does not exist answers
``ResourceNotFoundException``, as it does for phone numbers.
"""

from __future__ import annotations

from typing import Any, Protocol

from fakes.api_error import ApiError

SENDER_ID_FIELD = "senderIdInfo.senderId"


class _Registration(Protocol):
    id: str
    type: str
    associations: list[str]


class _Version(Protocol):
    values: dict[str, dict[str, Any]]


class SenderIds:
    """Sender IDs of one account and region, keyed ``"<SENDERID>:<ISO>"`` (also their association ID)."""

    region: str
    account: str
    type_definitions: dict[str, list[dict[str, str]]]
    tags: dict[str, list[dict[str, str]]]

    def _init_sender_ids(self) -> None:
        self.sender_ids: dict[str, dict[str, Any]] = {}

    def provision_on_approval(self, registration: _Registration, version: _Version) -> None:
        """Provision the sender ID of an approved sender ID registration (nothing for other types)."""
        for entry in self.type_definitions.get(registration.type, []):
            if entry["ResourceType"] != "SENDER_ID" or entry["AssociationBehavior"] != "ASSOCIATE_ON_APPROVAL":
                continue
            sender = str(version.values.get(SENDER_ID_FIELD, {}).get("TextValue", ""))
            country = entry.get("IsoCountryCode", "")
            if not sender:
                continue
            key = f"{sender}:{country}"
            arn = f"arn:aws:sms-voice:{self.region}:{self.account}:sender-id/{sender}/{country}"
            self.sender_ids[key] = {
                "SenderIdArn": arn,
                "SenderId": sender,
                "IsoCountryCode": country,
                "MessageTypes": ["TRANSACTIONAL"],
                "MonthlyLeasingPrice": "0.00",
                "DeletionProtectionEnabled": False,
                "Registered": True,
                "RegistrationId": registration.id,
            }
            self.tags.setdefault(arn, [])
            if key not in registration.associations:
                registration.associations.append(key)

    def sender_id_association(self, key: str) -> dict[str, Any]:
        """A ``RegistrationAssociationMetadata`` item for a sender ID association."""
        sender = self.sender_ids[key]
        return {
            "ResourceArn": sender["SenderIdArn"],
            "ResourceId": sender["SenderId"],
            "ResourceType": "sender-id",
            "IsoCountryCode": sender["IsoCountryCode"],
        }

    def _op_describe_sender_ids(self, params: dict[str, Any]) -> dict[str, Any]:
        wanted = params.get("SenderIds")
        if wanted:
            found = []
            for item in wanted:
                key = f"{item['SenderId']}:{item['IsoCountryCode']}"
                if key not in self.sender_ids:
                    raise ApiError("ResourceNotFoundException", f"no sender ID {key}", ResourceId=item["SenderId"])
                found.append(dict(self.sender_ids[key]))
        else:
            found = [dict(s) for s in self.sender_ids.values()]
        return self._page(found, "SenderIds", params)

    def _page(self, items: list[dict[str, Any]], key: str, params: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError  # FakeSmsApi's
