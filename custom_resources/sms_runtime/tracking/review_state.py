"""The review state: the tracker records each approval where the next ``cdk deploy`` picks it up.

Why: resources that wait for an approval (a 10DLC campaign for its brand, TEN_DLC numbers for their
campaign, a registered sender ID) complete at deploy as "waiting for approval", and CloudFormation sends
a custom resource an Update only when its properties change. The messaging stack reads this SSM String
parameter into their ``ReviewState`` property, so when its value changes, the next deploy sends them an
Update and they carry on (``sms_runtime.contract.REVIEW_STATE_PARAMETER_FORMAT``).

The value is a digest of the region's approved registrations (sorted ``<id>@<ApprovedVersionNumber>`` of
every COMPLETE one), :data:`REVIEW_STATE_INITIAL` while there is none, the value the parameter is created
with. So it changes exactly when the set of approvals does, whichever invocation computes it, and writing
it is idempotent: read first, write only when different. A failed read or write is logged and left to the
next poll, which compares again; it never stops a notification.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from botocore.exceptions import BotoCoreError, ClientError

from sms_runtime import decision_log
from sms_runtime.contract import REVIEW_STATE_INITIAL
from sms_runtime.sms_client import BudgetExhaustedError, error_code

if TYPE_CHECKING:
    from sms_runtime.sms_client import Api

APPROVED = "COMPLETE"
_DIGEST_CHARS = 16  # 64 bits: plenty to tell one set of approvals from the next
_FAILURES = (ClientError, BotoCoreError, BudgetExhaustedError)


class Registration(Protocol):
    """What the digest reads of a registration (``snapshot.RegistrationState`` and :class:`Approval` have it)."""

    @property
    def registration_id(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def approved_version(self) -> int | None: ...


@dataclass(frozen=True)
class Approval:
    """A registration's ID, status and approved version, as ``DescribeRegistrations`` lists them."""

    registration_id: str
    status: str
    approved_version: int | None


class Outcome:
    """What :meth:`ReviewState.sync_after_read` did (also the ``action`` of its decision line)."""

    DISABLED = "review-state-disabled"  # no parameter configured: no SSM call at all
    NOT_NEEDED = "review-state-not-needed"  # an event about a registration that is not approved
    WRITTEN = "review-state-written"
    UNCHANGED = "review-state-unchanged"
    FAILED = "review-state-failed"


def review_state_value(registrations: Iterable[Registration]) -> str:
    """The parameter's value for these registrations: a short digest of the approved ones."""
    approved = sorted(f"{r.registration_id}@{r.approved_version or 0}" for r in registrations if r.status == APPROVED)
    if not approved:
        return REVIEW_STATE_INITIAL
    digest = hashlib.sha256("\n".join(approved).encode()).hexdigest()[:_DIGEST_CHARS]
    return f"sha256:{digest}"


def read_approvals(api: Api) -> list[Approval]:
    """Every registration of the region, from ``DescribeRegistrations`` alone (no versions read)."""
    return [
        Approval(
            str(info["RegistrationId"]),
            str(info["RegistrationStatus"]),
            int(info["ApprovedVersionNumber"]) if info.get("ApprovedVersionNumber") else None,
        )
        for info in api.pages("DescribeRegistrations", "Registrations")
    ]


class ReviewState:
    """The parameter of one environment and region, read and written through an SSM client."""

    def __init__(self, ssm: Any, parameter_name: str) -> None:
        self._ssm, self.parameter_name = ssm, parameter_name

    def sync_after_read(self, api: Api, registrations: Sequence[Registration], *, complete: bool, trigger: str) -> str:
        """Bring the parameter up to date after the tracker read ``registrations``; returns an :class:`Outcome`.

        ``complete``: they are every registration of the region (a poll). An event about some registrations
        matters only if one of them is approved; the region's approvals are then listed (cheaply, without
        versions) for the digest. A poll always compares: that is how a failed read or write is retried.
        Logs one decision line (the parameter's name and counts, never its value).
        """
        listed: Sequence[Registration] = registrations
        error = ""
        try:
            if not complete and not any(r.status == APPROVED for r in registrations):
                outcome = Outcome.NOT_NEEDED
            else:
                listed = listed if complete else read_approvals(api)
                outcome = self._write_if_different(review_state_value(listed))
        except _FAILURES as failure:
            outcome, error = Outcome.FAILED, error_code(failure) or type(failure).__name__
        fields: dict[str, object] = {
            "action": outcome,
            "component": "registration-tracker",
            "trigger": trigger,
            "parameter": self.parameter_name,
        }
        if error:
            fields["error"] = error
        else:
            fields["approvedCount"] = sum(1 for r in listed if r.status == APPROVED)
        decision_log.write(fields)
        return outcome

    def _write_if_different(self, wanted: str) -> str:
        current = self._ssm.get_parameter(Name=self.parameter_name)["Parameter"]["Value"]
        if current == wanted:
            return Outcome.UNCHANGED
        self._ssm.put_parameter(Name=self.parameter_name, Value=wanted, Type="String", Overwrite=True)
        return Outcome.WRITTEN
