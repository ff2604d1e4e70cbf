"""Part of the SMS fake (issue 19): protect configurations, the account default, and per-number overrides.

Rules modelled (botocore 1.44.8's shapes; the behaviour where the model is silent is our reading, marked):

- A protect configuration is CloudFormation's (``AWS::SMSVOICE::ProtectConfiguration``): tests put one with
  :meth:`ProtectSettings.put_protect_configuration`, as :meth:`FakeSmsApi.put_configuration_set` does for sets.
- ``DescribeProtectConfigurations`` reports ``AccountDefault``; an unknown ID in ``ProtectConfigurationIds`` is
  ``ResourceNotFoundException``; filters ``account-default`` and ``deletion-protection-enabled`` (values
  ``"true"``/``"false"``).
- ``SetAccountDefaultProtectConfiguration`` takes an ID or ARN; ``DeleteAccountDefaultProtectConfiguration``
  takes nothing and answers the default it removed; with no default set it is ``ResourceNotFoundException``
  (our reading: its output members are required, so there is nothing it could answer).
- ``PutProtectConfigurationRuleSetNumberOverride`` adds or replaces the override of one number (action
  ``ALLOW``/``BLOCK``, optional ``ExpirationTimestamp``; a timestamp already past is ``ValidationException``,
  our reading); ``List…`` pages them ordered by number, leaving out expired ones (the service stops applying
  them: our reading); ``Delete…`` of a number with no override is ``ResourceNotFoundException``.
- Error messages never quote a phone number (the real service's may: the handler never relays them).
"""

from __future__ import annotations

from typing import Any

from fakes.api_error import ApiError
from fakes.clock import VirtualClock

_PROTECT = "protect-configuration"


