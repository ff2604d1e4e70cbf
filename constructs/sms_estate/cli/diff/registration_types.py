"""What the guide says each registration type costs in time and money, in the words the diff rules print.

Why a table and not one sentence: a toll-free review takes up to 15 business days, a 10DLC brand one to
two, a campaign up to four weeks, and only some types carry a registry fee. Telling a reviewer "up to 15
business days" for a campaign would be wrong by weeks. Every value quotes the SMS user guide (``../shared/
seeds/pinpoint-sms-user-guide.txt``): "10DLC registration process" (its table of expected times, and the
fees of steps 1 and 3), "10DLC brand vetting" (the $40 fee) and "Toll-free number registration" (15 business
days). Where the guide gives no amount (brand and campaign fees: "shown on the registration page") the
sentence says so instead of inventing one; the guide gives no review time for a Singapore sender ID.
The type names are also the ones ``status`` builds its chains from (``sms_estate.cli.status_report.chain``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

TOLL_FREE = "US_TOLL_FREE_REGISTRATION"
TEN_DLC_BRAND = "US_TEN_DLC_BRAND_REGISTRATION"
TEN_DLC_VETTING = "US_TEN_DLC_BRAND_VETTING"
TEN_DLC_CAMPAIGN = "US_TEN_DLC_CAMPAIGN_REGISTRATION"
SG_SENDER_ID = "SG_SENDER_ID_REGISTRATION"

_TEN_DLC_BRAND_TIME = "1-2 business days for a US company, up to 3 weeks for an international one"


@dataclass(frozen=True)
class RegistrationKind:
    """One registration type as the diff names it: words, its review time, and its registry fee if any."""

    words: str  # "10DLC campaign": what the diff calls the registration
    review: str  # how long a review takes, as the guide puts it
    fee: str = ""  # what registering it costs, as the guide puts it; "" when the guide names no registry fee
    new_version_note: str = ""  # a caveat on "a new version opens" for this type


KINDS: Mapping[str, RegistrationKind] = {
    TOLL_FREE: RegistrationKind("registration", "up to 15 business days"),
    TEN_DLC_BRAND: RegistrationKind(
        "10DLC brand",
        _TEN_DLC_BRAND_TIME,
        fee="a one-time brand registration fee, shown on the registration page (not given in the guide)",
    ),
    TEN_DLC_VETTING: RegistrationKind(
        "10DLC brand vetting", _TEN_DLC_BRAND_TIME, fee="a $40 non-refundable vetting fee"
    ),
    TEN_DLC_CAMPAIGN: RegistrationKind(
        "10DLC campaign",
        "up to 4 weeks",
        fee=(
            "a recurring monthly fee for each campaign, varying with the use case and shown on the registration"
            " page (not given in the guide)"
        ),
        new_version_note=" (a campaign still waiting for its brand's approval is a draft and changes in place)",
    ),
    SG_SENDER_ID: RegistrationKind("Singapore sender ID registration", "a time the guide does not state"),
}
_UNKNOWN = RegistrationKind("registration", "a time the guide does not state")


def kind_of(registration_type: object) -> RegistrationKind:
    """The kind of a ``RegistrationType`` property value (an unknown or missing type gets neutral words)."""
    return KINDS.get(registration_type, _UNKNOWN) if isinstance(registration_type, str) else _UNKNOWN
