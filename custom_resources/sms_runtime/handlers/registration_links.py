"""What a registration names besides its numbers: other registrations, and the sender IDs it registers (issue 18).

Linked registrations. A 10DLC campaign and a brand vetting name their brand by an association, not a
field: ``CreateRegistrationAssociation(RegistrationId=<campaign>, ResourceId=<brand>)``, governed by the
type's ``SupportedAssociations`` entry whose ``ResourceType`` is the brand's registration type
(``ASSOCIATE_BEFORE_SUBMIT``). The brand must be approved (COMPLETE) first. Until it is, the link is a
missing *prerequisite*: the handler puts the fields into the draft but does not submit
(:func:`sms_runtime.registration.lifecycle.intent`) and reports ``WaitingFor``; the deploy after the
approval (the review state changes, CloudFormation sends an Update) associates and submits.

Sender IDs. A Singapore sender ID registration's entry is ``{SENDER_ID, SG, ASSOCIATE_ON_APPROVAL}``: the
service provisions the sender ID itself when it approves the registration, so there is nothing to call
before; afterwards ``DescribeSenderIds`` shows it ``Registered`` with this ``RegistrationId``, and its ARN
is reported (``SenderIdArns``). Other behaviours for sender IDs are refused before any write: nothing
here knows how the service expects them.

Everything that can be refused is checked by :func:`check` with reads only, before the handler writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from sms_runtime.contract import RegistrationProps, SenderIdKeys
from sms_runtime.decision_log import record_action
from sms_runtime.handlers.request import HandlerError
from sms_runtime.registration import live_rules
from sms_runtime.sms_client import Api, error_code, error_reason

_KNOWN_BEHAVIOURS = (
    live_rules.ASSOCIATE_BEFORE_SUBMIT,
    live_rules.ASSOCIATE_ON_APPROVAL,
    live_rules.ASSOCIATE_AFTER_COMPLETE,
)


@dataclass(frozen=True)
class SenderIdRef:
    """One entry of ``SenderIds``: a sender ID and the country it is registered in."""

    sender_id: str
    iso_country_code: str

    @property
    def key(self) -> str:
        """``"<SenderId>:<IsoCountryCode>"``, the key of ``SenderIdArns``."""
        return f"{self.sender_id}:{self.iso_country_code}"


def parse_sender_ids(props: Mapping[str, Any]) -> tuple[SenderIdRef, ...]:
    """The ``SenderIds`` property (absent: none); a malformed entry fails before anything is written."""
    value = props.get(RegistrationProps.SENDER_IDS) or []
    keys = (SenderIdKeys.SENDER_ID, SenderIdKeys.ISO_COUNTRY_CODE)
    if not isinstance(value, list):
        raise HandlerError(f"property {RegistrationProps.SENDER_IDS} must be a list of {{{', '.join(keys)}}}")
    found = []
    for entry in value:
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) and entry.get(k) for k in keys):
            raise HandlerError(f"each entry of {RegistrationProps.SENDER_IDS} needs {' and '.join(keys)}")
        found.append(SenderIdRef(entry[SenderIdKeys.SENDER_ID], entry[SenderIdKeys.ISO_COUNTRY_CODE]))
    return tuple(found)


@dataclass(frozen=True)
class Link:
    """A registration this one must be associated with, as it is now."""

    registration_id: str
    registration_type: str
    complete: bool  # approved: only then can it be associated
    rule: live_rules.AssociationRule

    @property
    def blocks_submit(self) -> bool:
        """Due before submit and impossible yet: the registration must not be submitted without it."""
        return self.rule.association == live_rules.ASSOCIATE_BEFORE_SUBMIT and not self.complete

    def waiting_for(self) -> str:
        return f"approval of registration {self.registration_id} ({self.registration_type})"


def check(
    api: Api, registration_type: str, linked_ids: Sequence[str], sender_ids: Sequence[SenderIdRef]
) -> tuple[Link, ...]:
    """Read every linked registration and the type's live rules; refuse what the type cannot do.

    Reads only, and none when there is nothing to check (toll-free costs nothing more). Raises
    :class:`HandlerError` naming the registration or sender ID and what to change.
    """
    if not linked_ids and not sender_ids:
        return ()
    rules = live_rules.supported_associations(api, registration_type)
    for sender in sender_ids:
        _require_sender_rule(rules, registration_type, sender)
    return tuple(_link(api, rules, registration_type, linked_id) for linked_id in linked_ids)


def _link(api: Api, rules: Sequence[live_rules.AssociationRule], registration_type: str, linked_id: str) -> Link:
    try:
        found = api.call("DescribeRegistrations", RegistrationIds=[linked_id])["Registrations"]
    except ClientError as error:
        if error_code(error) not in ("ResourceNotFoundException", "ValidationException"):
            raise
        found = []
    if not found:
        raise HandlerError(
            f"linked registration {linked_id} does not exist in this account; fix {RegistrationProps.LINKED_REGISTRATION_IDS}"
        )
    linked = found[0]
    linked_type = str(linked["RegistrationType"])
    rule = live_rules.pick_registration_association(rules, linked_type)
    if rule is None:
        raise HandlerError(
            f"registration type {registration_type} supports no association with a {linked_type} registration "
            f"(DescribeRegistrationTypeDefinitions); remove {linked_id} from its {RegistrationProps.LINKED_REGISTRATION_IDS}"
        )
    if rule.association not in _KNOWN_BEHAVIOURS:
        raise HandlerError(
            f"association behaviour {rule.association} of {registration_type} with {linked_type} is not supported yet"
        )
    return Link(linked_id, linked_type, str(linked["RegistrationStatus"]) == "COMPLETE", rule)


def _require_sender_rule(
    rules: Sequence[live_rules.AssociationRule], registration_type: str, sender: SenderIdRef
) -> None:
    rule = live_rules.pick_sender_id_association(rules, sender.iso_country_code)
    if rule is None:
        raise HandlerError(
            f"registration type {registration_type} registers no sender ID in {sender.iso_country_code} "
            f"(no {live_rules.SENDER_ID} entry in DescribeRegistrationTypeDefinitions); remove {sender.key} "
            f"from its {RegistrationProps.SENDER_IDS}"
        )
    if rule.association != live_rules.ASSOCIATE_ON_APPROVAL:
        raise HandlerError(
            f"sender ID association behaviour {rule.association} of {registration_type} is not supported yet "
            f"(only {live_rules.ASSOCIATE_ON_APPROVAL}); nothing was written"
        )


def require_no_other_link(registration_id: str, links: Iterable[Link], present: Mapping[str, str]) -> None:
    """Refuse, before any write, a link to a registration of a type this one is already linked to.

    Why: the registry files a 10DLC campaign (and a vetting) under one brand, and the API has no call that
    removes an association. A campaign whose ``brand`` was edited to another brand would end up naming
    two, or be refused half-way; the honest answer is a new campaign registration for the other brand.
    ``present`` is the registration's associations, ID -> ``ResourceType`` (a linked registration's type).
    """
    for link in links:  # links not associated yet: a registration of that type that is present is another one
        others = sorted(i for i, kind in present.items() if kind == link.registration_type)
        if others:
            raise HandlerError(
                f"registration {registration_id} is already associated with {link.registration_type} {others[0]}; "
                f"it cannot be filed for {link.registration_id} as well (an association cannot be removed): "
                "revert the change, or declare a new registration for the other one; nothing was written"
            )


def associate(api: Api, registration: Mapping[str, Any], version_status: str, links: Iterable[Link]) -> tuple[str, ...]:
    """Associate each missing link that is due now: the linked registration is approved and this
    registration's state allows it (``ASSOCIATE_BEFORE_SUBMIT``: a DRAFT); returns what the others wait for.
    A retried call that had landed (``RESOURCE_ALREADY_ASSOCIATED``) is what was wanted. Nothing here changes
    what the registration reports (its status and version), so the caller need not read it again."""
    registration_id = str(registration["RegistrationId"])
    linked, waiting = 0, []
    for link in links:
        if not link.complete:
            waiting.append(link.waiting_for())
            continue
        due, waits_for = link.rule.due(registration, version_status)
        if not due:
            waiting.append(f"{waits_for} to link registration {link.registration_id}")
            continue
        try:
            api.call("CreateRegistrationAssociation", RegistrationId=registration_id, ResourceId=link.registration_id)
        except ClientError as error:
            if error_reason(error) != "RESOURCE_ALREADY_ASSOCIATED":
                raise
        linked += 1
    if linked:
        record_action("link", linked=str(linked))
    if waiting:
        record_action("link-later", pending=str(len(waiting)))
    return tuple(waiting)


def sender_id_arns(
    api: Api, registration: Mapping[str, Any], sender_ids: Sequence[SenderIdRef]
) -> tuple[dict[str, str], tuple[str, ...]]:
    """The ARNs of the configured sender IDs this registration has provisioned, and what the others wait for.

    Before approval nothing is read (the service provisions them on approval). After it, one
    ``DescribeSenderIds`` per sender ID; ``ResourceNotFoundException`` means "not provisioned yet", and
    a sender ID registered by another registration does not count.
    """
    if not sender_ids:
        return {}, ()
    registration_id = str(registration["RegistrationId"])
    approved = "ApprovedVersionNumber" in registration or registration.get("RegistrationStatus") == "COMPLETE"
    if not approved:
        return {}, (f"approval of registration {registration_id} (its sender IDs are provisioned then)",)
    arns: dict[str, str] = {}
    waiting = []
    for sender in sender_ids:
        wanted = {"SenderId": sender.sender_id, "IsoCountryCode": sender.iso_country_code}
        try:
            found = api.call("DescribeSenderIds", SenderIds=[wanted]).get("SenderIds", [])
        except ClientError as error:
            if error_code(error) != "ResourceNotFoundException":
                raise
            found = []
        ours = [s for s in found if s.get("Registered") and s.get("RegistrationId") == registration_id]
        if ours:
            arns[sender.key] = str(ours[0]["SenderIdArn"])
        else:
            waiting.append(f"provisioning of sender ID {sender.key}")
    record_action("sender-ids", provisioned=str(len(arns)), waiting=str(len(waiting)))
    return arns, tuple(waiting)