class ProtectSettings:
    """Mixed into :class:`fakes.sms_api.FakeSmsApi` (which supplies the clock, errors and paging rules)."""

    clock: VirtualClock
    region: str
    account: str
    tags: dict[str, list[dict[str, str]]]

    def _init_protect_settings(self) -> None:
        """State of this part (called from FakeSmsApi.__init__)."""
        self.protect_configurations: dict[str, dict[str, Any]] = {}
        self.account_default_protect: str | None = None
        self.number_overrides: dict[str, dict[str, dict[str, Any]]] = {}  # configuration ID -> number -> entry
        self._protect_counter = 0

    # ----- test hooks -------------------------------------------------------------------------

    def put_protect_configuration(self, protect_id: str | None = None, *, name: str | None = None) -> str:
        """A protect configuration as CloudFormation creates it (``name``: its ``Name`` tag); returns its ID."""
        if protect_id is None:
            self._protect_counter += 1
            protect_id = f"protect-{self._protect_counter:032x}"
        self.protect_configurations[protect_id] = {
            "ProtectConfigurationArn": self._protect_arn(protect_id),
            "ProtectConfigurationId": protect_id,
            "CreatedTimestamp": self.clock.epoch(),
            "DeletionProtectionEnabled": False,
        }
        self.number_overrides.setdefault(protect_id, {})
        self.tags[self._protect_arn(protect_id)] = [{"Key": "Name", "Value": name}] if name else []
        return protect_id

    def delete_protect_configuration(self, protect_id: str) -> None:
        """CloudFormation (or a person) deleting the configuration: the account loses it as its default too."""
        del self.protect_configurations[protect_id]
        self.tags.pop(self._protect_arn(protect_id), None)
        self.number_overrides.pop(protect_id, None)
        if self.account_default_protect == protect_id:
            self.account_default_protect = None

    def live_overrides(self, protect_id: str) -> dict[str, dict[str, Any]]:
        """The configuration's unexpired overrides by number, to assert on."""
        now = self.clock.epoch()
        return {
            number: dict(entry)
            for number, entry in self.number_overrides[protect_id].items()
            if entry.get("ExpirationTimestamp") is None or entry["ExpirationTimestamp"] > now
        }

    # ----- operations -------------------------------------------------------------------------

    def _protect_arn(self, protect_id: str) -> str:
        return f"arn:aws:sms-voice:{self.region}:{self.account}:{_PROTECT}/{protect_id}"

    def _protect(self, id_or_arn: str) -> dict[str, Any]:
        protect_id = id_or_arn.rpartition(f"{_PROTECT}/")[2] if id_or_arn.startswith("arn:") else id_or_arn
        found = self.protect_configurations.get(protect_id)
        if found is None:
            raise ApiError(
                "ResourceNotFoundException",
                "no such protect configuration",
                ResourceType=_PROTECT,
                ResourceId=id_or_arn,
            )
        return found

    def _protect_info(self, found: dict[str, Any]) -> dict[str, Any]:
        return {**found, "AccountDefault": found["ProtectConfigurationId"] == self.account_default_protect}

    def _op_describe_protect_configurations(self, params: dict[str, Any]) -> dict[str, Any]:
        ids = params.get("ProtectConfigurationIds")
        found = [self._protect(i) for i in ids] if ids else list(self.protect_configurations.values())
        infos = [self._protect_info(f) for f in found]
        for item in params.get("Filters") or []:
            member = {"account-default": "AccountDefault", "deletion-protection-enabled": "DeletionProtectionEnabled"}
            key = member[item["Name"]]
            infos = [i for i in infos if ("true" if i[key] else "false") in item["Values"]]
        return self._page(infos, "ProtectConfigurations", params)  # type: ignore[attr-defined, no-any-return]

    def _default_answer(self, protect_id: str) -> dict[str, Any]:
        return {
            "DefaultProtectConfigurationArn": self._protect_arn(protect_id),
            "DefaultProtectConfigurationId": protect_id,
        }

    def _op_set_account_default_protect_configuration(self, params: dict[str, Any]) -> dict[str, Any]:
        found = self._protect(params["ProtectConfigurationId"])
        self.account_default_protect = found["ProtectConfigurationId"]
        return self._default_answer(found["ProtectConfigurationId"])

    def _op_delete_account_default_protect_configuration(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.account_default_protect is None:
            raise ApiError("ResourceNotFoundException", "no account default protect configuration")
        answer = self._default_answer(self.account_default_protect)
        self.account_default_protect = None
        return answer

    def _override_answer(self, found: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
        return {
            "ProtectConfigurationArn": found["ProtectConfigurationArn"],
            "ProtectConfigurationId": found["ProtectConfigurationId"],
            **entry,
        }

    def _op_put_protect_configuration_rule_set_number_override(self, params: dict[str, Any]) -> dict[str, Any]:
        found = self._protect(params["ProtectConfigurationId"])
        expires = params.get("ExpirationTimestamp")
        if expires is not None and float(expires) <= self.clock.epoch():
            raise ApiError("ValidationException", "the expiration timestamp is in the past", Reason="INVALID_PARAMETER")
        number = params["DestinationPhoneNumber"]
        entry: dict[str, Any] = {
            "DestinationPhoneNumber": number,
            "CreatedTimestamp": self.clock.epoch(),
            "Action": params["Action"],
            "IsoCountryCode": "US" if number.startswith("+1") else "GB",
        }
        if expires is not None:
            entry["ExpirationTimestamp"] = float(expires)
        self.number_overrides[found["ProtectConfigurationId"]][number] = entry
        return self._override_answer(found, entry)

    def _op_list_protect_configuration_rule_set_number_overrides(self, params: dict[str, Any]) -> dict[str, Any]:
        found = self._protect(params["ProtectConfigurationId"])
        if params.get("Filters"):
            raise ApiError("ValidationException", "the fake does not implement these filters")
        live = self.live_overrides(found["ProtectConfigurationId"])
        page = self._page([live[n] for n in sorted(live)], "RuleSetNumberOverrides", params)  # type: ignore[attr-defined]
        return {
            "ProtectConfigurationArn": found["ProtectConfigurationArn"],
            "ProtectConfigurationId": found["ProtectConfigurationId"],
            **page,
        }

    def _op_delete_protect_configuration_rule_set_number_override(self, params: dict[str, Any]) -> dict[str, Any]:
        found = self._protect(params["ProtectConfigurationId"])
        entry = self.number_overrides[found["ProtectConfigurationId"]].pop(params["DestinationPhoneNumber"], None)
        if entry is None:
            raise ApiError("ResourceNotFoundException", "no override for this number", ResourceType=_PROTECT)
        return self._override_answer(found, entry)
