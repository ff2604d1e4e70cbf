"""Two regions of one account on one virtual clock, one synced list, and the sync's settings."""

from __future__ import annotations

from typing import Any

import pytest
from fakes.clock import VirtualClock
from fakes.regions import ACCOUNT, FakeRegions

from sms_runtime.opt_out_sync import reconcile
from sms_runtime.opt_out_sync.settings import SyncSettings, topic_name

EAST, WEST = "us-east-1", "us-west-2"
LIST = "harborline-optouts"
ENVIRONMENT = "prod"


@pytest.fixture
def regions() -> FakeRegions:
    fakes = FakeRegions((EAST, WEST), clock=VirtualClock(start=1000.0))
    fakes.create_opt_out_list(LIST)
    return fakes


@pytest.fixture
def settings() -> SyncSettings:
    return SyncSettings(
        environment=ENVIRONMENT,
        account=ACCOUNT,
        home_region=EAST,
        regions=(EAST, WEST),
        lists=(LIST,),
        topics={topic_name(ENVIRONMENT, LIST): LIST},
    )


def dynamodb(regions: FakeRegions, settings: SyncSettings) -> Any:
    """The home region's DynamoDB client (the table lives there)."""
    return regions.client("dynamodb", settings.home_region)


def topic_arn(settings: SyncSettings, region: str, opt_out_list: str = LIST) -> str:
    return f"arn:aws:sns:{region}:{settings.account}:{topic_name(settings.environment, opt_out_list)}"


def our_number(regions: FakeRegions, settings: SyncSettings, region: str) -> str:
    """A toll-free number of ``region`` on the synced list, two-way to that region's topic (as the stack sets it)."""
    return regions.two_way_number(region, LIST, topic_arn(settings, region))


def writes(regions: FakeRegions, region: str, outcome: str | None = "ok") -> list[tuple[str, str]]:
    """(action, number) of every Put/DeleteOptedOutNumber ``region`` answered (with ``outcome``)."""
    return [
        (call.action, call.params["OptedOutNumber"])
        for call in regions.api(region).calls
        if call.action in ("PutOptedOutNumber", "DeleteOptedOutNumber") and (outcome is None or call.outcome == outcome)
    ]


def sms_calls(regions: FakeRegions, region: str) -> list[str]:
    """Every opt-out list action ``region`` was sent (any outcome), in order."""
    return [call.action for call in regions.api(region).calls if "Opt" in call.action]


def reconcile_once(regions: FakeRegions, settings: SyncSettings, budget: float = 300.0) -> reconcile.RunReport:
    """One reconciler run on the fakes' clock, with a run's worth of time."""
    return reconcile.run(
        settings,
        sms=regions.sms_clients(),
        dynamodb=dynamodb(regions, settings),
        clock=regions.clock,
        budget_seconds=budget,
    )
