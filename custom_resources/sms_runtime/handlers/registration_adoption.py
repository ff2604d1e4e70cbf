"""Adopt the registration a deleted stack of the same name left behind, before creating a new one.

Why: a first deploy that fails ends in ``ROLLBACK_COMPLETE``; its registrations were retained (a
submitted or approved one is never deleted). The user deletes that stack and deploys again under the
same name. A new registration would go through review a second time (up to 15 business days for
toll-free) and, for a 10DLC brand or campaign, pay the registry's fees again, while the retained one
sits under review or approved. So ``Custom::SmsRegistration`` Create first takes back what a predecessor
left for its logical ID; ``is_complete`` then reconciles it as it reconciles every registration
(fields that differ go into a new version or the draft, a version under review is waited for, an
approved one is left alone when nothing changed): nothing is created or submitted twice.

How, at a bounded cost:

1. The predecessors (:mod:`sms_runtime.handlers.predecessors`, shared with numbers): one ``ListStacks``
   per stack and Lambda instance. None (the usual case): no other call at all.
2. For each predecessor, newest first: ``DescribeStackResource`` gives the physical ID its resource of
   this logical ID had. A registration ID there (the create got as far as ``onEvent``'s answer; a
   failure or timeout while ``isComplete`` waited reports it too) is read with one
   ``DescribeRegistrations`` and one ``ListTagsForResource``.
3. Anything else there (the Provider framework's ``CREATE_FAILED`` marker: ``onEvent`` failed after
   ``CreateRegistration``, e.g. on an attachment upload; or an ID CloudFormation made up for a create it
   cancelled) is searched: ``DescribeRegistrations`` filtered by the registration type, and tags read only
   for registrations created while that stack lived (like :func:`number_purchase.find_tagged`), so the
   tag reads do not grow with the account's older registrations.

A registration is adopted only if it still exists, is neither ``DELETED`` nor ``CLOSED`` (botocore's
``RegistrationStatus``), has the same ``RegistrationType``, and its tags name this resource: the
logical-ID tag, and the stack-name tag (which does not depend on the stack ID) or, for one created
before that tag existed, the stack-ID tag of that very predecessor. Its stack is gone, so nothing else
uses it. Registrations retained by stacks deleted more than 90 days before are not found (CloudFormation
forgets them), and neither are those of a stack of another name.

Attachments (:func:`kept_attachments`): a file is uploaded under a ``ClientToken`` of the stack ID, the
field path and the file's SHA-256, and tagged with it. An attachment the adopted registration's newest
version holds is reused when its token tag is the one the predecessor's upload of *the same file*
carried; otherwise the file is uploaded again and goes in as a changed field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from botocore.exceptions import ClientError

from sms_runtime import decision_log
from sms_runtime.handlers.number_purchase import CREATED_SKEW_SECONDS
from sms_runtime.handlers.predecessors import Predecessor, predecessors, recorded
from sms_runtime.handlers.request import CLIENT_TOKEN_TAG, LOGICAL_ID_TAG, STACK_NAME_TAG, STACK_TAG, Request
from sms_runtime.registration import field_values
from sms_runtime.sms_client import Api, error_code

_REGISTRATION_ID = re.compile(r"registration-[A-Za-z0-9]+")
# RegistrationStatus values (botocore's enum) of a registration that accepts nothing any more.
_GONE = frozenset({"DELETED", "CLOSED"})


@dataclass(frozen=True)
class Adopted:
    """The registration a predecessor left (``RegistrationInformation``), and the IDs of every deleted stack
    of this name: an attachment the registration holds may have been uploaded by any of them (a stack that
    adopted it from an older one and failed in turn reused, not uploaded)."""

    registration: Mapping[str, Any]
    predecessor_stack_ids: tuple[str, ...]

    def predecessor_requests(self, request: Request) -> tuple[Request, ...]:
        """``request`` as each predecessor sent it: the same logical ID under a deleted stack's ID (its tokens)."""
        return tuple(replace(request, stack_id=stack_id) for stack_id in self.predecessor_stack_ids)


def is_registration_id(value: str) -> bool:
    """Whether ``value`` is a ``RegistrationId`` (``registration-`` and 32 hex digits), not a marker."""
    return _REGISTRATION_ID.fullmatch(value) is not None


