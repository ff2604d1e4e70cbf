"""A number that must not be bought yet: its registration is not approved (issue 18, a 10DLC campaign).

Why: a 10DLC number bills monthly from the day it is requested, even while pending, and a campaign's
``SupportedAssociations`` entry for ``TEN_DLC`` numbers is ``ASSOCIATE_AFTER_COMPLETE``: the number can
only join (``RequestPhoneNumber(..., RegistrationId=...)``) once the campaign is approved, weeks later.
A deploy must not wait that long. So a number whose registration's live entry for its type and country
is ``ASSOCIATE_AFTER_COMPLETE`` or ``ASSOCIATE_ON_APPROVAL`` and not due yet is *not bought*: the
resource completes with an awaiting placeholder physical ID (:func:`awaiting_id`, never a number's ID,
so no Delete ever releases anything for it), the placeholder as its number attributes and ``WaitingFor``.

The next step. The review-state parameter changes on approval, so the next deploy sends the resource
an Update (its ``ReviewState`` changed). An Update of an awaiting placeholder decides again: still not
due, wait again; due, buy exactly as a Create would (same ``ClientToken``, same adoption of a number a
deleted stack of the same name retained). The purchase returns the number's ID, which CloudFormation
takes as a replacement: it sends a Delete for the placeholder afterwards, which changes nothing.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from sms_runtime.contract import PhoneNumberAttrs
from sms_runtime.registration import live_rules
from sms_runtime.sms_client import Api, error_code

AWAITING_PREFIX = "sms-estate:awaiting-registration:"
_WAITING_BEHAVIOURS = (live_rules.ASSOCIATE_AFTER_COMPLETE, live_rules.ASSOCIATE_ON_APPROVAL)


def awaiting_id(client_token: str) -> str:
    """The physical ID of a number not bought yet; it never looks like a ``PhoneNumberId``."""
    return AWAITING_PREFIX + client_token[:16]


def is_awaiting_id(physical_id: str) -> bool:
    return physical_id.startswith(AWAITING_PREFIX)


def waiting_for(api: Api, registration_id: str | None, number_type: str, iso_country_code: str) -> str:
    """What the purchase waits for ("" when it may go ahead now).

    "" also when there is no registration, when it cannot be read, or when its entry for this number
    is not one that waits (``ASSOCIATE_BEFORE_SUBMIT``, or none): the purchase then goes ahead as
    always, and ``RequestPhoneNumber`` itself reports what is wrong.
    """
    if not registration_id:
        return ""
    try:
        found = api.call("DescribeRegistrations", RegistrationIds=[registration_id])["Registrations"]
    except ClientError as error:
        if error_code(error) in ("ResourceNotFoundException", "ValidationException"):
            return ""
        raise
    if not found:
        return ""
    registration = found[0]
    rule = live_rules.association_behavior(api, str(registration["RegistrationType"]), number_type, iso_country_code)
    if rule is None or rule.association not in _WAITING_BEHAVIOURS:
        return ""
    due, _ = rule.due(registration, "")  # both behaviours read the registration, not its version
    return "" if due else f"approval of registration {registration_id}"


def awaiting_attributes(physical_id: str, waits_for: str) -> dict[str, str]:
    """The attributes of a number not bought: the placeholder for its ID, ARN and number, and what it waits for.

    Why the placeholder and not "": whatever reads the attributes must get a value it can store, and one
    that is plainly not a number's. The messaging stack publishes every number's ID, ARN and number as
    SSM parameters (the sender directory), and SSM refuses an empty value: "" would fail the deploy.
    """
    return {
        PhoneNumberAttrs.PHONE_NUMBER_ID: physical_id,
        PhoneNumberAttrs.PHONE_NUMBER_ARN: physical_id,
        PhoneNumberAttrs.PHONE_NUMBER: physical_id,
        PhoneNumberAttrs.WAITING_FOR: waits_for,
    }


def current_attributes(physical_id: str, registration_id: Any) -> dict[str, str]:
    """An awaiting number's attributes without a call (a rollback keeping it as it is)."""
    return awaiting_attributes(physical_id, f"approval of registration {registration_id}")
