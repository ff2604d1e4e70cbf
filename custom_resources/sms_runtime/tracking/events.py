"""Which registrations an invocation should look at, from the event that started it.

Assumption (the seed guide documents the source and detail-type but not the detail): a
``Registration Status Change`` event names the registration in ``resources`` (its ARN) and/or in
``detail`` (``registrationId``/``RegistrationId``/``registrationArn``). Whatever it says about the
status is ignored; the handler re-reads the registration. An event naming nothing, and the scheduled
poll, mean "look at every registration".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SMS_SOURCE = "aws.sms-voice"
STATUS_CHANGE = "Registration Status Change"
_ID_KEYS = ("registrationId", "RegistrationId", "registration-id")
_ARN_KEYS = ("registrationArn", "RegistrationArn")


def registration_ids(event: Mapping[str, Any]) -> tuple[str, ...]:
    """Registration IDs named by a status-change event; ``()`` means poll everything."""
    if event.get("source") != SMS_SOURCE or event.get("detail-type") != STATUS_CHANGE:
        return ()
    found: list[str] = []
    detail = event.get("detail") or {}
    for key in _ID_KEYS:
        if isinstance(detail.get(key), str):
            found.append(detail[key])
    arns = [a for a in event.get("resources", []) if isinstance(a, str)]
    arns += [detail[k] for k in _ARN_KEYS if isinstance(detail.get(k), str)]
    found += [_id_from_arn(arn) for arn in arns if ":registration/" in arn]
    return tuple(dict.fromkeys(found))


def is_poll(event: Mapping[str, Any]) -> bool:
    """The scheduled backstop (or any event that names no registration): emit metrics too."""
    return not registration_ids(event)


def _id_from_arn(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]