def adopt_retained(api: Api, request: Request, registration_type: str) -> Adopted | None:
    """The registration a deleted predecessor's resource of this logical ID retained, if it is this resource's."""
    lineage = tuple(p.stack_id for p in predecessors(api, request))
    for predecessor, physical in recorded(api, request):
        named = is_registration_id(physical)
        candidates = _named(api, physical) if named else _lived_with(api, predecessor, registration_type)
        for registration in candidates:
            if _open_of_type(registration, registration_type) and _is_this_resource(
                api, registration, request, lineage
            ):
                source = "deleted-stack-of-same-name" if named else "deleted-stack-of-same-name-by-tag"
                decision_log.record_action("adopt-retained", source=source)
                return Adopted(dict(registration), lineage)
    return None


def kept_attachments(api: Api, registration: Mapping[str, Any], tokens: Mapping[str, frozenset[str]]) -> dict[str, str]:
    """Field path -> attachment ID the adopted registration's newest version holds for the same file.

    ``tokens``: field path -> the ``ClientToken`` each predecessor's upload of the configured file would use.
    One ``DescribeRegistrationFieldValues``, one ``DescribeRegistrationAttachments`` and one
    ``ListTagsForResource`` per attachment held; nothing when nothing is configured.
    """
    if not tokens:
        return {}
    values = field_values.live_values(
        api, str(registration["RegistrationId"]), int(registration["CurrentVersionNumber"])
    )
    held = {path: value for path in tokens if isinstance(value := values.get(path), str) and value}
    if not held:
        return {}
    try:
        found = api.pages(
            "DescribeRegistrationAttachments",
            "RegistrationAttachments",
            RegistrationAttachmentIds=sorted(set(held.values())),
        )
    except ClientError as error:
        if error_code(error) == "ResourceNotFoundException":  # one was deleted: upload them again
            return {}
        raise
    usable = {str(a["RegistrationAttachmentId"]): a for a in found if a["AttachmentStatus"] == "UPLOAD_COMPLETE"}
    kept = {}
    for path, attachment_id in sorted(held.items()):
        attachment = usable.get(attachment_id)
        if (
            attachment is not None
            and _tags(api, attachment["RegistrationAttachmentArn"]).get(CLIENT_TOKEN_TAG) in tokens[path]
        ):
            kept[path] = attachment_id
    if kept:
        decision_log.record_action("keep-attachments", kept=str(len(kept)))
    return kept


def _named(api: Api, registration_id: str) -> list[dict[str, Any]]:
    """The registration CloudFormation recorded, if it still exists (one ``DescribeRegistrations``)."""
    try:
        return list(api.call("DescribeRegistrations", RegistrationIds=[registration_id])["Registrations"])
    except ClientError as error:
        if error_code(error) in ("ResourceNotFoundException", "ValidationException"):
            return []
        raise


def _lived_with(api: Api, predecessor: Predecessor, registration_type: str) -> list[dict[str, Any]]:
    """The registrations of this type created while ``predecessor`` lived: only their tags are read."""
    since = predecessor.created - CREATED_SKEW_SECONDS
    until = predecessor.deleted + CREATED_SKEW_SECONDS if predecessor.deleted else float("inf")
    found = api.pages(
        "DescribeRegistrations",
        "Registrations",
        Filters=[{"Name": "registration-type", "Values": [registration_type]}],
    )
    return [r for r in found if since <= _created(r) <= until]


def _open_of_type(registration: Mapping[str, Any], registration_type: str) -> bool:
    return registration.get("RegistrationType") == registration_type and registration["RegistrationStatus"] not in _GONE


def _is_this_resource(api: Api, registration: Mapping[str, Any], request: Request, lineage: tuple[str, ...]) -> bool:
    """The registration's tags name this logical ID, and this stack's name or the ID of a deleted stack of it."""
    found = _tags(api, registration["RegistrationArn"])
    return found.get(LOGICAL_ID_TAG) == request.logical_id and (
        found.get(STACK_NAME_TAG) == request.stack_name or found.get(STACK_TAG) in lineage
    )


def _tags(api: Api, arn: str) -> dict[str, str]:
    return {str(t["Key"]): str(t["Value"]) for t in api.call("ListTagsForResource", ResourceArn=arn).get("Tags", [])}


def _created(registration: Mapping[str, Any]) -> float:
    """``CreatedTimestamp`` as seconds since the epoch (botocore parses it into an aware datetime)."""
    created = registration["CreatedTimestamp"]
    return float(created) if isinstance(created, int | float) else float(created.timestamp())
