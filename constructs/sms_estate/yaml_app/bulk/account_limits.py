"""What a config needs per account and region, against what ``DescribeAccountLimits`` allows.

Why before the deploy: a deploy that runs into the 25-number default quota fails halfway, after it
bought numbers, with the rest of a bulk rollout rolled back. Quota increases take days; the plan lists
them up front. Read-only: it calls ``DescribeAccountLimits`` once per region and nothing else.

Counting: every resource in the config counts as needed, whether or not it is already deployed (the
plan is meant for before a deploy that adds them); "in use" is the account's own count, which for an
estate already deployed includes the config's own resources, so the shortfall there is an upper
bound. Limits the API does not report are taken as the documented default of 25 and marked so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sms_estate.yaml_app.config.model import Environment

DEFAULT_LIMIT = 25
LIMIT_NAMES = ("PHONE_NUMBERS", "REGISTRATIONS", "POOLS", "CONFIGURATION_SETS", "OPT_OUT_LISTS", "SENDER_IDS")


@dataclass(frozen=True)
class LimitCheck:
    """One limit in one region: what the config needs, what the account uses and allows."""

    region: str
    name: str
    needed: int
    used: int
    maximum: int
    reported: bool  # False: the API did not report it and the documented default was assumed

    @property
    def increase(self) -> int:
        """How much to raise the limit by so the config fits next to what is in use (0 if it fits)."""
        return max(0, self.used + self.needed - self.maximum)

    @property
    def requested_maximum(self) -> int:
        return self.maximum + self.increase


def needs(environment: Environment, region: str) -> dict[str, int]:
    """What ``environment`` creates in ``region``, by limit name."""
    regional = environment.in_region(region)
    numbers = {n.name for n in regional.phone_numbers_in(region)}
    return {
        "PHONE_NUMBERS": len(numbers),
        "REGISTRATIONS": len(regional.registrations_in(region)),
        "POOLS": sum(1 for pool in regional.pools if pool.phone_numbers[0] in numbers),
        "CONFIGURATION_SETS": len(regional.configuration_sets),
        "OPT_OUT_LISTS": len(regional.opt_out_lists) + 1,  # the account's Default list counts
        "SENDER_IDS": len(regional.sender_ids),
    }


def account_limits(client: Any) -> dict[str, tuple[int, int]]:
    """``{name: (used, max)}`` from every page of ``DescribeAccountLimits``."""
    limits: dict[str, tuple[int, int]] = {}
    token: str | None = None
    while True:
        page = client.describe_account_limits(**({"NextToken": token} if token else {}))
        for item in page.get("AccountLimits", []):
            limits[str(item["Name"])] = (int(item["Used"]), int(item["Max"]))
        token = page.get("NextToken")
        if not token:
            return limits


def plan(environment: Environment, client_for: Callable[[str], Any]) -> list[LimitCheck]:
    """Every limit of every region of ``environment``; ``client_for(region)`` gives an SMS client."""
    checks = []
    for region in environment.regions:
        reported: Mapping[str, tuple[int, int]] = account_limits(client_for(region))
        for name, needed in needs(environment, region).items():
            used, maximum = reported.get(name, (0, DEFAULT_LIMIT))
            checks.append(LimitCheck(region, name, needed, used, maximum, name in reported))
    return checks
