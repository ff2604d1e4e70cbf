"""What the opt-out sync functions are told, and how: the one contract the construct and the Lambda share.

The construct (``sms_estate.messaging.opt_out_sync``) builds a :class:`SyncSettings` from the config and
writes it with :meth:`SyncSettings.environment_variables`; the functions read it back with
:meth:`SyncSettings.from_environment`. The CLI (``sms-estate opt-outs sync``) builds the same object
from the config, so the backfill and the deployed reconciler agree on table, lists and regions.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

SyncMode = Literal["realtime", "scheduled"]
SYNC_MODES: tuple[SyncMode, ...] = ("realtime", "scheduled")
DEFAULT_MODE: SyncMode = "realtime"  # the config's default: STOPs spread within seconds unless asked otherwise
DEFAULT_INTERVAL_MINUTES = 15
# The reconciler's schedule: at least this often (a shorter interval than a page pass is allowed:
# a pass spans runs), at most once an hour (the alarm fires after one interval of drift).
MIN_INTERVAL_MINUTES = 5
MAX_INTERVAL_MINUTES = 60
SETTINGS_VARIABLE = "SMS_ESTATE_OPT_OUT_SYNC"
# The functions' entry points (``sms_runtime.opt_out_sync.handler``), as templates name them: the diff tells
# the reconciler from the inbound function by these without importing the construct (and CDK).
RECONCILE_HANDLER = "sms_runtime.opt_out_sync.handler.reconcile_handler"
INBOUND_HANDLER = "sms_runtime.opt_out_sync.handler.inbound_handler"
# Where metrics go (the tracking namespace, so they sit on the existing dashboard) and their names.
# The table's TTL attribute (epoch seconds): the construct enables TTL on it; the store sets it on
# inbound-event items, which expire after SNS stops retrying.
TTL_ATTRIBUTE = "ExpiresAt"
METRIC_NAMESPACE = "SmsEstate"
METRIC_OPTED_OUT = "OptOutListCount"
METRIC_DRIFT = "OptOutListDrift"
METRIC_COPIES = "OptOutSyncCopies"
METRIC_SYNC_AGE = "OptOutSyncAgeSeconds"
DIMENSIONS = ("Environment", "OptOutList", "Region")


def table_name(environment: str) -> str:
    """The bookkeeping table's name in the home region: fixed, so every region's fast path can name it."""
    return f"sms-estate-{environment}-opt-out-sync"


def topic_name(environment: str, opt_out_list: str) -> str:
    """The two-way SNS topic of one synced list in one region (the same name in each region)."""
    return f"sms-estate-{environment}-{opt_out_list}-inbound"


@dataclass(frozen=True)
class SyncSettings:
    """One environment's sync: which lists, across which regions, kept where, run how often.

    ``home_region`` is the first region of the environment: it holds the table and runs the
    reconciler. ``topics`` maps a two-way topic *name* to its list (empty in ``scheduled`` mode).
    """

    environment: str
    account: str
    home_region: str
    regions: tuple[str, ...]
    lists: tuple[str, ...]
    mode: SyncMode = "realtime"
    interval_minutes: int = DEFAULT_INTERVAL_MINUTES
    topics: Mapping[str, str] = field(default_factory=dict)

    @property
    def table(self) -> str:
        return table_name(self.environment)

    def other_regions(self, region: str) -> tuple[str, ...]:
        return tuple(r for r in self.regions if r != region)

    def list_arn(self, region: str, opt_out_list: str) -> str:
        return f"arn:aws:sms-voice:{region}:{self.account}:opt-out-list/{opt_out_list}"

    def environment_variables(self) -> dict[str, str]:
        """The Lambda environment: one JSON variable, sorted, so templates are deterministic."""
        body = {
            "environment": self.environment,
            "account": self.account,
            "home_region": self.home_region,
            "regions": list(self.regions),
            "lists": list(self.lists),
            "mode": self.mode,
            "interval_minutes": self.interval_minutes,
            "topics": dict(sorted(self.topics.items())),
        }
        return {SETTINGS_VARIABLE: json.dumps(body, sort_keys=True, separators=(",", ":"))}

    @classmethod
    def from_environment(cls, variables: Mapping[str, str]) -> SyncSettings:
        body = json.loads(variables[SETTINGS_VARIABLE])
        mode = body["mode"]
        if mode not in SYNC_MODES:
            raise ValueError(f"{SETTINGS_VARIABLE}: unknown mode {mode!r}")
        return cls(
            environment=body["environment"],
            account=body["account"],
            home_region=body["home_region"],
            regions=tuple(body["regions"]),
            lists=tuple(body["lists"]),
            mode=mode,
            interval_minutes=int(body["interval_minutes"]),
            topics=dict(body["topics"]),
        )
