"""Registry fee rules: registering a 10DLC brand, vetting it, or registering a campaign costs money.

Why separate from the review rules: a reviewer approving a pull request needs to see a recurring bill
apart from a slow review, and a submitted campaign is both. The fees are the guide's ("10DLC registration
process": a one-time brand registration fee, "a recurring monthly fee for each 10DLC campaign that you
register" that "varies depending on your use case"; "10DLC brand vetting": "a $40 non-refundable fee");
amounts the guide does not give are not invented (:mod:`sms_estate.cli.diff.registration_types`).

A fee is due when the registration is *registered*, that is submitted to the registry: a new draft
(``Submit: false``) costs nothing yet, and the rule fires when ``Submit`` is turned on. A campaign whose
brand is not approved yet is submitted by a later deploy (the handler waits), but the change that asks
for it is this one, so this is where the reviewer is told.
"""

from __future__ import annotations

from collections.abc import Iterable

from sms_estate.cli.diff.checks.shared import current_properties, newly_submitted, renamed, subject
from sms_estate.cli.diff.registration_types import TEN_DLC_BRAND, TEN_DLC_CAMPAIGN, TEN_DLC_VETTING, kind_of
from sms_estate.cli.diff.rules import Check, Finding, Severity, rule
from sms_estate.cli.diff.templates import ResourceChange
from sms_runtime.contract import RegistrationProps


def _fee_when_registered(registration_type: str) -> Check:
    """A check that names the fee of ``registration_type`` when one of that type is newly submitted."""

    def check(change: ResourceChange) -> Iterable[Finding]:
        if (
            newly_submitted(change)
            and current_properties(change).get(RegistrationProps.REGISTRATION_TYPE) == registration_type
        ):
            yield Finding(f"{subject(change)} will be registered{renamed(change)}: {kind_of(registration_type).fee}")

    return check


rule(
    "SMS-C2",
    Severity.COSTLY,
    "10DLC campaign registered",
    "A 10DLC campaign is submitted: the registry charges a recurring monthly fee per campaign, by use case.",
)(_fee_when_registered(TEN_DLC_CAMPAIGN))

rule(
    "SMS-C3",
    Severity.COSTLY,
    "10DLC brand vetting registered",
    "A 10DLC brand vetting is submitted: a $40 non-refundable fee (the guide's 10DLC brand vetting).",
)(_fee_when_registered(TEN_DLC_VETTING))

rule(
    "SMS-C4",
    Severity.COSTLY,
    "10DLC brand registered",
    "A 10DLC brand is submitted: a one-time registration fee, shown on the registration page.",
)(_fee_when_registered(TEN_DLC_BRAND))
