"""The spend limits section of ``status``: each kind's enforced limit, the account's maximum, and whether it is overridden.

Shown only for an environment that declares ``spend_limits`` (the limits are the account's, so another
environment in the same account would show the same numbers and a section it did not ask for). Read with
``DescribeSpendLimits`` through the handler's own reader (``sms_runtime.handlers.spend_limits.describe``),
so ``status`` and the deploy agree on what the service reports; the configured value sits next to the
enforced one, so a limit changed by hand since the last deploy shows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sms_estate.cli.status_report.table import table
from sms_runtime.handlers.spend_limits import KINDS, describe
from sms_runtime.sms_client import Api


@dataclass(frozen=True)
class SpendLimitRow:
    """One kind in one region (whole USD per month); ``configured`` is None for a kind the config leaves alone."""

    kind: str
    enforced: int
    max_limit: int
    overridden: bool
    configured: int | None

    @property
    def drifted(self) -> bool:
        """A configured kind whose enforced limit is not the configured one (changed by hand, or not deployed)."""
        return self.configured is not None and (not self.overridden or self.enforced != self.configured)


def read_spend_limits(api: Api, configured: Mapping[str, int]) -> tuple[SpendLimitRow, ...]:
    """Every kind's limit in the model's order; nothing (and no call) when the config declares no limits."""
    if not configured:
        return ()
    live = describe(api)
    return tuple(
        SpendLimitRow(
            kind.key,
            live[kind.key].enforced,
            live[kind.key].max_limit,
            live[kind.key].overridden,
            configured.get(kind.key),
        )
        for kind in KINDS
    )


def spend_limit_lines(rows: Sequence[SpendLimitRow]) -> list[str]:
    """The region's section (nothing when the config declares no limits)."""
    if not rows:
        return []
    cells = [
        [
            r.kind,
            f"{r.enforced} USD",
            f"{r.max_limit} USD",
            "yes" if r.overridden else "no",
            "-" if r.configured is None else f"{r.configured} USD",
            "differs from the config: deploy, or see who changed it" if r.drifted else "",
        ]
        for r in rows
    ]
    return [
        "",
        "Spend limits (monthly)",
        *table(["KIND", "ENFORCED", "MAX", "OVERRIDDEN", "CONFIGURED", "NOTE"], cells),
    ]


def spend_limits_as_mapping(rows: Sequence[SpendLimitRow]) -> dict[str, Any]:
    """The region's ``--json`` key, present only when the config declares limits (as the table's section)."""
    if not rows:
        return {}
    return {
        "spend_limits": [
            {
                "kind": r.kind,
                "enforced_usd": r.enforced,
                "max_usd": r.max_limit,
                "overridden": r.overridden,
                "configured_usd": r.configured,
                "differs_from_config": r.drifted,
            }
            for r in rows
        ]
    }
