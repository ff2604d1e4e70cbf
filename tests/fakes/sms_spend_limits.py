"""Part of the SMS fake (issue 19): the account's monthly spend limits, one per ``SpendLimitName``.

Rules modelled (botocore 1.44.8 and the guide): ``DescribeSpendLimits`` pages the five limits (every
member of the ``SpendLimit`` shape is required: ``Name``, ``EnforcedLimit``, ``MaxLimit``, ``Overridden``);
``Set<Kind>MessageSpendLimitOverride`` takes ``MonthlyLimit`` (0 to 1,000,000,000 in the model) and refuses
a value above the account's ``MaxLimit`` with ``ValidationException`` ``REQUESTED_SPEND_LIMIT_HIGHER_THAN_SERVICE_LIMIT``;
``Delete<Kind>MessageSpendLimitOverride`` goes back to the account's default (it succeeds with no override
too) and answers the limit now enforced. Defaults are a new account's (sandbox-like): 1 USD enforced, 100 USD
maximum; :meth:`SpendLimits.put_spend_limit` sets them for a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fakes.api_error import ApiError

SPEND_LIMIT_NAMES = {
    "TEXT": "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT",
    "VOICE": "VOICE_MESSAGE_MONTHLY_SPEND_LIMIT",
    "MEDIA": "MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT",
    "NOTIFY": "NOTIFY_MESSAGE_MONTHLY_SPEND_LIMIT",
    "RCS": "RCS_MESSAGE_MONTHLY_SPEND_LIMIT",
}
MONTHLY_LIMIT_MAX = 1_000_000_000  # the model's MonthlyLimit shape


@dataclass
class SpendLimit:
    """One kind's limit: the account default, the override if any, and the ceiling."""

    default: int = 1
    max_limit: int = 100
    override: int | None = None

    def describe(self, name: str) -> dict[str, Any]:
        enforced = self.default if self.override is None else self.override
        return {
            "Name": name,
            "EnforcedLimit": enforced,
            "MaxLimit": self.max_limit,
            "Overridden": self.override is not None,
        }


class SpendLimits:
    """Operations of this part are methods named ``_op_<snake_case action>``, as in FakeSmsApi."""

    def _init_spend_limits(self) -> None:
        """State of this part (called from FakeSmsApi.__init__)."""
        self.spend_limits: dict[str, SpendLimit] = {kind: SpendLimit() for kind in SPEND_LIMIT_NAMES}

    # ----- test hooks -------------------------------------------------------------------------

    def put_spend_limit(
        self, kind: str, *, default: int | None = None, max_limit: int | None = None, override: int | None = None
    ) -> None:
        """Set one kind's account state as a test needs it (``kind``: ``TEXT``, ``VOICE``, ...)."""
        limit = self.spend_limits[kind]
        if default is not None:
            limit.default = default
        if max_limit is not None:
            limit.max_limit = max_limit
        limit.override = override

    # ----- operations -------------------------------------------------------------------------

    def _page(self, items: list[dict[str, Any]], key: str, params: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError  # FakeSmsApi's

    def _op_describe_spend_limits(self, params: dict[str, Any]) -> dict[str, Any]:
        items = [self.spend_limits[kind].describe(name) for kind, name in SPEND_LIMIT_NAMES.items()]
        return self._page(items, "SpendLimits", params)

    def _set_spend_limit(self, kind: str, params: dict[str, Any]) -> dict[str, Any]:
        value = int(params["MonthlyLimit"])
        limit = self.spend_limits[kind]
        if not 0 <= value <= MONTHLY_LIMIT_MAX:
            raise ApiError("ValidationException", "MonthlyLimit out of range", Reason="INVALID_PARAMETER")
        if value > limit.max_limit:
            raise ApiError(
                "ValidationException",
                f"requested limit {value} is higher than the service limit {limit.max_limit}",
                Reason="REQUESTED_SPEND_LIMIT_HIGHER_THAN_SERVICE_LIMIT",
            )
        limit.override = value
        return {"MonthlyLimit": value}

    def _delete_spend_limit(self, kind: str) -> dict[str, Any]:
        limit = self.spend_limits[kind]
        limit.override = None
        return {"MonthlyLimit": limit.default}

    def _op_set_text_message_spend_limit_override(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._set_spend_limit("TEXT", params)

    def _op_set_voice_message_spend_limit_override(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._set_spend_limit("VOICE", params)

    def _op_set_media_message_spend_limit_override(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._set_spend_limit("MEDIA", params)

    def _op_set_notify_message_spend_limit_override(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._set_spend_limit("NOTIFY", params)

    def _op_set_rcs_message_spend_limit_override(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._set_spend_limit("RCS", params)

    def _op_delete_text_message_spend_limit_override(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._delete_spend_limit("TEXT")

    def _op_delete_voice_message_spend_limit_override(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._delete_spend_limit("VOICE")

    def _op_delete_media_message_spend_limit_override(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._delete_spend_limit("MEDIA")

    def _op_delete_notify_message_spend_limit_override(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._delete_spend_limit("NOTIFY")

    def _op_delete_rcs_message_spend_limit_override(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._delete_spend_limit("RCS")
